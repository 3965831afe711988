"""A Word form and its budget workbook read as one application.

A blank form from ``pulje init POOL --docx FORM.docx`` comes with ``FORM-budget.xlsx`` (or the
name the round gives, ``budget.regneark``): the form carries the answers, the workbook the
budget. The two are recognised as a pair by name (the workbook's name beside the form) and by
pulje's marks (the form's data part and the workbook's properties carry the same ``par`` id
and name each other), so a renamed workbook is still found in the form's folder.

- a workbook beside the form: its budget is the application's (also over a budget the form
  stores from ``pulje build``: the workbook is what the user edits); its amount applied for
  fills the form's, when the form leaves it blank (REG011 when both are given and differ);
- no workbook, but a budget stored in the form: that budget;
- neither: DOC014, naming the workbook expected and the command that makes it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from pulje.diagnostics import N_, Hint, Kr, Location
from pulje.drafts import codes
from pulje.drafts.package import DocxPackage
from pulje.drafts.reader import Draft, read_draft
from pulje.drafts.workbook import Marks, WorkbookBudget, read_marks, read_workbook
from pulje.pools import Runde

#: At most this many workbooks of a folder are opened to find a form's by its marks.
MAX_CANDIDATES = 50


def has_budget(runde: Runde) -> bool:
    """Whether the round's form has a detailed budget."""
    return next(iter(runde.form.of_kind("budget")), None) is not None


def expected_name(runde: Runde | None, form_name: str) -> str:
    """The budget workbook's name beside the form ``form_name`` ("x.docx" → "x-budget.xlsx",
    or the round's own pattern)."""
    if runde is None:
        stem = form_name[:-5] if form_name.lower().endswith(".docx") else form_name
        return f"{stem}-budget.xlsx"
    return runde.budget.regneark_navn(form_name)


def belongs(marks: Marks, draft: Draft, form_name: str) -> bool:
    """Whether a workbook's marks say it is this form's (the same pair id, or its name)."""
    par = draft.stored.par if draft.stored is not None else None
    if par and marks.par == par:
        return True
    return bool(marks.skema) and marks.skema == form_name and (
        draft.pool is None or marks.pulje == draft.pool.id)


def workbook_beside(form: Path, draft: Draft, candidates: Iterable[Path] | None = None
                    ) -> Path | None:
    """The budget workbook of the form at ``form``: by name beside it, else the workbook in
    its folder (or among ``candidates``) whose marks name it."""
    named = form.parent / expected_name(draft.runde, form.name)
    if named != form and named.is_file():
        return named
    stored = draft.stored
    if stored is not None and stored.budgetark:
        own = form.parent / Path(stored.budgetark).name
        if own.is_file() and own.suffix.lower() == ".xlsx":
            return own
    pool = list(candidates) if candidates is not None else _workbooks(form.parent)
    for path in pool[:MAX_CANDIDATES]:
        if path != named and belongs(read_marks(path), draft, form.name):
            return path
    return None


def _workbooks(folder: Path) -> list[Path]:
    found: list[Path] = []
    with contextlib.suppress(OSError):
        for entry in sorted(folder.iterdir()):
            if entry.suffix.lower() == ".xlsx" and not entry.name.startswith(("~$", ".")):
                with contextlib.suppress(OSError):
                    if entry.is_file():
                        found.append(entry)
    return found


def read_application(path: Path, display: str | None = None, *,
                     package: DocxPackage | None = None,
                     workbook: Path | WorkbookBudget | None = None,
                     beside: Path | None = None) -> Draft:
    """Read a Word draft with its budget: from ``workbook`` when given, else from the workbook
    found beside ``beside`` (the form's own path, when it is read from a copy), else from the
    budget the form stores. Every problem is a finding of the draft or the workbook."""
    draft = read_draft(path, display, package=package)
    if draft.data is None or draft.runde is None:
        return draft
    book: WorkbookBudget | None
    if isinstance(workbook, WorkbookBudget):
        book = workbook
    elif workbook is not None:
        book = read_workbook(workbook, str(workbook), runde=draft.runde)
    else:
        book = None
        found = workbook_beside(beside, draft) if beside is not None else None
        if found is not None:
            book = read_workbook(found, str(found), runde=draft.runde)
    form_name = Path(display or str(path)).name
    attach(draft, book, form_name)
    return draft


