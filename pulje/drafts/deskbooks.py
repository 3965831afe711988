"""The desk's budget workbooks: each read once, paired with its Word form among the files
checked (in the form's folder, by name or by pulje's marks), its findings in its own row right
after the form's, and a workbook without its form read and said to be unchecked with the
application."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pulje.diagnostics import N_, Diagnostic, Location
from pulje.drafts import codes
from pulje.drafts.deskmodel import FULL, KIND_WORKBOOK, NONE, TEXT
from pulje.drafts.pairing import attach, belongs, expected_name
from pulje.drafts.reader import Draft
from pulje.drafts.workbook import read_workbook

if TYPE_CHECKING:
    from pulje.drafts.desk import Item


def read_book(item: Item) -> None:
    """A budget workbook, read before the forms so that each form finds its own."""
    assert item.snap is not None
    # A workbook that cannot be read says so in its row only when a form claims it (below):
    # on its own it may be anyone's file, or one of pulje's records vouches for it.
    item.book = read_workbook(item.snap.copy, item.row.file)


def _partner(item: Item, draft: Draft, books: list[Item]) -> Item | None:
    """The budget workbook of the form ``item`` among the workbooks checked with it: in its
    folder, by name or by pulje's marks."""
    here = item.entry.path.parent
    mine = [b for b in books if b.entry.path.parent == here and b.form is None
            and b.book is not None]
    wanted = expected_name(draft.runde, item.entry.path.name)
    named = next((b for b in mine if b.entry.path.name == wanted), None)
    if named is not None:
        return named
    for b in mine:
        if b.book is not None and b.book.readable and belongs(b.book.marks, draft,
                                                                item.entry.path.name):
            return b
    return None


def lone_workbook(item: Item) -> None:
    """A budget workbook without its form among the files checked: its own findings, and a
    note that its budget was not checked with the application."""
    book = item.book
    if book is None or item.form is not None or not book.readable:
        return
    if not book.marks.ours and book.budget is None:
        return  # not pulje's budget workbook: the last pass says it is not checked
    item.row.kind = KIND_WORKBOOK
    item.row.pulje = book.marks.pulje
    item.row.beloeb = book.applied
    item.row.diagnostics += book.diagnostics
    item.row.scope = TEXT
    item.row.diagnostics.append(codes.REG012(
        N_("A budget workbook without its Word form beside it: the workbook was read, but its "
           "budget was not checked with the application."),
        N_("Check the form and the workbook together (the same folder), or give both to "
           "pulje import."),
    ).at(Location(item.row.file)))


def pairs_together(items: list[Item]) -> list[Item]:
    """The rows in order, each form's budget workbook right after the form (one
    application), wherever its name sorted it."""
    out: list[Item] = []
    for item in items:
        if item.form is not None and item.form in items:
            continue
        out.append(item)
        if item.partner is not None:
            out.append(item.partner)
    return out


def pair(item: Item, draft: Draft, books: list[Item]) -> None:
    """Give the form ``item`` its workbook among ``books`` (read again with the form's round:
    its periods and categories), or say that it has none."""
    partner = _partner(item, draft, books)
    book = None
    if partner is not None and partner.snap is not None:
        book = read_workbook(partner.snap.copy, partner.row.file, runde=draft.runde)
        partner.book, partner.form, item.partner = book, item, partner
    attach(draft, book, item.entry.path.name)


def share_findings(item: Item, draft: Draft, located: list[Diagnostic]) -> list[Diagnostic]:
    """The budget's findings are the workbook's: shown in its row, next to the form's. Returns
    the form's own."""
    partner = item.partner
    if partner is None or partner.book is None:
        return located
    own = partner.book.file
    partner.row.diagnostics += partner.book.diagnostics
    partner.row.diagnostics += [d for d in located
                                if d.location is not None and d.location.file == own]
    partner.row.kind = KIND_WORKBOOK
    partner.readable = partner.book.readable
    partner.row.scope = FULL if partner.book.readable else NONE
    partner.row.pulje = draft.pool.id if draft.pool else None
    partner.row.beloeb = partner.book.applied
    return [d for d in located if d.location is None or d.location.file != own]


__all__ = ["lone_workbook", "pair", "pairs_together", "read_book", "share_findings"]
