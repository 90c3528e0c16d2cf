"""The bulk paths into the graph, as methods of the client: OpenLineage events, event files,
offline journals, MLflow and ML Metadata histories, and Marquez's read API over the graph.
Each hands the store to its module in :mod:`graphlineage.ingest` or
:mod:`graphlineage.capture.sync`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphlineage.capture.sync import SyncReport, sync
from graphlineage.core.events import Event
from graphlineage.core.limits import DEFAULT_BATCH
from graphlineage.graph.store import Store
from graphlineage.graph.writer import Writer
from graphlineage.ingest import event_files, ol_events, openlineage
from graphlineage.query.marquez import MarquezApi

if TYPE_CHECKING:
    from graphlineage.ingest.importers.common import ImportReport


class BulkPaths:
    """Bulk ingest and import methods over ``self.store``."""

    @property
    def store(self) -> Store:
        raise NotImplementedError

    @property
    def marquez(self) -> MarquezApi:
        """Marquez's read API over this graph (what ``serve`` answers on Marquez's routes)."""
        return MarquezApi(self.store)

    def ingest_openlineage(
        self, items: Iterable[tuple[int, Any]], label: str = "line",
        advance: Callable[[int], None] = lambda count: None,
    ) -> openlineage.IngestReport:  # fmt: skip
        """Ingest numbered OpenLineage events (as :func:`~graphlineage.ingest.openlineage.
        read_events` reads them), in batches; the invalid and refused ones are reported."""
        return openlineage.ingest_lines(self.store, items, label, advance)

    def ingest_openlineage_events(
        self, events: Sequence[ol_events.OLEvent]
    ) -> list[str | None]:
        """Write parsed OpenLineage events in one batch; for each, None or why it was refused."""
        return openlineage.ingest_events(self.store, events)

    def import_events(
        self, lines: Iterable[tuple[int, Event | str, int]],
        advance: Callable[[int, int], None] = lambda events, size: None,
        batch_size: int = DEFAULT_BATCH,
    ) -> event_files.ImportReport:  # fmt: skip
        """Write graphlineage events read from a file (journal format), batch by batch."""
        return event_files.import_events(Writer(self.store, batch_size), lines, advance,
                                         batch_size)  # fmt: skip

    def import_mlflow(
        self, tracking_uri: str | None = None, experiments: Sequence[str] | None = None,
        since: datetime | None = None, *, registry: bool = True,
        advance: Callable[[int], None] = lambda count: None,
        batch_size: int = DEFAULT_BATCH,
    ) -> ImportReport:  # fmt: skip
        """Import MLflow's history (runs, datasets, logged models, the model registry) from
        ``tracking_uri``; importing again writes only what changed (see
        :mod:`~graphlineage.ingest.importers.mlflow`). Needs the ``mlflow`` extra."""
        from graphlineage.ingest.importers import mlflow

        return mlflow.import_runs(self.store, tracking_uri, experiments, since,
                                  registry=registry, advance=advance,
                                  batch_size=batch_size)  # fmt: skip

    def import_mlmd(
        self, sqlite: str | Path | None = None, mysql: Any = None, *, project: str = "mlmd",
        since: datetime | None = None, advance: Callable[[int], None] = lambda count: None,
        batch_size: int = DEFAULT_BATCH,
    ) -> ImportReport:  # fmt: skip
        """Import an ML Metadata store (Kubeflow Pipelines, TFX): a SQLite file, or ``mysql``
        (an :class:`~graphlineage.ingest.importers.mlmd.MySQL`). Importing again writes only
        what changed (see :mod:`~graphlineage.ingest.importers.mlmd`). Needs the ``mlmd``
        extra."""
        from graphlineage.ingest.importers import mlmd

        return mlmd.import_store(self.store, sqlite, mysql, project=project, since=since,
                                 advance=advance, batch_size=batch_size)  # fmt: skip

    def sync(
        self, path: Path, include_synced: bool = False,
        advance: Callable[[int], None] = lambda count: None,
    ) -> list[SyncReport]:  # fmt: skip
        """Replay the offline journals at ``path`` (see :mod:`~graphlineage.capture.sync`)."""
        return sync(self.store, path, include_synced, advance)
