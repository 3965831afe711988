"""An application's documents: build them (final, or a draft marked UDKAST) as ``pulje build``
does, download what was built, and — the project office — submit it as ``pulje submit`` does
(the round's package, the e-mail draft, the zip, the archive entry) and download the package
and the e-mail draft.

Whoever may see a draft may build it; only the project office (kontor) submits.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Route

from pulje.diagnostics import Diagnostic, has_errors
from pulje.diagnostics.errors import PuljeError
from pulje.diagnostics.i18n import LANGUAGES, Translator
from pulje.diagnostics.report import SEVERITY_WORDS, error_text, message_text, sort_key
from pulje.files import write_text
from pulje.web.config import KONTOR, SKRIVER
from pulje.web.editor.store import Draft
from pulje.web.handlers import Web, action, field_text, page
from pulje.web.pages import drafting
from pulje.web.templating import NavItem

WORK, BUILT, RECORD, SUBMITTED = "dokumenter", "ud", "byg.json", "indsendelser.json"
_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()
_NAME = re.compile(r"^[\w.-]{1,200}$")


def _lock(draft: Draft) -> threading.Lock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(draft.id, threading.Lock())


def _folder(web: Web, draft: Draft) -> Path:
    return drafting.store(web).folder(draft.id) / WORK


def _texts(diagnostics: list[Diagnostic]) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for lang in LANGUAGES:
        tr = Translator(lang)
        out[lang] = []
        for d in sorted(diagnostics, key=sort_key):
            message, hint = message_text(d, tr)
            out[lang].append({"code": d.code, "severity": d.severity.value,
                              "severity_text": tr.gettext(SEVERITY_WORDS[d.severity]),
                              "message": message, "hint": hint})
    return out


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _application(web: Web, opened: drafting.Opened, where: Path) -> Path:
    """The draft's current answer file, as a file for the engine (named after the project)."""
    where.mkdir(parents=True, exist_ok=True)
    path = where / opened.file_name
    write_text(path, opened.text, overwrite=True)
    return path


# --- the page ---------------------------------------------------------------------------------

def _page(web: Web, draft: Draft, *, error: str = "", status: int = 200) -> Response:
    folder = _folder(web, draft)
    built = _read_json(folder / RECORD)
    submitted = _read_json(folder / SUBMITTED) or []
    return web.render("documents.html", status=status, draft=draft, built=built,
                      submitted=list(reversed(submitted)), error=error,
                      may_submit=web.identity is not None and web.identity.role == KONTOR)


@page(role=SKRIVER)
def documents_page(web: Web) -> Response:
    draft = drafting.visible(web)
    if draft is None:
        return drafting.gone(web)
    return _page(web, draft)


@action(role=SKRIVER)
def build_action(web: Web) -> Response:
    from pulje.report.workflow import build

    draft = drafting.visible(web)
    opened = drafting.open_draft(web, draft) if draft is not None else None
    if draft is None or opened is None:
        return drafting.gone(web)
    as_draft = field_text(web, "udgave", 20) == "udkast"
    folder = _folder(web, draft)
    with _lock(draft):
        fresh = folder / f"{BUILT}-{secrets.token_hex(4)}"
        try:
            application = _application(web, opened, folder / "svar")
            result = build(application, fresh, draft=as_draft, force=True)
        except PuljeError as exc:
            shutil.rmtree(fresh, ignore_errors=True)
            return _page(web, draft, error=error_text(exc, web.tr), status=500)
        record: dict[str, Any] = {
            "version": draft.version, "udkast": as_draft, "written": result.written,
            "pages": result.pages, "limit": result.limit,
            "time": datetime.now().astimezone().isoformat(timespec="seconds"),
            "by": drafting.user_name(web), "findings": _texts(result.diagnostics),
            "errors": has_errors(result.diagnostics), "files": [],
        }
        if result.written:
            target = folder / BUILT
            shutil.rmtree(target, ignore_errors=True)
            fresh.rename(target)
            record["files"] = sorted(p.name for p in target.iterdir() if p.is_file())
        else:
            shutil.rmtree(fresh, ignore_errors=True)
            previous = _read_json(folder / RECORD)
            if previous and previous.get("written"):
                record["files"] = previous.get("files", [])
                record["kept"] = previous.get("version")
        write_text(folder / RECORD, json.dumps(record, ensure_ascii=False), overwrite=True)
    return web.redirect("draft_documents", draft=draft.id)


