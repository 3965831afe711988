"""The archive of submitted applications: search and list (the filters of ``pulje archive
list``), one entry with its files, verify (all or one), download an entry's package as a zip;
the project office may also add a package (``pulje archive add``).

Everyone logged in may read; only the project office (kontor) adds.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from starlette.background import BackgroundTask
from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Route

from pulje.archive import Archive, ArchiveError, UnknownEntry, locate, zip_package
from pulje.archive.rows import plain
from pulje.diagnostics import has_errors
from pulje.diagnostics.errors import PuljeError
from pulje.diagnostics.i18n import N_
from pulje.diagnostics.model import Severity
from pulje.diagnostics.report import SEVERITY_WORDS, error_text, message_text, place, sort_key
from pulje.web.config import KONTOR, SKRIVER
from pulje.web.handlers import State, Web, action, field_text, page, uploaded_files
from pulje.web.templating import NavItem

ADD_FIELD = "pakke"


def setup(state: State) -> None:
    located = locate(state.config.archive_root)
    state.services["archive.root"] = located.root
    state.services["archive.notices"] = located.notices


def _archive(web: Web) -> Archive:
    return Archive(web.state.services["archive.root"])


def _failed(web: Web, exc: PuljeError, status: int = 500) -> Response:
    tr = web.tr
    return web.render("error.html", status=status, title=tr.gettext("The archive"),
                      message=error_text(exc, tr), hint="")


def _pools() -> list[tuple[str, str]]:
    from pulje.pools import all_pools

    try:
        return [(p.id, p.navn) for p in all_pools()]
    except PuljeError:
        return []


def _filters(web: Web) -> dict[str, Any]:
    q = web.request.query_params
    year = q.get("aar", "").strip()
    return {
        "pool": q.get("pulje", "").strip()[:100] or None,
        "kommune": q.get("kommune", "").strip()[:100] or None,
        "year": int(year) if year.isdigit() and len(year) == 4 else None,
        "text": q.get("tekst", "").strip()[:200] or None,
        "year_error": bool(year) and not (year.isdigit() and len(year) == 4),
    }


def _list_page(web: Web, *, error: str = "", status: int = 200) -> Response:
    filters = _filters(web)
    try:
        entries = _archive(web).list(pool=filters["pool"], kommune=filters["kommune"],
                                     year=filters["year"], text=filters["text"])
    except ArchiveError as exc:
        return _failed(web, exc)
    return web.render("archive.html", status=status, entries=entries, filters=filters,
                      pools=_pools(), error=error, add_field=ADD_FIELD, plain=plain,
                      damaged=list(entries.damaged))


@page(role=SKRIVER)
def archive_list(web: Web) -> Response:
    return _list_page(web)


@page(role=SKRIVER)
def archive_entry(web: Web) -> Response:
    entry_id = str(web.request.path_params["entry"])[:100]
    try:
        detail = _archive(web).show(entry_id)
    except UnknownEntry as exc:
        return _failed(web, exc, 404)
    except ArchiveError as exc:
        return _failed(web, exc)
    return web.render("archive_entry.html", detail=detail, plain=plain)


def _findings(web: Web, found: list[Any]) -> list[dict[str, str]]:
    tr = web.tr
    out = []
    for d in sorted(found, key=sort_key):
        message, hint = message_text(d, tr)
        out.append({"place": place(d, tr), "code": d.code, "severity": d.severity.value,
                    "severity_text": tr.gettext(SEVERITY_WORDS[Severity(d.severity)]),
                    "message": message, "hint": hint})
    return out


@action(role=SKRIVER)
def archive_verify(web: Web) -> Response:
    entry_id = field_text(web, "id", 100).strip()
    try:
        found = _archive(web).verify([entry_id] if entry_id else None)
    except ArchiveError as exc:
        return _failed(web, exc)
    return web.render("archive_verify.html", entry_id=entry_id, findings=_findings(web, found),
                      ok=not has_errors(found), status=200)


@page(role=SKRIVER)
def archive_export(web: Web) -> Response:
    entry_id = str(web.request.path_params["entry"])[:100]
    work = Path(tempfile.mkdtemp(prefix="pulje-web-export-"))
    try:
        archive = _archive(web)
        detail = archive.show(entry_id)
        archive.export(detail.entry.id, work / "pakke")
        target = zip_package(work / "pakke", work / f"{detail.entry.id}.zip")
    except UnknownEntry as exc:
        shutil.rmtree(work, ignore_errors=True)
        return _failed(web, exc, 404)
    except PuljeError as exc:
        shutil.rmtree(work, ignore_errors=True)
        return _failed(web, exc)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return FileResponse(target, media_type="application/zip", filename=target.name,
                        background=BackgroundTask(shutil.rmtree, work, ignore_errors=True))


def _add_refused(web: Web, message: str) -> Response:
    return _list_page(web, error=message, status=413)


@action(role=KONTOR, upload=True, invalid=_add_refused)
def archive_add(web: Web) -> Response:
    files = uploaded_files(web, ADD_FIELD)
    if len(files) != 1:
        return _list_page(web, status=400, error=web.tr.gettext(
            "Choose one submission package (the .zip that pulje submit made)."))
    work = Path(tempfile.mkdtemp(prefix="pulje-web-add-"))
    try:
        package = work / "pakke.zip"  # the uploaded name is never a path
        with package.open("xb") as out:
            shutil.copyfileobj(files[0].file, out, 1 << 20)
        try:
            result = _archive(web).add(package)
        except PuljeError as exc:
            return _list_page(web, status=400, error=error_text(exc, web.tr))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return web.redirect("archive_entry", query={"tilfoejet": "ny" if result.created else "kendt"},
                        entry=result.entry.id)


ROUTES: list[BaseRoute] = [
    Route("/arkiv", archive_list, name="archive", methods=["GET"]),
    Route("/arkiv/kontrol", archive_verify, name="archive_verify", methods=["POST"]),
    Route("/arkiv/tilfoej", archive_add, name="archive_add", methods=["POST"]),
    Route("/arkiv/{entry:str}", archive_entry, name="archive_entry", methods=["GET"]),
    Route("/arkiv/{entry:str}/pakke.zip", archive_export, name="archive_export",
          methods=["GET"]),
]
NAV = [NavItem(N_("Archive"), "archive", SKRIVER,
               N_("What was submitted: search, show, verify and download."))]
