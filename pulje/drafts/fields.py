"""The fields a content control may stand for, and how its text becomes an answer-file value.

A tag is a field path of the pool's answer model (``documents.form`` documents the convention):
model fields by name, dict keys (months ``2017-10``, years, quarters) and list indices as parts.
``resolve`` walks the model class along the tag and says what kind of value sits there;
``parse`` turns the text a control shows ("2.150.000,00 kr.", "20 %", "4 uger", "ja") into the
value the answer file holds — or says why it cannot.
"""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from pulje.documents.template_builder import (
    META_FIELDS,
    is_attachment,
    list_item_model,
    model_of,
    value_filter,
)
from schemas.introspect import field_extra, unwrap
from schemas.types import parse_ja_nej, parse_money, parse_month, parse_percent

Part = str | int

#: Kinds of leaf: free text (block), a line of text, whole number, amount, percentage, ja/nej,
#: and a list of texts (one paragraph each: a tidsplan cell).
TEXT, LINE, NUMBER, MONEY, PERCENT, YES_NO, LINES = (
    "tekst", "linje", "antal", "beloeb", "procent", "janej", "linjer",
)


@dataclass(frozen=True)
class FieldSpec:
    """What a tag stands for: its path in the answer file, the kind of value, the question."""

    tag: str
    path: tuple[Part, ...]
    kind: str
    title: str
    container: bool = False
    in_list: bool = False  # a row of a list table (rows come and go: never "missing")


def _key(part: str, key_type: Any) -> Part | None:
    """A dict key of the tag in the form the answer file writes it, or None if it cannot be."""
    base = unwrap(key_type)[0]
    if base is int:
        if not re.fullmatch(r"\d{1,4}", part):
            return None
        number = int(part)
        return number if _within(number, key_type) else None
    try:
        parse_month(part)
    except ValueError:
        return None if value_filter(key_type) == "maaned" else part
    return part if re.fullmatch(r"\d{4}-\d{2}", part) else None


def _within(number: int, annotation: Any) -> bool:
    """Whether ``number`` keeps the ge/le bounds an ``Annotated[int, Field(...)]`` sets."""
    metadata: list[Any] = []
    for item in unwrap(annotation)[1]:
        metadata += [item, *getattr(item, "metadata", [])]
    for item in metadata:
        low, high = getattr(item, "ge", None), getattr(item, "le", None)
        if isinstance(low, int) and number < low:
            return False
        if isinstance(high, int) and number > high:
            return False
    return True


def _leaf_kind(annotation: Any, info: FieldInfo | None) -> str | None:
    base = unwrap(annotation)[0]
    if typing.get_origin(base) is list:
        item = unwrap(typing.get_args(base)[0])[0]
        return LINES if item is str else None
    flt = value_filter(annotation, info)
    if flt == "kr":
        return MONEY
    if flt == "pct":
        return PERCENT
    if flt == "janej":
        return YES_NO
    if flt == "antal":
        return NUMBER
    if flt == "tekst" and base is str:
        return TEXT if info is not None and field_extra(info).get("question") else LINE
    return None


@lru_cache(maxsize=4096)
def resolve(model: type[BaseModel], tag: str) -> FieldSpec | None:
    """The field ``tag`` stands for in ``model``, or None when the model has no such field."""
    parts = tag.split(".")
    if not tag or any(not p for p in parts):
        return None
    annotation: Any = model
    info: FieldInfo | None = None
    title = ""
    path: list[Part] = []
    in_list = False
    for depth, part in enumerate(parts):
        inner = unwrap(annotation)[0]
        origin = typing.get_origin(inner)
        current = model_of(annotation)
        if current is not None:
            field = current.model_fields.get(part)
            if field is None or (depth == 0 and (part in META_FIELDS or is_attachment(field))):
                return None
            annotation, info = field.annotation, field
            title = field.title or title
            path.append(part)
        elif origin is dict:
            key_type, value_type = typing.get_args(inner)
            key = _key(part, key_type)
            if key is None:
                return None
            path.append(key)
            annotation, info = value_type, None if model_of(value_type) else info
        elif origin is list and list_item_model(annotation) is not None:
            if not part.isdigit() or len(part) > 4:
                return None
            path.append(int(part))
            annotation, info, in_list = typing.get_args(inner)[0], None, True
        else:
            return None
    if model_of(annotation) is not None or (
        typing.get_origin(unwrap(annotation)[0]) is dict
    ) or list_item_model(annotation) is not None:
        return FieldSpec(tag, tuple(path), "", title, container=True, in_list=in_list)
    kind = _leaf_kind(annotation, info)
    if kind is None:
        return None
    return FieldSpec(tag, tuple(path), kind, title, in_list=in_list)


