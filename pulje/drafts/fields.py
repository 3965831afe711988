"""The fields a content control may stand for, and how its text becomes an answer-file value.

A tag is a field path of the round's form (``documents.form`` documents the convention):
the section, the question, then what the question's kind has below it (dict keys — months
``2017-10``, years, quarters — and list rows). ``resolve`` walks the form along the tag: the
section and question by id, the rest by the question's kind (``Kind.resolve``); ``parse``
turns the text a control shows ("2.150.000,00 kr.", "20 %", "4 uger", "ja") into the value
the answer file holds, by the leaf's kind (``Kind.read``) — or says why it cannot (``Unfit``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from schemas.form import Form, Question
from schemas.kinds import Unfit, kind
from schemas.kinds.antal import parse_number as _parse_number

Part = str | int

#: Kinds of leaf: free text (block), a line of text, whole number, amount, percentage, ja/nej,
#: and a list of texts (one paragraph each: a tidsplan cell) — the words of their kinds.
TEXT, LINE, NUMBER, MONEY, PERCENT, YES_NO, LINES = (
    "tekst", "linje", "antal", "beloeb", "procent", "janej", "linjer",
)

__all__ = ["LINE", "LINES", "MONEY", "NUMBER", "PERCENT", "TEXT", "YES_NO", "FieldSpec",
           "Unfit", "parse", "parse_amount", "parse_number", "parse_pct", "parse_yes_no",
           "resolve"]


@dataclass(frozen=True)
class FieldSpec:
    """What a tag stands for: its path in the answer file, the kind of value, the question."""

    tag: str
    path: tuple[Part, ...]
    kind: str
    title: str
    container: bool = False
    in_list: bool = False  # a row of a list table (rows come and go: never "missing")
    required: bool = False  # an answer the form wants given (as TXT001 asks)
    question: Question | None = None


_RESOLVED: dict[tuple[str, str], FieldSpec | None] = {}


def resolve(form: Form, tag: str) -> FieldSpec | None:
    """The field ``tag`` stands for in ``form``, or None when the form has no such field."""
    key = (form.key, tag)
    if key not in _RESOLVED:
        if len(_RESOLVED) > 8192:
            _RESOLVED.clear()
        _RESOLVED[key] = _resolve(form, tag)
    return _RESOLVED[key]


def _resolve(form: Form, tag: str) -> FieldSpec | None:
    parts = tag.split(".")
    if not tag or any(not p for p in parts):
        return None
    section = form.section(parts[0])
    if section is None:
        return None
    path: tuple[str, ...]
    if section.svar is not None:
        q, path, rest = section.svar, (section.id,), parts[1:]
        if not q.kind.in_form(q):
            return None  # an attachment (the budget): not in the form
    else:
        if len(parts) == 1:
            return FieldSpec(tag, (section.id,), "", "", container=True)
        found = next((q for q in section.spoergsmaal if q.id == parts[1]), None)
        if found is None:
            return None
        q, path, rest = found, (section.id, found.id), parts[2:]
    leaf = q.kind.resolve(q, rest, q.tekst or "")
    if leaf is None:
        return None
    return FieldSpec(tag, (*path, *leaf.path), leaf.kind, leaf.title, leaf.container,
                     leaf.in_list, leaf.required, q)


# --- text → value ----------------------------------------------------------------------------


def parse(spec: FieldSpec, text: str, lines: Sequence[str]) -> Any:
    """The value of a control's text for ``spec``; None when empty. Raises ``Unfit``."""
    return kind(spec.kind).read(text, lines, spec.question)


def parse_number(text: str) -> int:
    """"4", "1.200", "4 uger" → a whole number; "ca. 4" or 40 digits → ``Unfit``."""
    return _parse_number(text, NUMBER)


def _required(word: str, text: str) -> Any:
    value = kind(word).read(text, [text])
    if value is None:
        raise Unfit(word)
    return value


def parse_amount(text: str) -> Any:
    """"2.150.000,00 kr.", "2150000", "2.150.000 DKK" → Decimal; else ``Unfit``."""
    return _required(MONEY, text)


def parse_pct(text: str) -> Any:
    """"20 %", "2,5%", "20 pct." → Decimal; else ``Unfit``."""
    return _required(PERCENT, text)


def parse_yes_no(text: str) -> Any:
    """"ja", "Nej", "ja." → True/False; else ``Unfit``."""
    return _required(YES_NO, text)
