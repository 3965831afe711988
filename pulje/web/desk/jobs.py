"""The desk's checks run one batch at a time, in a thread of their own: LibreOffice lays out
the Word files of a batch, one LibreOffice per core, so one batch already keeps a small server
busy. An upload returns at once; its page follows the progress. Batches left waiting or
half-checked when the server stopped are checked when it starts again.

The LibreOffices are kept warm (``office.WarmPool``): started when the desk's page is first
opened (or by the first batch) and kept until the server stops, so a batch does not wait for
LibreOffice to start. Where they cannot be kept warm, each batch starts cold ones
(``office.convert_to_pdf``), with the same page counts.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from pulje.diagnostics.errors import PuljeError
from pulje.diagnostics.i18n import LANGUAGES, Translator
from pulje.drafts import DeskResult, check_paths, render_desk_json
from pulje.files import write_text
from pulje.office.warmpool import WarmPool
from pulje.web.desk.batches import DONE, FAILED, RUNNING, WAITING, Batch, BatchStore
from pulje.web.desk.staging import relabel, remove, stage

log = logging.getLogger("pulje.web")
Check = Callable[..., DeskResult]
_PREWARM = ""  # not a batch id: start the LibreOffices


class Jobs:
    def __init__(self, store: BatchStore, check: Check = check_paths, *,
                 warm: bool = True) -> None:
        self.store = store
        self.check = check
        self._warm_wanted = warm
        self._pool: WarmPool | None = None
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._progress: dict[str, tuple[int, int]] = {}
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="pulje-desk", daemon=True)
        self._thread.start()
        for batch in reversed(self.store.all()):  # oldest first
            if batch.status in (WAITING, RUNNING):
                self.submit(batch.id)

    def stop(self, timeout: float = 5.0) -> None:
        if self._thread is None:
            return
        self._queue.put(None)
        self._thread.join(timeout)
        self._thread = None
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def prewarm(self) -> None:
        """Have the LibreOffices started now (someone opened the desk), so the first batch
        does not wait for them."""
        if self._warm_wanted and self._pool is None:
            self._queue.put(_PREWARM)

    def _converter(self) -> dict[str, object]:
        """The ``convert`` the check gets: the warm LibreOffices, started the first time."""
        if not self._warm_wanted:
            return {}
        if self._pool is None:
            pool = WarmPool()
            try:
                pool.start()
            except PuljeError as exc:
                pool.close()
                log.warning("the desk converts without warm LibreOffices: %s", exc)
                self._warm_wanted = False
                return {}
            self._pool = pool
        return {"convert": self._pool.convert_to_pdf}

    def submit(self, batch_id: str) -> None:
        self._queue.put(batch_id)

    def progress(self, batch: Batch) -> tuple[int, int]:
        return self._progress.get(batch.id, (batch.done, batch.total))

    def _run(self) -> None:
        while (batch_id := self._queue.get()) is not None:
            if batch_id == _PREWARM:
                self._converter()
                continue
            batch = self.store.get(batch_id)
            if batch is None or batch.status in (DONE, FAILED):
                continue
            try:
                self.run(batch)
            except Exception:  # noqa: BLE001 - one batch's failure must not stop the desk
                log.exception("the desk's check of batch %s failed", batch_id)
                batch.status, batch.error = FAILED, "internal"
                self.store.save(batch)
            finally:
                self._progress.pop(batch_id, None)

    def run(self, batch: Batch) -> None:
        """Check one batch now (in this thread) and keep its result in every language."""
        batch.status, batch.done, batch.total = RUNNING, 0, len(batch.files)
        self.store.save(batch)
        started = time.monotonic()
        staged = stage(self.store, batch)
        try:
            def progress(done: int, total: int) -> None:
                self._progress[batch.id] = (done, total)

            result = relabel(self.check(list(staged.paths), progress=progress,
                                        **self._converter()), staged)
        finally:
            remove(staged)
        write_results(self.store, batch, result)
        batch.status, batch.seconds = DONE, round(time.monotonic() - started, 2)
        batch.done = batch.total = len(result.files)
        self.store.save(batch)


def write_results(store: BatchStore, batch: Batch, result: DeskResult,
                  languages: Sequence[str] = LANGUAGES) -> list[Path]:
    """The check's JSON (``pulje check --format json``) in each language."""
    return [write_text(store.result_path(batch, lang),
                       render_desk_json(result, Translator(lang)), overwrite=True)
            for lang in languages]
