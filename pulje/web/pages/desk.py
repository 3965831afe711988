"""The project office's desk: upload drafts, see the ``pulje check`` table, open a file's
findings, download the findings as JSON or CSV.

Everyone logged in may check drafts; a batch is shown only to whoever uploaded it, and to the
project office (kontor).
"""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from pulje.diagnostics.i18n import N_
from pulje.diagnostics.model import Severity
from pulje.diagnostics.report import SEVERITY_WORDS
from pulje.web.config import KONTOR, SKRIVER
from pulje.web.desk import export
from pulje.web.desk.batches import DONE, FAILED, RUNNING, WAITING, Batch, BatchStore
from pulje.web.desk.jobs import Jobs
from pulje.web.desk.uploads import Receiver, Upload
from pulje.web.handlers import State, Web, action, page, uploaded_files
from pulje.web.templating import NavItem

FIELD = "filer"
_SEVERITIES = {s.value: SEVERITY_WORDS[s] for s in Severity}
_RANK = {Severity.FEJL.value: 0, Severity.ADVARSEL.value: 1, Severity.INFO.value: 2}
_BATCH_WORDS = {WAITING: N_("waiting"), RUNNING: N_("being checked"), DONE: N_("done"),
                FAILED: N_("failed")}


def setup(state: State) -> None:
    batches = BatchStore(state.config.data_dir)
    state.services["desk.batches"] = batches
    state.services["desk.jobs"] = Jobs(batches)


def start(state: State) -> None:
    limits = state.config.limits
    _batches(state).prune(limits.retention_days, limits.max_batches)
    _jobs(state).start()


def stop(state: State) -> None:
    _jobs(state).stop()


def _batches(state: State) -> BatchStore:
    found: BatchStore = state.services["desk.batches"]
    return found


def _jobs(state: State) -> Jobs:
    found: Jobs = state.services["desk.jobs"]
    return found


def _owner(web: Web) -> str:
    return web.identity.name if web.identity is not None else ""


def _visible(web: Web, batch: Batch) -> bool:
    who = web.identity
    return who is not None and (who.role == KONTOR or batch.owner == who.name)


def _batch(web: Web) -> Batch | None:
    batch = _batches(web.state).get(str(web.request.path_params.get("batch", "")))
    return batch if batch is not None and _visible(web, batch) else None


def _gone(web: Web) -> Response:
    return web.error(404, N_("No such check"),
                     N_("There is no check at this address that you may see. Checks are kept "
                        "for {days} days."),
                     N_("Upload the drafts again on the desk."),
                     days=web.config.limits.retention_days)


def _result(web: Web, batch: Batch) -> dict[str, Any] | None:
    if batch.status != DONE:
        return None
    try:
        text = _batches(web.state).result_path(batch, web.lang).read_text(encoding="utf-8")
        return export.load(text)
    except (OSError, ValueError):
        return None


# --- the desk: upload form and the batches ---------------------------------------------------

def _desk_page(web: Web, error: str = "", status: int = 200) -> Response:
    batches = [b for b in _batches(web.state).all() if _visible(web, b)]
    return web.render("desk.html", status=status, batches=batches, error=error,
                      field=FIELD, limits=web.config.limits, batch_words=_BATCH_WORDS)


@page(role=SKRIVER)
def desk(web: Web) -> Response:
    _jobs(web.state).prewarm()  # a batch is likely to follow: have LibreOffice ready for it
    return _desk_page(web)


def _upload_refused(web: Web, message: str) -> Response:
    return _desk_page(web, error=message, status=413)


@action(role=SKRIVER, upload=True, invalid=_upload_refused)
def upload(web: Web) -> Response:
    files = uploaded_files(web, FIELD)
    if not files:
        return _desk_page(web, status=400, error=web.tr.gettext(
            "Choose one or more files (Word, PDF, Excel, answer files or a zip of them)."))
    store = _batches(web.state)
    limits = web.config.limits
    store.prune(limits.retention_days, limits.max_batches)
    batch = store.new(_owner(web))
    try:
        Receiver(store, batch, limits.max_files).add(
            Upload(f.filename or "", f.file) for f in files)
        store.save(batch)
    except BaseException:
        store.delete(batch)
        raise
    _jobs(web.state).submit(batch.id)
    return web.redirect("desk_batch", batch=batch.id)


