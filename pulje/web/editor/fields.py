"""The round's form as posted fields and back: what each widget template (a kind's
``widget()`` descriptor) posts, read into the answer file's structure, and each answer shown as
the text its field holds. One reader per template, none per pool or form.

A typed value is read by the kind the descriptor names (``Kind.read``: "2.150.000,00",
"1.200", "20 %", "ja", "2017-10"); a text the kind cannot read is kept as typed, so the answer
file holds it and the loader names it with the same finding as ``pulje validate`` would —
nothing typed is lost, and the page's findings are those of the answer file it downloads.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from pulje.pools import Runde
from pulje.web.editor.names import Path, Posted, name, part
from schemas.form import Form, FormSection, Question
from schemas.kinds import Unfit, Widget, kind
from schemas.kinds.maaned import month_text
from schemas.types import format_month

#: Cells that are no kind of their own: a number (units), one of the choices, an amount a year.
NUMBER, CHOICE, YEARS = "tal", "valg", "aar"
_DANISH_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$|^-?\d+,\d+$")


@dataclass(frozen=True)
class Facts:
    """What the round's tables need: the measurement months ("2017-10") with their names, the
    baseline month's name, and the years of the project period."""

    months: tuple[str, ...] = ()
    month_names: Mapping[str, str] = field(default_factory=dict)
    baseline: str | None = None
    years: tuple[int, ...] = ()

    @classmethod
    def of(cls, runde: Runde) -> Facts:
        months = tuple(format_month(m) for m in runde.maalinger)
        period = runde.periode
        return cls(months, {format_month(m): month_text(m) for m in runde.maalinger},
                   month_text(runde.baseline_maaned) if runde.baseline_maaned else None,
                   tuple(period.years) if period is not None else ())

    def month_keys(self, value: Any) -> list[str]:
        """The round's months, and any other month the answer holds (never dropped)."""
        extra = [str(part(k)) for k in (value or {}) if str(part(k)) not in self.months] \
            if isinstance(value, Mapping) else []
        return sorted({*self.months, *extra})

    def year_keys(self, value: Any) -> list[int]:
        extra = [k for k in (value or {}) if isinstance(k, int)] \
            if isinstance(value, Mapping) else []
        return sorted({*self.years, *extra})

    def month_name(self, key: str) -> str:
        return self.month_names.get(key, key)


# --- the questions of a form, with their widgets ---------------------------------------------

@dataclass(frozen=True)
class Item:
    """A question of the form as the web draws it: its section, path and widget."""

    section: FormSection
    question: Question
    path: Path
    widget: Widget


def items(form: Form) -> Iterator[Item]:
    for section in form.afsnit:
        for q in section.questions:
            path = (section.id,) if section.svar is not None else (section.id, q.id)
            yield Item(section, q, path, q.kind.widget(q))


# --- one value: typed text ↔ answer ------------------------------------------------------------

def read(word: str, text: str | None) -> Any:
    """What is typed in a field of kind ``word``, as the answer file holds it: None when blank,
    the kind's value, or the text as typed when the kind cannot read it."""
    if text is None or not text.strip():
        return None
    text = text.strip()
    if word == NUMBER:
        return _number(text)
    try:
        value = kind(word).read(text, [text])
    except Unfit:
        return text
    except (KeyError, ValueError, ArithmeticError):
        return text
    if word == "maaned" and isinstance(value, date):
        return f"{value:%Y-%m}"  # a month as the answer file spells it
    return text if value is None else value


def _number(text: str) -> Any:
    """A number of units: 24, 1,5, "1.200" (Danish digit grouping) or 1.5."""
    plain = text.replace(" ", "").replace("\u00a0", "")
    if _DANISH_NUMBER.match(plain):
        plain = plain.replace(".", "").replace(",", ".")
    try:
        value = Decimal(plain)
    except InvalidOperation:
        return text
    return value if value.is_finite() and abs(value) < Decimal(10) ** 12 else text


@lru_cache(maxsize=64)
def suffix_of(word: str) -> str:
    """The unit a kind's field shows beside it ("kr.", "%", "uger"), from its descriptor."""
    try:
        q = Question.model_validate({"id": "x", "type": word})
        return str(kind(word).widget(q).attrs.get("suffix") or "")
    except (KeyError, ValueError):
        return ""