def attach(draft: Draft, book: WorkbookBudget | None, form_name: str) -> None:
    """Make ``book`` the draft's budget (or say that the draft has none): its lines replace a
    budget the form stores, its amount applied for fills a blank one in the form."""
    assert draft.data is not None and draft.pool is not None and draft.runde is not None
    if book is None:
        if draft.stored_budget is None and has_budget(draft.runde):
            expected = expected_name(draft.runde, form_name)
            draft.diagnostics.append(codes.DOC014(
                N_("{file} carries no detailed budget, and its budget workbook {workbook} is "
                   "not beside it: the application has no budget."),
                N_("Make the workbook with 'pulje init {pool} --runde {runde} --budget "
                   "{workbook}', fill in the budget in Excel and keep it beside the form (or "
                   "give it to pulje import after the form)."),
                file=draft.file, workbook=expected, pool=draft.pool.id, runde=draft.runde.id,
            ).at(Location(draft.file)))
        return
    draft.workbook = book
    _marks(draft, book)
    if book.budget is None:
        return
    if not _same_lines(draft.stored_budget, book.budget):
        draft.data["budget"] = book.budget
    draft.unfit |= book.unfit
    _applied(draft, book)


def _same_lines(stored: dict[str, Any] | None, read: dict[str, Any]) -> bool:
    """Whether the workbook holds the very lines the form stores (a workbook ``pulje build``
    made beside the form, unchanged): then the stored budget keeps its order of lines."""
    if not stored:
        return False
    import json

    from pydantic import ValidationError

    from schemas.budget import Budget

    try:
        a = Budget.model_validate(stored).model_dump(mode="json")
        b = Budget.model_validate(read).model_dump(mode="json")
    except ValidationError:
        return False
    return all(sorted(json.dumps(x, sort_keys=True) for x in a[part])
               == sorted(json.dumps(x, sort_keys=True) for x in b[part])
               for part in ("udgifter", "finansiering"))


def _marks(draft: Draft, book: WorkbookBudget) -> None:
    marks = book.marks
    assert draft.pool is not None and draft.runde is not None
    if not marks.ours:
        return
    theirs = (marks.pulje, marks.runde)
    if theirs != (draft.pool.id, draft.runde.id):
        book.diagnostics.append(codes.REG009(
            N_("{file} was made for {their_pool} ({their_round}), but its form {form} is an "
               "application to {pool} ({round}); the budget is read by the form's round."),
            Hint(N_("Use the workbook made with the form."),
                 excel=N_("Use the workbook made with the form, or copy the lines into it.")),
            file=book.file, their_pool=marks.pulje or "-", their_round=marks.runde or "-",
            form=draft.file, pool=draft.pool.id, round=draft.runde.id,
        ).at(Location(book.file)))


def _applied(draft: Draft, book: WorkbookBudget) -> None:
    assert draft.data is not None and draft.runde is not None
    if book.applied is None or not draft.runde.form.has("oekonomi.ansoegt_beloeb"):
        return
    oekonomi: Any = draft.data.setdefault("oekonomi", {})
    if not isinstance(oekonomi, dict):
        return
    stated = oekonomi.get("ansoegt_beloeb")
    if stated is None:
        oekonomi["ansoegt_beloeb"] = book.applied
        draft.applied_from_workbook = True
        return
    if isinstance(stated, Decimal) and stated != book.applied:
        where = book.applied_place or Location(book.file)
        book.diagnostics.append(codes.REG011(
            N_("The workbook applies for {workbook}, but the form {form} says {stated}; "
               "pulje reads the form's amount."),
            Hint(N_("Make the two amounts the same."),
                 excel=N_("Correct the amount in {sheet}!{cell} or in the form's answer "
                          "'Angiv det ansøgte beløb', so that they are the same.")),
            workbook=Kr(book.applied), form=draft.file, stated=Kr(stated),
        ).at(where))


__all__ = ["attach", "belongs", "expected_name", "has_budget", "read_application",
           "workbook_beside"]
