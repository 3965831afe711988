"""Two people, one application: a save based on an older version is refused (``store``), and
the form shown again holds both people's work, question by question — the other person's
answer where only they changed it, one's own where only one changed it, and one's own (with
theirs named) where both did. Nothing is saved until one saves again, having seen what the
other changed."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from pulje.web.editor.fields import items, text, value_at
from schemas.form import Form


@dataclass(frozen=True)
class Change:
    """A question the other person changed: its section's heading and its text, their answer
    as its field shows it ("" for a table or a group of fields), and whether one changed it
    too (then one's own answer stands in the form)."""

    section: str
    question: str
    theirs: str
    both: bool


def merge(form: Form, base: Mapping[str, Any], theirs: Mapping[str, Any],
          mine: Mapping[str, Any]) -> tuple[dict[str, Any], list[Change]]:
    """The answers to show again, and what the other person changed since ``base``. All three
    are answer files' data (as read from their text, so equal answers are equal values)."""
    merged: dict[str, Any] = copy.deepcopy(dict(mine))
    changes: list[Change] = []
    for item in items(form):
        b, t, m = (value_at(d, item.path) for d in (base, theirs, mine))
        nb, nt, nm = (_plain(v) for v in (b, t, m))
        if nt == nb:
            continue
        both = nm != nb and nm != nt
        if nm == nb:
            _put(merged, item.path, copy.deepcopy(t))
        widget = item.widget
        shown = (text(widget.attrs["kind"], t, widget.attrs.get("type", "text"))
                 if widget.template in ("input", "textarea", "radio", "janej")
                 and not isinstance(t, Mapping) else "")
        changes.append(Change(item.section.overskrift or "", str(widget.attrs.get("label")),
                              shown[:300], both))
    return merged, changes


def _plain(value: Any) -> Any:
    """An answer as compared: the same whether typed in the form or in the file (50000 and
    50000.00, a date and its text, a table's empty cells left out or written empty)."""
    if isinstance(value, Mapping):
        inner = {str(k): _plain(v) for k, v in value.items()}
        return {k: v for k, v in inner.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value)).normalize()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip() or None
    return value


def _put(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    if len(path) == 1:
        data[path[0]] = value
        return
    section = data.get(path[0])
    if not isinstance(section, dict):
        section = data[path[0]] = {}
    section[path[1]] = value
