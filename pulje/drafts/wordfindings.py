"""The findings of a Word draft read back (``pulje import`` and ``pulje check``): the rules'
findings on the answers it holds, located in the form and its workbook, and nothing the reading
route adds of its own.

- a form where nothing at all is filled in is one finding (DOC040) for the whole form, not one
  per question and section; the workbook beside it keeps its own findings;
- a schema finding of a value a DOC or REG finding already named is left out (said once);
- a section is missing (TXT003, in Word's words) only when none of its answer fields is in the
  document: a section left blank in Word is there, its blank questions are TXT001, as in a new
  answer file.
"""

from __future__ import annotations

from datetime import date

from pulje.answers.loader import LoadedApplication
from pulje.checks import check
from pulje.diagnostics import N_, Diagnostic, Location
from pulje.drafts import codes
from pulje.drafts.reader import Draft


def named_already(path: tuple[object, ...], unfit: set[tuple[object, ...]]) -> bool:
    """Whether a DOC or REG finding already names the value at ``path`` (or a part holding
    it), so that the answer file's schema finding would say it twice."""
    return any(path[:len(p)] == p for p in unfit)


def nothing_filled_in(draft: Draft) -> bool:
    """Whether the draft's form holds no answer at all (its controls all blank)."""
    return draft.data is not None and draft.has_controls and draft.answered == 0


def unfilled(draft: Draft) -> Diagnostic:
    """DOC040: the one finding of a form where nothing is filled in."""
    return codes.DOC040(
        N_("Nothing is filled in in the form: none of its {count} answer fields holds an "
           "answer."),
        N_("Write the answers in the form's answer fields in Word (under each question), save "
           "the form and check it again."),
        count=len(draft.places),
    ).at(Location(draft.file))


def _read_around(d: Diagnostic, draft: Draft) -> bool:
    """Whether ``d`` is only the reading route's: a section the answer file lacks because
    the form has no control for it (the budget: DOC014 says when there is none), not because
    it was deleted from the document."""
    return d.code == "TXT003" and str(d.path[0]) not in draft.missing_sections


def draft_findings(loaded: LoadedApplication, draft: Draft, *,
                   dato: date | None = None) -> list[Diagnostic]:
    """The findings of the answers read from ``draft`` (``loaded``: its answer file's text),
    each located in the form or its workbook."""
    found = [d.at(draft.locate(d.path)) for d in check(loaded, dato=dato)
             if not (d.code.startswith("SCH") and named_already(tuple(d.path), draft.unfit))
             and not _read_around(d, draft)]
    if not nothing_filled_in(draft):
        return found
    book = draft.workbook.file if draft.workbook is not None else None
    return [unfilled(draft), *(d for d in found
                               if book is not None and d.location is not None
                               and d.location.file == book)]


__all__ = ["draft_findings", "named_already", "nothing_filled_in", "unfilled"]
