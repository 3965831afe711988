"""The form of one application: drawn from the round's form data, saved on the server (a
version a save; with the script, a moment after each change), the findings of ``pulje
validate`` beside the fields they concern, the page gauge, and the answers as an answer file,
a Word form or a budget workbook to download; a Word form (or answer file) uploaded into it.

Without the script the form is one plain POST of every field: the server saves it and shows
it again with its findings. With it (``static/ansoegning.js``) the same POST is sent in the
background (``Accept: application/json``), the findings and the gauge are updated in place.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from starlette.background import BackgroundTask
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from pulje.answers.loader import LoadedApplication, load_text
from pulje.checks.contact import kommuner
from pulje.checks.registry import APPLIED
from pulje.diagnostics.errors import PuljeError
from pulje.diagnostics.i18n import N_, Translator
from pulje.diagnostics.report import counts_text, error_text
from pulje.web.config import SKRIVER
from pulje.web.editor import fields, view
from pulje.web.editor.findings import (
    Finding,
    by_block,
    by_field,
    checked,
    counts,
    of_gauge,
    place,
)
from pulje.web.editor.gauge import BLOCKED, FAILED, Measured
from pulje.web.editor.merge import Change, merge
from pulje.web.editor.names import Posted, name
from pulje.web.editor.store import Conflict, Draft
from pulje.web.handlers import Web, action, page
from pulje.web.pages import drafting
from pulje.web.pages.applications import UPLOAD_FIELD, notes_of, read_upload
from pulje.web.templating import NavItem, when

#: The whole form of an application is large (the budget's cells); its free texts longer.
FORM_FIELDS = 6000
FORM_BYTES = 8 * 1024 * 1024
PART_BYTES = 1024 * 1024
HANDLING = "handling"


# --- what the page shows --------------------------------------------------------------------

def gauge_state(web: Web, draft: Draft) -> dict[str, Any]:
    """The page gauge of the draft's current version, as the page and the script show it;
    asks for a count when there is none of the current version under way."""
    jobs = drafting.gauge(web)
    measured = jobs.result(draft.id)
    pending = jobs.pending(draft.id)
    if (measured is None or measured.version < draft.version) and (
            pending is None or pending < draft.version):
        jobs.request(draft.id, draft.version)
        pending = draft.version
    current = measured is not None and measured.version == draft.version
    tr = web.tr
    out: dict[str, Any] = {"version": draft.version, "current": current,
                           "busy": not current, "pages": None, "limit": None,
                           "sections": [], "findings": [], "state": "",
                           "measured": measured.version if measured else None}
    if measured is not None:
        out.update(state=measured.state, pages=measured.pages, limit=measured.limit,
                   sections=measured.sections, seconds=measured.seconds, warm=measured.warm,
                   findings=measured.findings.get(web.lang, []))
    out["text"] = _gauge_text(tr, measured, current)
    out["over"] = bool(out["pages"] and out["limit"] and out["pages"] > out["limit"])
    return out


def _gauge_text(tr: Translator, measured: Measured | None, current: bool) -> str:
    if measured is None:
        return tr.gettext("Counting the pages …")
    if measured.state == BLOCKED:
        text = tr.gettext("The pages cannot be counted until the errors in the fields are "
                          "corrected.")
        return text if current else tr.gettext("Counting the pages …")
    if measured.state == FAILED and measured.pages is None:
        if measured.at_least is not None and measured.limit is not None:
            return tr.format(N_("At least {pages} pages: more than the {limit} allowed."),
                             {"pages": measured.at_least, "limit": measured.limit})
        return tr.gettext("The pages could not be counted.")
    pages, limit = measured.pages, measured.limit
    if limit is None:
        found = tr.format(N_("{pages} pages (the round has no page limit)"), {"pages": pages})
    elif pages is not None and pages > limit:
        found = tr.format(N_("{pages} of {limit} pages: {excess} too many"),
                          {"pages": pages, "limit": limit, "excess": pages - limit})
    else:
        found = tr.format(N_("{pages} of {limit} pages"), {"pages": pages, "limit": limit})
    if current:
        return found
    return tr.format(N_("Counting the pages … (before the last change: {count})"),
                     {"count": found})


def _number(value: Any) -> Decimal | None:
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return Decimal(value)
    found = fields.read("beloeb", value) if isinstance(value, str) else None
    return found if isinstance(found, Decimal) else None


def budget_totals(opened: drafting.Opened, data: dict[str, Any]) -> list[dict[str, Any]]:
    """Each budget table's total (by its descriptor's ``amount``: the line's amount, else the
    product of its two cells), the need it leaves, and the amount applied for beside it.
    Feedback as one types; the rules (BUD001–BUD003) are the truth."""
    out = []
    for item in fields.items(opened.runde.form):
        if item.widget.template != "budget":
            continue
        totals: dict[str, Decimal] = {}
        for table in item.widget.attrs["tables"]:
            amount = table.get("amount") or []
            total = Decimal("0.00")
            rows = fields.value_at(data, (*item.path, table["key"]))
            for row in rows if isinstance(rows, list) else []:
                if not isinstance(row, dict) or not amount:
                    continue
                value = _number(row.get(amount[0]))
                if value is None and len(amount) == 3:
                    a, b = _number(row.get(amount[1])), _number(row.get(amount[2]))
                    value = a * b if a is not None and b is not None else None
                total += value or Decimal("0.00")
            totals[table["key"]] = total.quantize(Decimal("0.01"))
        keys = list(totals)
        need = totals[keys[0]] - sum((totals[k] for k in keys[1:]), Decimal("0.00")) \
            if keys else None
        applied = _number(fields.value_at(data, APPLIED)) if opened.runde.form.has(
            ".".join(APPLIED)) else None
        out.append({"name": name(item.path), "totals": totals, "need": need,
                    "applied": applied, "applied_field": name(APPLIED) if applied is not None
                    or opened.runde.form.has(".".join(APPLIED)) else ""})
    return out


#: Where the summary's PAG findings lead: the page gauge's heading.
GAUGE_TARGET = "sider-overskrift"


def with_gauge(found: list[Finding], gauge: dict[str, Any]) -> list[Finding]:
    """The findings of validate and, once the gauge has counted the current version, its PAG
    findings (the page limit is an error of the application as ``pulje build`` says)."""
    return found + of_gauge(gauge["findings"], GAUGE_TARGET) if gauge["current"] else found


def _findings_json(findings: list[Finding]) -> dict[str, Any]:
    return {"findings": [f.to_json() for f in findings], "counts": counts(findings)}


def render_form(web: Web, opened: drafting.Opened, *, data: dict[str, Any] | None = None,
                extra_rows: dict[str, int] | None = None, status: int = 200,
                changes: list[Change] | None = None, conflict: Draft | None = None,
                version: int | None = None, saved: bool = False) -> Response:
    shown = opened.data if data is None else data
    text = opened.text if data is None else drafting.answers_text(opened.pool,
                                                                  opened.runde, shown)
    sections, layout = view.build(opened.runde.form, opened.facts, shown, extra_rows, web.tr)
    _loaded, diagnostics = checked(text, opened.file_name)
    draft = opened.draft
    gauge = gauge_state(web, draft)
    found = with_gauge(place(diagnostics, layout, web.tr), gauge)
    notes = draft.notes.get(web.lang, []) if draft.notes.get("version") == draft.version \
        else []
    drafting.gauge(web).prewarm()
    return web.render(
        "draft.html", status=status, draft=draft, opened=opened, sections=sections,
        findings=found, blocks=by_block(found), marked=by_field(found),
        counts=counts(found), summary=_summary(web.tr, counts(found)), gauge=gauge,
        notes=notes,
        notes_file=draft.notes.get("file", ""), totals=budget_totals(opened, shown),
        changes=changes or [], conflict=conflict, version=version or draft.version,
        saved=saved, handling=HANDLING, upload_field=UPLOAD_FIELD,
        title=draft.title or web.tr.gettext("New application"), when=when,
        kommuner=sorted(set(kommuner().values())),
        kroner=lambda v: web.tr.kroner(v) if v is not None else "–")


@page(role=SKRIVER)
def draft_page(web: Web) -> Response:
    draft = drafting.visible(web)
    opened = drafting.open_draft(web, draft) if draft is not None else None
    if draft is None or opened is None:
        return drafting.gone(web)
    saved = web.request.query_params.get("gemt") == str(draft.version)
    return render_form(web, opened, saved=saved)


# --- saving -----------------------------------------------------------------------------------

def _too_large(web: Web, message: str) -> Response:
    if "application/json" in web.request.headers.get("accept", ""):
        return JSONResponse({"error": message}, status_code=413)
    return web.error(413, N_("The form could not be saved"), message,
                     N_("Shorten the longest answers, or download the answer file and "
                        "continue in it."))


def _wants_json(web: Web) -> bool:
    return "application/json" in web.request.headers.get("accept", "")


@action(role=SKRIVER, fields=FORM_FIELDS, form_bytes=FORM_BYTES, part_bytes=PART_BYTES,
        invalid=_too_large)
def save(web: Web) -> Response:
    draft = drafting.visible(web)
    if draft is None:
        return _gone_json(web) if _wants_json(web) else drafting.gone(web)
    posted = Posted.of(web.form)
    base_text = posted.get("version") or ""
    base = int(base_text) if base_text.isdigit() and len(base_text) < 10 else 0
    handling = posted.get(HANDLING) or ""
    extra: dict[str, int] = {}
    if handling.startswith(view.REMOVE + ":"):
        posted.drop(handling.split(":", 1)[1])
    elif handling.startswith(view.ADD + ":"):
        extra[handling.split(":", 1)[1]] = 1
    opened = drafting.open_draft(web, draft, base) or drafting.open_draft(web, draft)
    if opened is None:
        return drafting.gone(web)
    data = fields.parse(opened.runde.form, opened.facts, posted, opened.data)
    text = drafting.answers_text(opened.pool, opened.runde, data)
    store = drafting.store(web)
    try:
        draft, made = store.save(draft.id, base, text, drafting.user_name(web),
                                 drafting.title_of(data))
    except Conflict as refused:
        return _conflict(web, refused, opened, data)
    except KeyError:
        return drafting.gone(web)
    if made:
        drafting.gauge(web).request(draft.id, draft.version)
    current = drafting.open_draft(web, draft)
    assert current is not None
    if _wants_json(web):
        return JSONResponse(_saved_json(web, current, made))
    if extra:  # a row added without the script: shown, not saved until it holds something
        return render_form(web, current, extra_rows=extra, saved=made)
    return web.redirect("draft", query={"gemt": draft.version}, draft=draft.id)


def _validated(web: Web, opened: drafting.Opened, gauge: dict[str, Any]) -> dict[str, Any]:
    """The version's findings (validate's and the gauge's) and the summary's words."""
    _sections, layout = view.build(opened.runde.form, opened.facts, opened.data, None, web.tr)
    _loaded, diagnostics = checked(opened.text, opened.file_name)
    found = with_gauge(place(diagnostics, layout, web.tr), gauge)
    return {**_findings_json(found), "summary": _summary(web.tr, counts(found))}


def _saved_json(web: Web, opened: drafting.Opened, made: bool) -> dict[str, Any]:
    draft = opened.draft
    tr = web.tr
    gauge = gauge_state(web, draft)
    return {
        "version": draft.version, "made": made,
        "saved": tr.format(N_("Saved: version {version}, {time}"),
                           {"version": draft.version, "time": when(draft.saved_at)}),
        **_validated(web, opened, gauge),
        "totals": [{"name": t["name"], "totals": {k: str(v) for k, v in t["totals"].items()},
                    "need": str(t["need"]) if t["need"] is not None else None}
                   for t in budget_totals(opened, opened.data)],
        "gauge": gauge,
    }


def _summary(tr: Translator, found: dict[str, int]) -> str:
    if not any(found.values()):
        return tr.gettext("No findings: pulje validate finds nothing to correct.")
    return counts_text(found["fejl"], found["advarsel"], found["info"], tr)


def _gone_json(web: Web) -> Response:
    return JSONResponse({"error": web.tr.gettext(
        "There is no application at this address that you may see.")}, status_code=404)


def _conflict(web: Web, refused: Conflict, opened: drafting.Opened,
              data: dict[str, Any]) -> Response:
    current = drafting.open_draft(web, refused.draft)
    if current is None:
        return drafting.gone(web)
    # compared as answer files' data, so that equal answers are equal values
    mine = drafting.data_of(drafting.answers_text(opened.pool, opened.runde, data))
    merged, changes = merge(current.runde.form, opened.data, current.data, mine)
    after = refused.draft.since(refused.base)
    by = ", ".join(dict.fromkeys(s.by or web.tr.gettext("the local user") for s in after))
    if _wants_json(web):
        tr = web.tr
        return JSONResponse({
            "conflict": True, "version": refused.draft.version,
            "message": tr.format(N_("{who} saved the application while you were editing it "
                                    "(version {version}). Nothing of yours was saved."),
                                 {"who": by, "version": refused.draft.version}),
            "changes": [{"section": c.section, "question": c.question, "theirs": c.theirs,
                         "both": c.both} for c in changes],
        }, status_code=409)
    return render_form(web, current, data=merged, status=409, changes=changes,
                       conflict=refused.draft, version=refused.draft.version)


# --- the gauge --------------------------------------------------------------------------------

@page(role=SKRIVER)
def gauge_json(web: Web) -> Response:
    draft = drafting.visible(web)
    if draft is None:
        return _gone_json(web)
    state = gauge_state(web, draft)
    opened = drafting.open_draft(web, draft) if state["current"] else None
    if opened is not None:  # counted: the findings box counts the page limit's findings too
        state["validation"] = _validated(web, opened, state)
    return JSONResponse(state)


# --- downloads ----------------------------------------------------------------------------------

def _attachment(name_: str) -> dict[str, str]:
    return {"content-disposition": f'attachment; filename="{name_}"'}


@page(role=SKRIVER)
def answers_file(web: Web) -> Response:
    draft = drafting.visible(web)
    opened = drafting.open_draft(web, draft) if draft is not None else None
    if opened is None:
        return drafting.gone(web)
    return Response(opened.text, media_type="application/yaml; charset=utf-8",
                    headers=_attachment(opened.file_name))


def _made(web: Web, suffix: str, media: str,
          make: Callable[[LoadedApplication, Path], None]) -> Response:
    draft = drafting.visible(web)
    opened = drafting.open_draft(web, draft) if draft is not None else None
    if opened is None:
        return drafting.gone(web)
    loaded = load_text(opened.text, opened.file_name)
    if loaded.model is None:
        return web.error(409, N_("The document cannot be made yet"),
                         N_("Some answers are values the form cannot hold (they are marked "
                            "as errors in the form)."),
                         N_("Correct them, then download again."))
    work = Path(tempfile.mkdtemp(prefix="pulje-web-hent-"))
    target = work / (opened.file_name.removesuffix(".yaml") + suffix)
    try:
        make(loaded, target)
    except PuljeError as exc:
        shutil.rmtree(work, ignore_errors=True)
        return web.render("error.html", status=500, title=web.tr.gettext(
            "The document cannot be made yet"), message=error_text(exc, web.tr), hint="")
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return FileResponse(target, media_type=media, filename=target.name,
                        background=BackgroundTask(shutil.rmtree, work, ignore_errors=True))


@page(role=SKRIVER)
def word_form(web: Web) -> Response:
    """The Word form with the answers and pulje's part (as ``pulje build`` makes it, without
    UDKAST): it can be edited in Word and uploaded again."""
    from pulje.documents.form import render_draft

    def make(loaded: LoadedApplication, target: Path) -> None:
        render_draft(loaded, target)

    return _made(web, ".docx", "application/vnd.openxmlformats-officedocument."
                 "wordprocessingml.document", make)


@page(role=SKRIVER)
def budget_workbook(web: Web) -> Response:
    from pulje.documents.budget_xlsx import render_budget_xlsx

    return _made(web, "-budget.xlsx",
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 render_budget_xlsx)


# --- a Word form (or answer file) uploaded into the draft ------------------------------------

def _upload_refused(web: Web, message: str) -> Response:
    return web.error(413, N_("The file could not be read"), message)


@action(role=SKRIVER, upload=True, invalid=_upload_refused)
def upload_into(web: Web) -> Response:
    draft = drafting.visible(web)
    if draft is None:
        return drafting.gone(web)
    read, shown = read_upload(web)
    tr = web.tr
    if read.data is None or read.pool is None or read.runde is None:
        message = tr.gettext(read.error or N_(
            "Nothing could be read from the file: it has no answers from pulje's form."))
        found = notes_of(read.diagnostics or [], shown).get(web.lang, [])
        return web.render("upload_refused.html", status=400, draft=draft, message=message,
                          found=found)
    if (read.pool.id, read.runde.id) != (draft.pulje, draft.runde):
        return web.error(400, N_("Another round's form"),
                         N_("The file is for {pool}, round {round}; this application is for "
                            "another round."),
                         N_("Upload it as a new application from the list of applications."),
                         pool=read.pool.navn, round=read.runde.id)
    text = drafting.answers_text(read.pool, read.runde, read.data)
    try:
        draft, _made_version = drafting.store(web).save(
            draft.id, draft.version, text, drafting.user_name(web),
            drafting.title_of(read.data), notes=notes_of(read.diagnostics or [], shown))
    except (Conflict, KeyError):
        return drafting.gone(web)
    drafting.gauge(web).request(draft.id, draft.version)
    return web.redirect("draft", draft=draft.id)


ROUTES: list[BaseRoute] = [
    Route("/ansoegninger/{draft:str}", draft_page, name="draft", methods=["GET"]),
    Route("/ansoegninger/{draft:str}", save, name="draft_save", methods=["POST"]),
    Route("/ansoegninger/{draft:str}/sider", gauge_json, name="draft_gauge", methods=["GET"]),
    Route("/ansoegninger/{draft:str}/svarfil", answers_file, name="draft_answers",
          methods=["GET"]),
    Route("/ansoegninger/{draft:str}/skema.docx", word_form, name="draft_docx",
          methods=["GET"]),
    Route("/ansoegninger/{draft:str}/budget.xlsx", budget_workbook, name="draft_xlsx",
          methods=["GET"]),
    Route("/ansoegninger/{draft:str}/indlaes", upload_into, name="draft_upload_into",
          methods=["POST"]),
]
NAV: list[NavItem] = []