def text(word: str, value: Any, input_type: str = "text") -> str:
    """An answer as its field shows it: as the form prints it, without the unit the field
    shows beside it; a month or day as the browser's month and date fields want it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, date):
        return value.strftime("%Y-%m") if input_type == "month" else value.isoformat()
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if word == NUMBER:
        return _number_text(value)
    try:
        shown = kind(word).display(value)
    except (KeyError, ValueError, ArithmeticError, AttributeError, TypeError):
        return str(value)
    unit = suffix_of(word)
    if unit and shown.endswith(" " + unit):
        shown = shown[: -len(unit) - 1]
    return shown


def _number_text(value: Any) -> str:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return format(number.normalize(), "f").replace(".", ",") if number == number else str(value)


def yes_no(value: str | None) -> Any:
    if value in ("ja", "nej"):
        return value == "ja"
    return value.strip() if value and value.strip() else None


def lines(value: str | None) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def free_text(value: str | None) -> str | None:
    """A textarea's text: the browser's CRLF as LF, blanks at the end dropped; the paragraphs
    and "- " bullets as written."""
    if value is None:
        return None
    cleaned = value.replace("\r\n", "\n").replace("\r", "\n").rstrip()
    return cleaned if cleaned.strip() else None


# --- the form posted → answers ---------------------------------------------------------------

def parse(form: Form, facts: Facts, posted: Posted, old: Mapping[str, Any] | None = None
          ) -> dict[str, Any]:
    """The answers of a posted form, in the form's order. Keys of ``old`` (the version the
    form was made from) that the form does not ask are kept as they were."""
    out: dict[str, Any] = {}
    for item in items(form):
        value = _parse(item.widget, item.path, posted, facts, (old or {}))
        if len(item.path) == 1:
            out[item.path[0]] = value
        else:
            out.setdefault(item.path[0], {})[item.path[1]] = value
    for key, value in (old or {}).items():
        if key in ("pulje", "runde"):
            continue
        if key not in out:
            out[key] = value
        elif isinstance(value, Mapping) and isinstance(out[key], dict):
            section = form.section(str(key))
            asked = {q.id for q in section.questions} if section is not None else set()
            if section is not None and section.svar is None:
                for inner, item_value in value.items():
                    if inner not in asked:
                        out[key][inner] = item_value
    return out


def value_at(old: Mapping[str, Any] | None, path: Path) -> Any:
    """The answer at ``path`` of an answer file's data (None when absent)."""
    current: Any = old
    for p in path:
        if isinstance(current, list) and isinstance(p, int) and not isinstance(p, bool):
            current = current[p] if 0 <= p < len(current) else None
            continue
        if not isinstance(current, Mapping):
            return None
        current = current.get(p, current.get(str(p)) if not isinstance(p, str) else None)
    return current


def _parse(widget: Widget, path: Path, posted: Posted, facts: Facts,
           old: Mapping[str, Any]) -> Any:
    a = widget.attrs
    template = widget.template
    here = name(path)
    if template == "input":
        return read(a["kind"], posted.get(here))
    if template == "textarea":
        return free_text(posted.get(here))
    if template == "lines":
        return lines(posted.get(here))
    if template == "janej":
        if not a.get("key"):
            return yes_no(posted.get(here))
        group: dict[str, Any] = {a["key"]: yes_no(posted.get(name((*path, a["key"]))))}
        for dep in a.get("hvis_ja", ()):
            group[dep.attrs["name"]] = _parse(dep, (*path, dep.attrs["name"]), posted, facts,
                                              old)
        return group
    if template == "radio":
        chosen = posted.get(here)
        return chosen.strip() if chosen and chosen.strip() else None
    if template == "checkboxes":
        return [v for v in posted.getlist(here) if v.strip()]
    if template == "person":
        return {n: read(k, posted.get(name((*path, n)))) for n, _t, k in a["fields"]}
    if template == "counts":
        return {n: read(k, posted.get(name((*path, n)))) for n, _t, k in a["columns"]}
    if template == "measurements":
        return _measurements(a, path, posted, facts, old)
    if template == "rows":
        return _rows(a["columns"], path, posted, facts)
    if template == "quarters":
        return {year: {n: lines(posted.get(name((*path, year, n)))) for n in range(1, 5)}
                for year in facts.year_keys(value_at(old, path))}
    if template == "budget":
        return {t["key"]: _rows(t["columns"], (*path, t["key"]), posted, facts, sparse=True)
                for t in a["tables"]}
    return value_at(old, path)  # a template this pulje cannot draw: the answer is kept as it was


def _measurements(a: Mapping[str, Any], path: Path, posted: Posted, facts: Facts,
                  old: Mapping[str, Any]) -> Any:
    key = a.get("key")
    where = (*path, key) if key else path
    months = {m: read(a["value_kind"], posted.get(name((*where, m))))
              for m in facts.month_keys(value_at(old, where))}
    if not key:
        return months
    out: dict[str, Any] = {n: read(k, posted.get(name((*path, n)))) for n, _t, k in a["baseline"]}
    out[key] = months
    return out


def _rows(columns: Any, path: Path, posted: Posted, facts: Facts, *,
          sparse: bool = False) -> list[dict[str, Any]]:
    """A table's rows: each posted row, its cells read; a row left wholly blank is no row.
    ``sparse``: a blank cell is left out rather than written empty."""
    out = []
    for index in posted.indices(path):
        row: dict[str, Any] = {}
        for col, _title, word in columns:
            where = (*path, index, col)
            if word == YEARS:
                years = {y: read("beloeb", posted.get(name((*where, y))))
                         for y in facts.year_keys(None) + _posted_years(posted, where)}
                value: Any = {y: v for y, v in years.items() if v is not None}
            elif word == CHOICE:
                chosen = posted.get(name(where))
                value = chosen.strip() if chosen and chosen.strip() else None
            else:
                value = read(word, posted.get(name(where)))
            if sparse and value in (None, {}):
                continue
            row[col] = value
        if any(v not in (None, {}, []) for v in row.values()):
            out.append(row)
    return out


def _posted_years(posted: Posted, where: Path) -> list[int]:
    """Years of an amount-per-year cell posted beyond the round's (an answer's own)."""
    head = name(where) + "."
    found = {int(k[len(head):]) for k in posted.values
             if k.startswith(head) and k[len(head):].isdigit() and len(k) - len(head) == 4}
    return sorted(found)
