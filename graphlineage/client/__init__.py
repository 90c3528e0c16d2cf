"""The client: :class:`Lineage`, the front door of graphlineage (see :mod:`.lineage`), with
its bulk paths in :mod:`.bulk`."""

from graphlineage.client.lineage import Lineage

__all__ = ["Lineage"]
