"""``pulje diff A.yaml B.yaml``: what changed between two versions of an application, as a
person reads it — the form's headings and questions (not YAML keys), a word-level diff of each
changed text, each changed value, the budget's lines and totals.

The two files may be of two rounds (last year's application and this year's, made with ``pulje
init --from``): their questions are matched as ``pulje pools diff`` matches them, and a
question only one of them asks is said to be so.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from difflib import SequenceMatcher
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pulje.answers.carry import tidy
from pulje.answers.loader import LoadedApplication, load_application
from pulje.diagnostics import N_, NP_, Count, Translator
from pulje.diagnostics.errors import PuljeError
from pulje.diagnostics.wording import labelled
from pulje.pools.matching import Item, Match, match
from schemas.form import value_at
from schemas.kinds.budget import KATEGORI_NAVNE, Budget
from schemas.types import format_month

#: Words of context around a change in a text.
CONTEXT = 6
WIDTH = 96


@dataclass
class Change:
    """One question whose answer differs: ``kind`` is "text" (a word diff), "value" (leaf by
    leaf), "added" or "removed" (asked by one file only, or answered in one only)."""

    item: Item
    kind: str
    old: Any = None
    new: Any = None
    was: Item | None = None  # the question in A, where it stands or reads otherwise


@dataclass
class BudgetLine:
    label: str
    old: Decimal | None
    new: Decimal | None
    #: The line's spread by period key as the answer file writes it (2017, "2017-K1", …).
    years_old: dict[int | str, Decimal] = field(default_factory=dict)
    years_new: dict[int | str, Decimal] = field(default_factory=dict)


@dataclass
class AnswerDiff:
    a: str
    b: str
    a_round: str
    b_round: str
    pool_a: str
    pool_b: str
    changes: list[Change] = field(default_factory=list)
    budget: list[BudgetLine] = field(default_factory=list)
    totals: list[tuple[str, Decimal, Decimal]] = field(default_factory=list)
    same: int = 0


def _load(path: Path) -> LoadedApplication:
    loaded = load_application(path)
    if loaded.runde is None or not isinstance(loaded.data, dict):
        raise PuljeError(
            N_("{file} cannot be compared: pulje cannot tell its pool and round."),
            N_("Run 'pulje validate {file}' and correct what it says at the top of the file."),
            file=str(path),
        )
    return loaded


def _raw(data: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return tidy(data)


def _value(loaded: LoadedApplication, path: tuple[str, ...]) -> Any:
    """The answer at ``path`` as pulje reads it (amounts as amounts, ja/nej as yes/no), so
    that "2150000" and "2.150.000,00" are the same answer; as written where the file's
    section does not load."""
    model = loaded.model or loaded.partial
    if model is not None and path and path[0] not in loaded.failed:
        return _titled(value_at(model, path))
    return _raw(loaded.data, path)


def _titled(value: Any) -> Any:
    """A model's fields under their titles ("Telefon", not ``telefon``), the fields not
    given left out; lists and mappings of them likewise."""
    if isinstance(value, BaseModel):
        fields = type(value).model_fields
        out: dict[str, Any] = {}
        for name in fields:
            if name in value.model_fields_set or getattr(value, name) not in (None, [], {}):
                out[fields[name].title or name] = _titled(getattr(value, name))
        return out
    if isinstance(value, list):
        return [_titled(v) for v in value]
    if isinstance(value, dict):
        return {k: _titled(v) for k, v in value.items()}
    return value


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def compare(a: Path, b: Path) -> AnswerDiff:
    """The differences between the answer files ``a`` (before) and ``b`` (after)."""
    old, new = _load(a), _load(b)
    assert old.runde is not None and new.runde is not None
    assert old.pool is not None and new.pool is not None
    out = AnswerDiff(str(a), str(b), old.runde.id, new.runde.id, old.pool.navn, new.pool.navn)
    for m in match(old.runde.form, new.runde.form):
        if m.new is not None and m.new.kind == "budget" and m.old is not None:
            _budget(out, old, new, m)
            continue
        before = _value(old, m.old.path) if m.old is not None else None
        after = _value(new, m.new.path) if m.new is not None else None
        item = m.new or m.old
        assert item is not None
        if _empty(before) and _empty(after):
            continue
        if _empty(before) or _empty(after) or m.how in ("new", "removed"):
            if before == after:
                out.same += 1
                continue
            kind = "added" if _empty(before) else "removed"
            out.changes.append(Change(item, kind, before, after, _was(m)))
        elif before == after:
            out.same += 1
        else:
            text = item.kind == "tekst" and isinstance(before, str) and isinstance(after, str)
            out.changes.append(Change(item, "text" if text else "value", before, after,
                                      _was(m)))
    return out


def _was(m: Match) -> Item | None:
    return m.old if m.how in ("reworded", "moved") else None


def _model_budget(loaded: LoadedApplication, path: tuple[str, ...]) -> Budget:
    value: Any = loaded.model or loaded.partial
    for part in path:
        value = getattr(value, part, None)
    return value if isinstance(value, Budget) else Budget()


def _budget(out: AnswerDiff, old: LoadedApplication, new: LoadedApplication, m: Match) -> None:
    assert m.old is not None and m.new is not None
    before, after = _model_budget(old, m.old.path), _model_budget(new, m.new.path)
    if before == after:
        out.same += 1
        return

    def lines(budget: Budget) -> dict[str, tuple[Decimal, dict[int | str, Decimal]]]:
        found: dict[str, tuple[Decimal, dict[int | str, Decimal]]] = {}
        for line in budget.udgifter:
            label = f"{KATEGORI_NAVNE[line.kategori]}: {line.beskrivelse}"
            found[label] = (line.linjebeloeb, dict(line.fordeling))
        for fin in budget.finansiering:
            found[f"{fin.type}: {fin.beskrivelse}"] = (fin.beloeb, dict(fin.fordeling))
        return found

    was, now = lines(before), lines(after)
    for label in [*was, *(k for k in now if k not in was)]:
        a, b = was.get(label), now.get(label)
        if a == b:
            continue
        out.budget.append(BudgetLine(label, a[0] if a else None, b[0] if b else None,
                                     a[1] if a else {}, b[1] if b else {}))
    totals = [
        (N_("Expenses in all"), before.udgifter_i_alt(), after.udgifter_i_alt()),
        (N_("Financing in all"), before.finansiering_i_alt(), after.finansiering_i_alt()),
        (N_("Grant needed"), before.udgifter_i_alt() - before.finansiering_i_alt(),
         after.udgifter_i_alt() - after.finansiering_i_alt()),
    ]
    out.totals = [(label, x, y) for label, x, y in totals if x != y]


# --- text ------------------------------------------------------------------------------------

def word_diff(before: str, after: str, context: int = CONTEXT) -> list[str]:
    """The changed places of a text, word by word: ``[-removed-]{+added+}`` with a few words
    of context on each side; "…" where text is left out. Paragraph breaks read as "¶"."""
    a, b = _words(before), _words(after)
    ops = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    hunks: list[list[str]] = []
    current: list[str] = []
    last_end = -1
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            continue
        start = max(i1 - context, 0)
        if current and start <= last_end:
            current += a[last_end:i1]
        else:
            if current:
                current += a[last_end:min(last_end + context, start)]
                hunks.append(current)
            current = (["…"] if start > 0 else []) + a[start:i1]
        if i2 > i1:
            current.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            current.append("{+" + " ".join(b[j1:j2]) + "+}")
        last_end = i2
    if current:
        current += a[last_end:last_end + context]
        if last_end + context < len(a):
            current.append("…")
        hunks.append(current)
    return [" ".join(h) for h in hunks]


def _words(text: str) -> list[str]:
    return re.sub(r"\n\s*\n", " ¶ ", text).split()


def leaves(value: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(dotted place, value) of every leaf of a structured answer."""
    if isinstance(value, dict):
        for k, v in value.items():
            key = format_month(k) if isinstance(k, date) else str(k)  # a month of a table
            yield from leaves(v, f"{prefix} › {key}" if prefix else key)
    elif isinstance(value, list):
        for i, v in enumerate(value, start=1):
            yield from leaves(v, f"{prefix} › {i}" if prefix else str(i))
    else:
        yield prefix, value


