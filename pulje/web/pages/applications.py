"""The project leader's applications: the list of drafts (one's own; the project office sees
all), the rounds to choose from (the pools' rounds with deadline, days left, who may apply and
the page limit, as ``pulje.pools`` gives them), starting a new application on the server, and
continuing one from a Word form (or an answer file) uploaded.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from pulje.answers.loader import load_text
from pulje.answers.starter import starter_text
from pulje.diagnostics import Diagnostic
from pulje.diagnostics.errors import PuljeError
from pulje.diagnostics.i18n import LANGUAGES, N_, Translator
from pulje.diagnostics.report import SEVERITY_WORDS, error_text, message_text
from pulje.pools import Pool, Runde, all_pools, load_pool
from pulje.web.config import SKRIVER
from pulje.web.handlers import State, Web, action, field_text, page, uploaded_files
from pulje.web.pages import drafting
from pulje.web.templating import NavItem

UPLOAD_FIELD = "fil"
_HERE = ZoneInfo("Europe/Copenhagen")
#: Who may apply, as the rounds' data writes it (``ansoegere``).
APPLICANTS = {"kommune": N_("municipalities"), "a-kasse": N_("unemployment funds"),
              "bred": N_("a broad circle")}


def setup(state: State) -> None:
    drafting.setup(state)


def start(state: State) -> None:
    drafting.gauge(state).start()


def stop(state: State) -> None:
    drafting.gauge(state).stop()


# --- the list of applications ---------------------------------------------------------------

def _list_page(web: Web, *, error: str = "", findings: list[dict[str, str]] | None = None,
               status: int = 200) -> Response:
    drafts = [d for d in drafting.store(web).all() if drafting.may_see(web, d)]
    jobs = drafting.gauge(web)
    rows = []
    for draft in drafts:
        measured = jobs.result(draft.id)
        rows.append({"draft": draft, "pages": measured.pages if measured is not None
                     and measured.version == draft.version else None,
                     "limit": measured.limit if measured is not None else None,
                     "pool": _pool_name(draft.pulje)})
    return web.render("drafts.html", status=status, rows=rows, error=error,
                      findings=findings or [], field=UPLOAD_FIELD, limits=web.config.limits)


def _pool_name(pool_id: str) -> str:
    try:
        return load_pool(pool_id).navn
    except PuljeError:
        return pool_id


@page(role=SKRIVER)
def drafts_page(web: Web) -> Response:
    return _list_page(web)


# --- choosing a round -----------------------------------------------------------------------

@dataclass
class RoundRow:
    pool: Pool
    runde: Runde
    deadline: str
    days: int | None
    applicants: list[str]

    @property
    def open(self) -> bool:
        return self.days is None or self.days >= 0


def today() -> date:
    return datetime.now(_HERE).date()


def round_rows(tr: Translator) -> list[RoundRow]:
    """Every round of every pool: the open ones by deadline first, then those with no
    deadline given, then the closed ones (the newest first)."""
    rows = []
    now = today()
    for pool in all_pools():
        for runde in pool.runder:
            deadline, days = "", None
            if runde.frist is not None:
                deadline = tr.date(runde.frist.dato)
                if runde.frist.tid is not None:
                    deadline += " " + tr.format(N_("at {time}"),
                                                {"time": runde.frist.tid.strftime("%H.%M")})
                days = (runde.frist.dato - now).days
            rows.append(RoundRow(pool, runde, deadline, days,
                                 [tr.gettext(APPLICANTS.get(a, a)) for a in runde.ansoegere]))

    def order(row: RoundRow) -> tuple[int, int, str]:
        if row.days is None:
            return (1, 0, row.pool.navn)
        if row.days >= 0:
            return (0, row.days, row.pool.navn)
        return (2, -row.days, row.pool.navn)

    return sorted(rows, key=order)


@page(role=SKRIVER)
def rounds_page(web: Web) -> Response:
    try:
        rows = round_rows(web.tr)
    except PuljeError as exc:
        return web.error(500, N_("The pools cannot be read"), error_text(exc, web.tr))
    return web.render("rounds.html", rows=rows)


@action(role=SKRIVER)
def start_draft(web: Web) -> Response:
    pool_id = field_text(web, "pulje", 200)
    runde_id = field_text(web, "runde", 200)
    try:
        pool = load_pool(pool_id)
        runde = pool.runde(runde_id)
    except PuljeError:
        return web.error(400, N_("No such round"),
                         N_("The pool or round chosen is not one pulje knows."),
                         N_("Choose the round again from the list."))
    draft = drafting.store(web).new(drafting.user_name(web), pool.id, runde.id,
                                    starter_text(pool, runde))
    return web.redirect("draft", draft=draft.id)


# --- continuing from a Word form or an answer file -----------------------------------------

@dataclass
class Read:
    """What an uploaded Word form or answer file gave: its pool, round and answers, and what
    the reading found (DOC findings, in each language)."""

    pool: Pool | None = None
    runde: Runde | None = None
    data: dict[str, Any] | None = None
    diagnostics: list[Diagnostic] | None = None
    error: str = ""  # a msgid: why nothing could be taken


def notes_of(diagnostics: list[Diagnostic], file_name: str) -> dict[str, Any]:
    """The findings of a reading, as the form page shows them (in each language)."""
    out: dict[str, Any] = {"file": file_name}
    for lang in LANGUAGES:
        tr = Translator(lang)
        out[lang] = [[d.severity.value, tr.gettext(SEVERITY_WORDS[d.severity]), d.code,
                      " ".join(filter(None, message_text(d, tr)))] for d in diagnostics]
    return out


def read_upload(web: Web) -> tuple[Read, str]:
    """The uploaded file read (a Word form with pulje's controls, or an answer file); its name
    is only ever shown."""
    from pulje.drafts.reader import read_draft

    files = uploaded_files(web, UPLOAD_FIELD)
    if len(files) != 1:
        return Read(error=N_("Choose one Word form (.docx) or answer file (.yaml).")), ""
    upload = files[0]
    shown = upload.filename or ""
    suffix = Path(shown).suffix.lower()
    if suffix == ".xlsx":
        return Read(error=N_("A budget workbook cannot be read by itself: upload the Word "
                             "form, which carries the budget in pulje's own part.")), shown
    if suffix not in (".docx", ".yaml", ".yml"):
        return Read(error=N_("Choose one Word form (.docx) or answer file (.yaml).")), shown
    work = Path(tempfile.mkdtemp(prefix="pulje-web-indlaes-"))
    try:
        target = work / f"upload{suffix}"  # the uploaded name never becomes a path
        with target.open("xb") as out:
            shutil.copyfileobj(upload.file, out, 1 << 20)
        if suffix == ".docx":
            draft = read_draft(target, shown)
            return Read(draft.pool, draft.runde, draft.data, list(draft.diagnostics)), shown
        raw = target.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return Read(error=N_("The answer file is not UTF-8 text.")), shown
        loaded = load_text(text, shown)
        if not isinstance(loaded.data, dict) or loaded.runde is None:
            return Read(diagnostics=list(loaded.diagnostics),
                        error=N_("The answer file does not say which pool and round it is "
                                 "for, or cannot be read.")), shown
        return Read(loaded.pool, loaded.runde, dict(loaded.data), []), shown
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _findings(diagnostics: list[Diagnostic] | None, tr: Translator) -> list[dict[str, str]]:
    out = []
    for d in diagnostics or []:
        message, hint = message_text(d, tr)
        out.append({"code": d.code, "severity": d.severity.value,
                    "severity_text": tr.gettext(SEVERITY_WORDS[d.severity]),
                    "message": message, "hint": hint})
    return out


def _upload_refused(web: Web, message: str) -> Response:
    return _list_page(web, error=message, status=413)


@action(role=SKRIVER, upload=True, invalid=_upload_refused)
def upload_new(web: Web) -> Response:
    read, shown = read_upload(web)
    if read.data is None or read.pool is None or read.runde is None:
        message = web.tr.gettext(read.error or N_(
            "Nothing could be read from the file: it has no answers from pulje's form."))
        return _list_page(web, error=message, findings=_findings(read.diagnostics, web.tr),
                          status=400)
    data = read.data
    text = drafting.answers_text(read.pool, read.runde, data)
    draft = drafting.store(web).new(drafting.user_name(web), read.pool.id, read.runde.id,
                                    text, drafting.title_of(data),
                                    notes=notes_of(read.diagnostics or [], shown))
    return web.redirect("draft", draft=draft.id)


ROUTES: list[BaseRoute] = [
    Route("/ansoegninger", drafts_page, name="drafts", methods=["GET"]),
    Route("/ansoegninger/ny", rounds_page, name="draft_rounds", methods=["GET"]),
    Route("/ansoegninger/ny", start_draft, name="draft_start", methods=["POST"]),
    Route("/ansoegninger/indlaes", upload_new, name="draft_upload", methods=["POST"]),
]
NAV = [NavItem(N_("Applications"), "drafts", SKRIVER,
               N_("Write an application in the browser: choose a round, fill in the form, "
                  "see its findings and pages as you go."))]
