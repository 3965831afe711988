"""Warm LibreOffices side by side, one per core, for a server that checks batches of drafts.

``pulje check`` starts a cold LibreOffice per core for each batch (about a second each before
the first page); a server keeps them: ``WarmPool`` holds one ``WarmOffice`` per core, started
once, and converts a batch by handing each document to whichever is free. ``convert_to_pdf``
keeps the contract of ``convert.convert_to_pdf`` (same PDF names, same failures, the PDF cache
before and after, ``on_result`` as each document is done), so the desk can use either.

Each ``WarmOffice`` converts one document at a time, in a LibreOffice of its own (private
profile), loading, exporting and closing it as ``--convert-to`` does; its page counts are held
to the cold ones by ``tests/office/test_office_determinism.py``. Where LibreOffice cannot be
kept warm (no UNO here, or it will not start), the documents left over are converted cold.
"""

from __future__ import annotations

import logging
import os
import queue
import shutil
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

from pulje.office import pdfcache
from pulje.office.convert import (
    HINT_NOT_SAVED,
    MSG_NOT_SAVED,
    ConversionFailure,
    OnResult,
    Outcome,
    _free_name,
    convert_to_pdf,
    find_soffice,
    staging_folder,
    workers_for,
)
from pulje.office.warm import WarmOffice, WarmUnavailable

log = logging.getLogger("pulje.office")


class WarmPool:
    """``size`` warm LibreOffices (default: one per core); thread-safe; ``close`` stops them."""

    def __init__(self, size: int | None = None, *, timeout: float = 120,
                 recycle_after: int = 500) -> None:
        self.size = max(1, size if size is not None else workers_for(2 * (os.cpu_count() or 1)))
        self.timeout = timeout
        self._free: queue.SimpleQueue[WarmOffice] = queue.SimpleQueue()
        self._offices = [WarmOffice(timeout=timeout, recycle_after=recycle_after)
                         for _ in range(self.size)]
        for office in self._offices:
            self._free.put(office)
        self._batch = threading.Lock()  # one batch at a time gets every LibreOffice
        self.unavailable = False

    def start(self) -> None:
        """Start every LibreOffice now, side by side (``WarmUnavailable`` if one cannot)."""
        failures: list[BaseException] = []

        def one(office: WarmOffice) -> None:
            try:
                office.start()
            except WarmUnavailable as exc:
                failures.append(exc)

        threads = [threading.Thread(target=one, args=(o,), daemon=True) for o in self._offices]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if failures:
            self.unavailable = True
            raise failures[0]

    def close(self) -> None:
        for office in self._offices:
            office.close()

    def __enter__(self) -> WarmPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def convert_to_pdf(
        self, sources: Sequence[Path], outdir: Path, *, timeout: float | None = None,
        workers: int | None = None, on_result: OnResult | None = None,
    ) -> dict[Path, Outcome]:
        """As ``convert.convert_to_pdf``, with the warm LibreOffices (``workers`` is ignored:
        every one of them works)."""
        unique = list(dict.fromkeys(sources))
        if not unique:
            return {}
        tell = on_result or (lambda source, outcome: None)
        limit = timeout or self.timeout
        if self.unavailable:
            return convert_to_pdf(unique, outdir, timeout=limit, on_result=tell)
        taken: set[str] = set()
        targets = {s: outdir / _free_name(s.stem or "dokument", taken) for s in unique}
        staging = staging_folder(outdir, ".pulje-pool-")
        results: dict[Path, Outcome] = {}
        cold: list[Path] = []
        lock = threading.Lock()
        cache = pdfcache.open_cache(find_soffice())
        todo: queue.SimpleQueue[Path] = queue.SimpleQueue()
        for source in unique:
            todo.put(source)

        def finish(source: Path, outcome: Outcome) -> None:
            with lock:
                results[source] = outcome
            tell(source, outcome)

        def work(number: int) -> None:
            office = self._free.get()
            try:
                while True:
                    try:
                        source = todo.get_nowait()
                    except queue.Empty:
                        return
                    try:
                        # The document's bytes hashed once: to look in the cache, and to store
                        key = cache.key(source) if cache is not None else None
                        if cache is not None and key is not None and cache.fetch(
                                key, targets[source]):
                            finish(source, targets[source])
                            continue
                        done = not self.unavailable and _warm_one(
                            office, source, targets[source], staging / str(number), limit,
                            cache if key is not None else None, key, finish)
                    except Exception:  # noqa: BLE001 - the cold way still converts it
                        log.exception("the warm LibreOffice failed on %s", source)
                        done = False
                    if not done:
                        self.unavailable = True
                        with lock:
                            cold.append(source)
            finally:
                self._free.put(office)

        try:
            with self._batch:
                threads = [threading.Thread(target=work, args=(n,), daemon=True)
                           for n in range(min(self.size, len(unique)))]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        if cold:  # LibreOffice could not be kept warm: these go the cold way
            results.update(convert_to_pdf(cold, outdir, timeout=limit, on_result=tell))
        return {source: results[source] for source in unique}


def _warm_one(office: WarmOffice, source: Path, target: Path, folder: Path, timeout: float,
              cache: pdfcache.PdfCache | None, key: str | None, finish: OnResult) -> bool:
    """One document through one warm LibreOffice, its PDF renamed to ``target``; False when
    LibreOffice cannot be kept warm (the document is then left for the cold way)."""
    folder.mkdir(parents=True, exist_ok=True)
    own = Path(tempfile.mkdtemp(dir=folder))
    try:
        try:
            outcome = office.convert_to_pdf([source], own, timeout=timeout)[source]
        except WarmUnavailable:
            return False
        if isinstance(outcome, Path):
            try:
                os.replace(outcome, target)
            except OSError as exc:
                params = {"file": str(source), "pdf": target.name}
                outcome = ConversionFailure(source, MSG_NOT_SAVED, params, HINT_NOT_SAVED,
                                            str(exc))
            else:
                outcome = target
                if cache is not None and key is not None:
                    cache.store(key, target)
        finish(source, outcome)
        return True
    finally:
        shutil.rmtree(own, ignore_errors=True)