# --- text → value ----------------------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_WHOLE = re.compile(r"^\d{1,3}(\.\d{3})+$|^\d+$")
_UNITS = re.compile(r"\s*(uger|uge|stk\.?|personer|pers\.?|borgere|medarbejdere)$", re.I)
_PERCENT_WORDS = re.compile(r"\s*(%|pct\.?|procent)$", re.I)


class Unfit(ValueError):
    """Raised when a control's text does not fit its field; ``expected`` names the kind."""

    def __init__(self, expected: str) -> None:
        super().__init__(expected)
        self.expected = expected


#: More digits than any count in a form has; Python refuses to read more than 4300.
MAX_DIGITS = 30


def parse_number(text: str) -> int:
    """"4", "1.200", "4 uger" → a whole number; "ca. 4" or 40 digits → ``Unfit``."""
    value = _UNITS.sub("", text.strip())
    value = _SPACES.sub("", value)
    if not _WHOLE.match(value):
        raise Unfit(NUMBER)
    digits = value.replace(".", "")
    if len(digits) > MAX_DIGITS:
        raise Unfit(NUMBER)
    return int(digits)


def parse_amount(text: str) -> Decimal:
    """"2.150.000,00 kr.", "2150000", "2.150.000 DKK" → Decimal; else ``Unfit``."""
    value = text.strip()
    for suffix in ("DKK", "dkk", "kroner"):
        value = value.removesuffix(suffix).strip()
    value = _SPACES.sub("", value.removeprefix("kr.").removeprefix("kr"))
    try:
        return parse_money(value)
    except ValueError:
        raise Unfit(MONEY) from None


def parse_pct(text: str) -> Decimal:
    """"20 %", "2,5%", "20 pct." → Decimal; else ``Unfit``."""
    value = _PERCENT_WORDS.sub("", text.strip()).strip()
    if not re.fullmatch(r"-?\d+([.,]\d+)?", value):
        raise Unfit(PERCENT)
    try:
        result = parse_percent(value)
    except ValueError:
        raise Unfit(PERCENT) from None
    if not isinstance(result, Decimal) or not result.is_finite():
        raise Unfit(PERCENT)
    return result


def parse_yes_no(text: str) -> bool:
    try:
        value = parse_ja_nej(text.strip().rstrip("."))
    except ValueError:
        raise Unfit(YES_NO) from None
    if not isinstance(value, bool):
        raise Unfit(YES_NO)
    return value


def parse(spec: FieldSpec, text: str, lines: list[str]) -> Any:
    """The value of a control's text for ``spec``; None when empty. Raises ``Unfit``."""
    if spec.kind == LINES:
        return lines or None
    if not text.strip():
        return None
    if spec.kind == TEXT:
        return text
    if spec.kind == LINE:
        return text.strip()
    if spec.kind == NUMBER:
        return parse_number(text)
    if spec.kind == MONEY:
        return parse_amount(text)
    if spec.kind == PERCENT:
        return parse_pct(text)
    if spec.kind == YES_NO:
        return parse_yes_no(text)
    raise Unfit(spec.kind)  # pragma: no cover - resolve only makes the kinds above
