"""Importers: another tracker's history (MLflow; ML Metadata where it installs) brought into
the graph as graphlineage events, through the batched writer.

Each importer maps the source's items to events with ids derived from the source's own ids
and times (see :mod:`~graphlineage.ingest.importers.common`), so importing the same history
twice writes nothing the second time, and a re-import sends only what changed.
"""