# --- one batch -------------------------------------------------------------------------------

@page(role=SKRIVER)
def batch_page(web: Web) -> Response:
    batch = _batch(web)
    if batch is None:
        return _gone(web)
    done, total = _jobs(web.state).progress(batch)
    return web.render("batch.html", batch=batch, result=_result(web, batch), done=done,
                      total=total, failed=batch.status == FAILED)


@page(role=SKRIVER)
def batch_status(web: Web) -> Response:
    batch = _batch(web)
    if batch is None:
        return JSONResponse({"status": "ukendt"}, status_code=404)
    done, total = _jobs(web.state).progress(batch)
    text = (web.tr.format(N_("Checked {done} of {total} files …"), {"done": done, "total": total})
            if batch.status != DONE else web.tr.gettext("The check is done."))
    return JSONResponse({"status": batch.status, "done": done, "total": total, "text": text})


@page(role=SKRIVER)
def file_page(web: Web) -> Response:
    batch = _batch(web)
    result = _result(web, batch) if batch is not None else None
    number = int(web.request.path_params["number"])
    if batch is None or result is None or not 1 <= number <= len(result["filer"]):
        return _gone(web)
    row = dict(result["filer"][number - 1])
    # errors first, then warnings, then notes; each kind in the check's order
    row["diagnostics"] = sorted(row["diagnostics"], key=lambda d: _RANK.get(d["severity"], 3))
    return web.render("file.html", batch=batch, row=row, number=number,
                      count=len(result["filer"]), severities=_SEVERITIES)


@page(role=SKRIVER)
def findings_json(web: Web) -> Response:
    batch = _batch(web)
    result = _result(web, batch) if batch is not None else None
    if batch is None or result is None:
        return _gone(web)
    return Response(json.dumps(result, ensure_ascii=False, indent=2) + "\n",
                    media_type="application/json; charset=utf-8",
                    headers=_attachment(f"pulje-check-{batch.id[:8]}.json"))


@page(role=SKRIVER)
def findings_csv(web: Web) -> Response:
    batch = _batch(web)
    result = _result(web, batch) if batch is not None else None
    if batch is None or result is None:
        return _gone(web)
    return Response(export.to_csv(result, web.lang), media_type="text/csv; charset=utf-8",
                    headers=_attachment(f"pulje-check-{batch.id[:8]}.csv"))


def _attachment(name: str) -> dict[str, str]:
    return {"content-disposition": f'attachment; filename="{name}"'}


@action(role=SKRIVER)
def delete_batch(web: Web) -> Response:
    batch = _batch(web)
    if batch is None:
        return _gone(web)
    if batch.status not in (DONE, FAILED):
        return web.error(409, N_("The check is still running"),
                         N_("A check cannot be removed while it runs."),
                         N_("Wait until it is done, then remove it."))
    _batches(web.state).delete(batch)
    return web.redirect("desk")


ROUTES: list[BaseRoute] = [
    Route("/skrivebord", desk, name="desk", methods=["GET"]),
    Route("/skrivebord", upload, name="desk_upload", methods=["POST"]),
    Route("/skrivebord/{batch:str}", batch_page, name="desk_batch", methods=["GET"]),
    Route("/skrivebord/{batch:str}/status", batch_status, name="desk_status", methods=["GET"]),
    Route("/skrivebord/{batch:str}/fil/{number:int}", file_page, name="desk_file",
          methods=["GET"]),
    Route("/skrivebord/{batch:str}/fund.json", findings_json, name="desk_json",
          methods=["GET"]),
    Route("/skrivebord/{batch:str}/fund.csv", findings_csv, name="desk_csv", methods=["GET"]),
    Route("/skrivebord/{batch:str}/slet", delete_batch, name="desk_delete", methods=["POST"]),
]
NAV = [NavItem(N_("Desk"), "desk", SKRIVER,
               N_("Check many drafts at once: Word, PDF, Excel, answer files or a zip of "
                  "them."))]