def _show(value: Any, tr: Translator, kind: str = "") -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return tr.gettext("yes") if value else tr.gettext("no")
    if kind == "beloeb" and isinstance(value, Decimal):
        return tr.kroner(value)
    if isinstance(value, Decimal | int | date):
        return tr.value(value)
    if isinstance(value, Enum):
        return str(value.value)
    return " ".join(str(value).split())


def _wrap(text: str, indent: str, hang: str = "") -> list[str]:
    """``text`` wrapped at ``indent``; its second and later lines ``hang`` further in."""
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent + hang,
                         break_long_words=False, break_on_hyphens=False) or [indent.rstrip()]


def _title(item: Item) -> str:
    return item.text


def render_text(diff: AnswerDiff, tr: Translator) -> str:
    """The differences in the run's language (the form's words are Danish): the form's
    headings, each changed question under its heading, the budget and its totals."""
    lines = [tr.format(N_("What changed from {a} (round {a_round}) to {b} (round {b_round}):"),
                       {"a": diff.a, "a_round": diff.a_round, "b": diff.b,
                        "b_round": diff.b_round})]
    if not diff.changes and not diff.budget and not diff.totals:
        lines.append(tr.gettext("No answer changed."))
        return "\n".join(lines)
    heading = None
    for change in diff.changes:
        if change.item.heading != heading:
            heading = change.item.heading
            lines += ["", heading, "-" * len(heading)]
        lines += _wrap(_title(change.item), "")
        if change.was is not None and change.was.text != change.item.text:
            lines += _wrap(tr.format(N_("(asked before as: {text})"),
                                     {"text": change.was.text}), "  ")
        lines += _change(change, tr)
    if diff.budget or diff.totals:
        title = tr.gettext("Budget")
        lines += ["", title, "-" * len(title)]
        for b in diff.budget:
            lines += _budget_line(b, tr)
        for label, x, y in diff.totals:
            lines.append(f"  {tr.gettext(label)}: {tr.kroner(x)} → {tr.kroner(y)} "
                         f"({_signed(y - x, tr)})")
    changed = len(diff.changes) + (1 if diff.budget or diff.totals else 0)
    lines += ["", tr.format(N_("{changed} changed, {same}."), {
        "changed": Count(changed, *NP_("{n} answer", "{n} answers")),
        "same": Count(diff.same, *NP_("{n} the same", "{n} the same")),
    })]
    return "\n".join(lines)


