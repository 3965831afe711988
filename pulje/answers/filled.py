"""An answer file with its answers filled in, in the layout of ``pulje init``'s starter: the
round's sections in the form's order, each under its heading (and introduction) as a comment,
each question's text as a comment above its answer, free texts as blocks, unanswered fields
empty. What ``pulje web`` keeps as each version of a draft and gives as the answer file to
download; it reads back to exactly the answers written (``answerfile``'s writer).

Keys the form does not know are written too, where they stand, so nothing given is lost (the
loader then names them, as it would in any answer file).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from pulje.answers.answerfile import INDENT, entry, key_text, quoted
from pulje.answers.starter import WIDTH, comment_lines
from pulje.pools import Pool, Runde
from schemas.form import Form

#: Sections, questions and the dependent answers of a ja/nej question get their comments.
_COMMENTED_DEPTH = 3


def free_text_paths(form: Form) -> frozenset[tuple[Any, ...]]:
    """The paths of the form's free-text answers (written as blocks)."""
    return frozenset(path for q, path, _ in form.walk() if q.kind.free_text)


def filled_text(pool: Pool, runde: Runde, data: Mapping[str, Any],
                header: Sequence[str] = ()) -> str:
    """The text of an answer file of ``pool``'s round ``runde`` holding ``data`` (the answer
    file's structure: sections → questions → values)."""
    form = runde.form
    texts = free_text_paths(form)

    def is_text(path: tuple[Any, ...]) -> bool:
        return tuple(path) in texts

    lines = [f"# {line}".rstrip() for line in header]
    pool_id = pool.id if re.fullmatch(r"[a-z][a-z0-9-]*", pool.id) else quoted(pool.id)
    lines += [f"pulje: {pool_id}", f"runde: {quoted(runde.id)}"]
    known = {s.id: s for s in form.afsnit}
    order = [s.id for s in form.afsnit if s.id in data]
    order += [k for k in data if k not in known and k not in ("pulje", "runde")]
    for key in order:
        section = known.get(key)
        lines.append("")
        if section is not None:
            lines.append(f"# {'=' * (WIDTH - 2)}")
            lines += comment_lines(section.overskrift or section.id, "")
            if section.intro:
                lines += comment_lines(section.intro, "")
        lines += _entry(form, key, data[key], (key,), "", is_text)
    return "\n".join(lines) + "\n"


def _question_text(form: Form, path: tuple[Any, ...]) -> str | None:
    found = form.question_at(tuple(str(p) for p in path))
    return found[0].tekst if found is not None else None


def _entry(form: Form, key: Any, value: Any, path: tuple[Any, ...], indent: str,
           is_text: Any) -> list[str]:
    top = len(path) == 1 and form.section(str(key)) is not None
    text = _section_answer_text(form, str(key)) if top else _question_text(form, path)
    expand = (isinstance(value, Mapping) and bool(value) and len(path) < _COMMENTED_DEPTH
              and any(_question_text(form, (*path, k)) for k in value))
    lines: list[str] = []
    if expand:
        # a ja/nej with answers that depend on it: its text stands above the ja/nej itself
        first = _question_text(form, (*path, next(iter(value))))
        if text and text != first:
            lines += comment_lines(text, indent)
        lines.append(f"{indent}{key_text(key)}:")
        for inner, item in value.items():
            lines += _entry(form, inner, item, (*path, inner), indent + INDENT, is_text)
        return lines
    if text:
        lines += comment_lines(text, indent)
    return lines + entry(key, value, path, indent, is_text, none="")


def _section_answer_text(form: Form, section_id: str) -> str | None:
    """The question of a section that is one answer (the tidsplan's), above its key."""
    section = form.section(section_id)
    if section is None or section.svar is None:
        return None
    return section.svar.tekst