@page(role=SKRIVER)
def built_file(web: Web) -> Response:
    draft = drafting.visible(web)
    if draft is None:
        return drafting.gone(web)
    wanted = str(web.request.path_params["file"])
    built = _read_json(_folder(web, draft) / RECORD) or {}
    path = _folder(web, draft) / BUILT / wanted
    # only a name the build recorded, never a path from the address
    if not _NAME.fullmatch(wanted) or wanted not in built.get("files", []) or not path.is_file():
        return drafting.gone(web)
    return FileResponse(path, filename=wanted)


# --- submitting (the project office) ------------------------------------------------------------

@action(role=KONTOR)
def submit_action(web: Web) -> Response:
    from pulje.submission import submit

    draft = drafting.visible(web)
    opened = drafting.open_draft(web, draft) if draft is not None else None
    if draft is None or opened is None:
        return drafting.gone(web)
    folder = _folder(web, draft)
    with _lock(draft):
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = folder / "indsendelse" / f"indsendelse-{stamp}-{secrets.token_hex(2)}"
        try:
            application = _application(web, opened, folder / "svar")
            result = submit(application, out_dir=target,
                            archive_root=web.state.services["archive.root"])
        except PuljeError as exc:
            return _page(web, draft, error=error_text(exc, web.tr), status=500)
        if result.refused:
            texts = _texts(result.diagnostics).get(web.lang, [])
            return web.render("documents.html", status=400, draft=draft,
                              built=_read_json(folder / RECORD),
                              submitted=list(reversed(_read_json(folder / SUBMITTED) or [])),
                              error=web.tr.gettext("The application was not submitted: it "
                                                   "has errors, or is over the page limit."),
                              refused=texts, may_submit=True)
        records = _read_json(folder / SUBMITTED) or []
        records.append({
            "version": draft.version, "time": (result.time or datetime.now()).isoformat(),
            "by": drafting.user_name(web), "folder": target.name,
            "zip": result.zip.name if result.zip else None,
            "eml": result.eml.name if result.eml else None,
            "archive": result.archived.entry.id if result.archived else None,
            "to": result.to, "cc": result.cc, "subject": result.subject,
            "pages": result.pages, "limit": result.limit,
        })
        write_text(folder / SUBMITTED, json.dumps(records, ensure_ascii=False), overwrite=True)
    return web.redirect("draft_documents", draft=draft.id)


@page(role=SKRIVER)
def submitted_file(web: Web) -> Response:
    draft = drafting.visible(web)
    if draft is None:
        return drafting.gone(web)
    number = int(web.request.path_params["number"])
    kind = str(web.request.path_params["kind"])
    records = _read_json(_folder(web, draft) / SUBMITTED) or []
    if not 1 <= number <= len(records) or kind not in ("zip", "eml"):
        return drafting.gone(web)
    record = records[number - 1]
    base = _folder(web, draft) / "indsendelse"
    name = record.get(kind)
    if not name or not _NAME.fullmatch(str(record.get("folder", ""))) or not _NAME.fullmatch(
            str(name)):
        return drafting.gone(web)
    path = base / f"{record['folder']}.zip" if kind == "zip" else \
        base / record["folder"] / name
    if not path.is_file():
        return drafting.gone(web)
    media = "application/zip" if kind == "zip" else "message/rfc822"
    return FileResponse(path, media_type=media, filename=path.name)


ROUTES: list[BaseRoute] = [
    Route("/ansoegninger/{draft:str}/dokumenter", documents_page, name="draft_documents",
          methods=["GET"]),
    Route("/ansoegninger/{draft:str}/byg", build_action, name="draft_build", methods=["POST"]),
    Route("/ansoegninger/{draft:str}/fil/{file:str}", built_file, name="draft_file",
          methods=["GET"]),
    Route("/ansoegninger/{draft:str}/indsend", submit_action, name="draft_submit",
          methods=["POST"]),
    Route("/ansoegninger/{draft:str}/indsendelse/{number:int}/{kind:str}", submitted_file,
          name="draft_submitted", methods=["GET"]),
]
NAV: list[NavItem] = []