def _signed(amount: Decimal, tr: Translator) -> str:
    return ("+" if amount > 0 else "") + tr.kroner(amount)


def _change(change: Change, tr: Translator) -> list[str]:
    if change.kind == "text":
        out: list[str] = []
        for hunk in word_diff(change.old, change.new):
            out += _wrap(hunk, "  ")
        return out
    if change.kind == "added":
        label = tr.gettext("answered now") if change.was is None or _empty(change.old) else ""
        return _values(change.new, "+", tr, label)
    if change.kind == "removed":
        return _values(change.old, "-", tr, tr.gettext("no longer answered"))
    before, after = dict(leaves(change.old)), dict(leaves(change.new))
    out = []
    for place in [*before, *(k for k in after if k not in before)]:
        x, y = before.get(place), after.get(place)
        if x != y:
            kind = change.item.kind
            shown = f"{_show(x, tr, kind)} → {_show(y, tr, kind)}"
            out += _wrap(labelled(place, shown) if place else shown, "  ")
    return out


def _values(value: Any, sign: str, tr: Translator, label: str) -> list[str]:
    out = [f"  ({label})"] if label else []
    if isinstance(value, str):
        return out + _wrap(f"{sign} {' '.join(value.split())}", "  ", "  ")
    for place, leaf in leaves(value):
        out += _wrap(f"{sign} {place + ': ' if place else ''}{_show(leaf, tr)}", "  ", "  ")
    return out


def _budget_line(b: BudgetLine, tr: Translator) -> list[str]:
    if b.old is None and b.new is not None:
        return _wrap(f"+ {b.label}: {tr.kroner(b.new)}", "  ", "  ")
    if b.new is None and b.old is not None:
        return _wrap(f"- {b.label}: {tr.kroner(b.old)}", "  ", "  ")
    assert b.old is not None and b.new is not None
    parts = [f"{tr.kroner(b.old)} → {tr.kroner(b.new)}"] if b.old != b.new else []
    # Years, quarters and months as keys (2017, "2017-K1"): sorted as written.
    for year in sorted(set(b.years_old) | set(b.years_new), key=str):
        x, y = b.years_old.get(year), b.years_new.get(year)
        if x != y:
            parts.append(f"{year}: {tr.kroner(x) if x is not None else '–'} → "
                         f"{tr.kroner(y) if y is not None else '–'}")
    return _wrap(f"~ {b.label}: {'; '.join(parts)}", "  ", "  ")


# --- JSON ------------------------------------------------------------------------------------

def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str | int | bool) or value is None:
        return value
    return str(value)


def render_json(diff: AnswerDiff) -> str:
    return json.dumps({
        "fra": {"fil": diff.a, "runde": diff.a_round},
        "til": {"fil": diff.b, "runde": diff.b_round},
        "svar": [{
            "sti": c.item.dotted, "overskrift": c.item.heading, "spoergsmaal": c.item.text,
            "status": c.kind, "fra": _plain(c.old), "til": _plain(c.new),
            "ord": word_diff(c.old, c.new) if c.kind == "text" else None,
            "foer_sti": c.was.dotted if c.was is not None else None,
        } for c in diff.changes],
        "budget": {
            "linjer": [{"linje": b.label, "fra": _plain(b.old), "til": _plain(b.new),
                        "fordeling_fra": _plain(b.years_old),
                        "fordeling_til": _plain(b.years_new)} for b in diff.budget],
            "i_alt": [{"noegle": label, "fra": _plain(x), "til": _plain(y)}
                      for label, x, y in diff.totals],
        },
        "uaendrede": diff.same,
    }, ensure_ascii=False, indent=2)
