"""What the commands after the application share: reading the answer file, a new output
folder per record, Word → PDF, a record archived as a package linked to its application, and
the portfolio.

Every record is written into a new folder ``outputs/<answer file>/<kind>-<time>/`` (or ``-o``,
which must not exist), made in a hidden work folder beside it and renamed into place when it
is whole; nothing a user has is ever replaced. What is archived is that folder with a
``manifest.json`` whose ``art`` names the record (``pulje.archive.manifest``): the archive's
key links it to the application's own entries.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pulje.answers.loader import LoadedApplication, load_application
from pulje.archive import Archive, write_manifest
from pulje.diagnostics import N_, Diagnostic, Translator, has_errors, render_text
from pulje.diagnostics.errors import PuljeError
from pulje.diagnostics.version import pulje_version
from pulje.files import write_bytes
from pulje.files.hashing import sha256_bytes
from pulje.office import ConversionFailure, convert_to_pdf, count_pages
from pulje.portfolio import Portfolio, open_portfolio
from pulje.report.workflow import default_out_dir

#: The Danish formats of the portfolio's and the archive's texts ("23. august 2016",
#: "1.800.000,00 kr.").
DA = Translator("da")


class LifecycleError(PuljeError):
    """Raised when a command after the application cannot do what was asked; ``diagnostics``
    say where, when an input file is the reason."""

    def __init__(self, message: str, hint: str = "", diagnostics: list[Diagnostic] | None = None,
                 **params: Any) -> None:
        super().__init__(message, hint, **params)
        self.diagnostics = list(diagnostics or [])

    def text(self, tr: Translator) -> str:
        """The findings that are the reason (with their places), then the message."""
        own = PuljeError.text(self, tr)
        return f"{render_text(self.diagnostics, tr)}\n{own}" if self.diagnostics else own


def load(application: Path) -> LoadedApplication:
    """The answer file, whole: its model is needed (a file with SCH errors cannot be used)."""
    loaded = load_application(Path(application))
    if loaded.model is None or loaded.pool is None or loaded.runde is None or has_errors(
            loaded.diagnostics):
        raise LifecycleError(
            N_("{file} cannot be read into an application: it has errors."),
            N_("Run 'pulje validate {file}' and correct the errors first."),
            diagnostics=loaded.diagnostics, file=str(application))
    return loaded


def now() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)


@dataclass
class Output:
    """A record's new folder, being written; ``files`` by key as they are added."""

    folder: Path
    work: Path
    files: dict[str, Path] = field(default_factory=dict)

    def add(self, key: str, name: str, data: bytes) -> Path:
        path = write_bytes(self.work / name, data)
        self.files[key] = path
        return path

    def pdfs(self, keys: Iterable[str], *, timeout: float = 120) -> dict[str, int | None]:
        """Make a PDF of each of these .docx files (one LibreOffice run per core); their pages."""
        sources = {key: self.files[key] for key in keys}
        converted = convert_to_pdf(list(sources.values()), self.work, timeout=timeout)
        pages: dict[str, int | None] = {}
        for key, source in sources.items():
            made = converted[source]
            if isinstance(made, ConversionFailure):
                raise LifecycleError(made.reason, made.hint, **dict(made.params))
            self.files[f"{key}.pdf"] = made
            pages[key] = count_pages(made)
        return pages


@contextlib.contextmanager
def output(application: Path, kind: str, when: datetime, out_dir: Path | None
           ) -> Iterator[Output]:
    """A new folder for a record: ``out_dir`` (must not exist) or
    ``outputs/<stem>/<kind>-<time>`` (with -2, -3 … if taken); written whole or not at all."""
    if out_dir is not None:
        target = Path(out_dir)
        if os.path.lexists(target):
            raise LifecycleError(N_("{folder} exists already; pulje does not write into it."),
                                 N_("Choose a new folder with -o."), folder=str(target))
    else:
        base = default_out_dir(Path(application)) / f"{kind}-{when:%Y%m%d-%H%M%S}"
        target = base
        n = 2
        while os.path.lexists(target):
            target = base.with_name(f"{base.name}-{n}")
            n += 1
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        work = target.parent / f".{target.name}.pulje-tmp"
        work.mkdir()
    except OSError as exc:
        raise LifecycleError(N_("The folder {folder} cannot be written: {reason}."),
                             N_("Check that you may write there and that the disk is not full."),
                             folder=str(target.parent), reason=exc.strerror or str(exc)) from None
    out = Output(target, work)
    placed = False
    try:
        yield out
        os.rename(work, target)
        placed = True
        out.files = {k: target / p.name for k, p in out.files.items()}
    except OSError as exc:
        raise LifecycleError(N_("The folder {folder} cannot be written: {reason}."),
                             N_("Check that you may write there and that the disk is not full."),
                             folder=str(target), reason=exc.strerror or str(exc)) from None
    finally:
        if not placed:
            shutil.rmtree(work, ignore_errors=True)


def archive_record(out: Output, loaded: LoadedApplication, facts: Mapping[str, str],
                   art: str, when: datetime, *, archive_root: Path | None, sider: int,
                   template: bytes, documents: list[dict[str, Any]],
                   extra: Mapping[str, Any] | None = None) -> str:
    """Write the record's manifest into its (placed) folder and archive the folder; the
    entry's ID."""
    write_manifest(
        out.folder, pulje=facts["pulje"], runde=facts["runde"], kommune=facts["kommune"],
        projekt=facts["projekt"], beloeb=Decimal(facts.get("beloeb") or "0"), sider=sider,
        skabelon_sha256=sha256_bytes(template), tidspunkt=when, version=pulje_version(),
        dokumenter=documents,
        extra={"art": art, "pulje_navn": loaded.pool.navn if loaded.pool else None,
               "svarfil": Path(str(loaded.file)).name, **(extra or {})})
    portfolio = open_portfolio(archive_root)
    return Archive(portfolio.root).add(out.folder).entry.id


def portfolio_for(loaded: LoadedApplication, archive_root: Path | None
                  ) -> tuple[Portfolio, str, dict[str, Any]]:
    """The portfolio, the application's key in it (added if new) and its facts."""
    portfolio = open_portfolio(archive_root)
    row = portfolio.track(loaded)
    return portfolio, row.app_key, portfolio.key_of(loaded)[1]
