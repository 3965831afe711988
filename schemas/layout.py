"""The order in which a form's questions are drawn: a loop over kinds, through the abstract
``FormWriter`` (``schemas.kinds.base``). The Word writer implements it in ``pulje.documents``;
the loop is the same for every writer.

- each question is drawn by its kind, under its path (``section.question``);
- consecutive questions of a kind that groups (the participant table's rows) are drawn
  together when there are two or more;
- a question with ``samme_celle: ja`` is shown in the answer cell of the question before it
  (one question, two answers: the amount and the source of other funding).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from schemas.form import FormSection, Question
from schemas.kinds.base import FormWriter, Ref


def question_ref(parent: Ref, q: Question, prefix: str = "") -> Ref:
    return parent.child(q.id, f"{prefix}{q.tekst or q.id}")


def draw_questions(writer: FormWriter, questions: Sequence[Question], parent: Ref,
                   prefix: str = "") -> None:
    """Draw ``questions`` below ``parent`` (their answers' paths start with its path)."""
    last: tuple[Any, Question] | None = None
    i = 0
    while i < len(questions):
        q = questions[i]
        kind = q.kind
        if q.samme_celle and last is not None and last[0] is not None:
            slot, anchor = last
            alias = f"{prefix}{anchor.tekst or anchor.id} ({q.tekst or q.id})"
            writer.value(slot, parent.child(q.id, alias), q.type)
            i += 1
            continue
        if kind.group is not None:
            j = i + 1
            while j < len(questions) and questions[j].type == q.type and not (
                questions[j].samme_celle
            ):
                j += 1
            if j - i >= 2:
                kind.draw_group(writer, [(g, question_ref(parent, g, prefix))
                                         for g in questions[i:j]])
                last = None
                i = j
                continue
        last = (kind.draw(writer, q, question_ref(parent, q, prefix)), q)
        i += 1


def draw_section(writer: FormWriter, section: FormSection) -> None:
    """The answers of one section (its heading and introduction are the writer's)."""
    if section.svar is not None:
        q = section.svar
        q.kind.draw(writer, q, Ref((section.id,), q.tekst or section.id))
        return
    draw_questions(writer, section.spoergsmaal, Ref((section.id,), ""))


def shown(section: FormSection) -> bool:
    """Whether the form shows the section (a budget attachment is a document of its own)."""
    return any(q.kind.in_form(q) for q in section.questions)
