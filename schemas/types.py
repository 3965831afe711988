"""Value types shared by every schema: money, text answers, months, quarters, periods."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, PlainSerializer

from pulje.yamlsource import XML_ILLEGAL

ORE = Decimal("0.01")
# No amount in an application comes near a thousand billion kroner; the bound keeps every sum
# and product of amounts well inside Decimal's 28 digits (quantize would fail near 10^26).
MAX_KR = Decimal(10) ** 12
# A percentage or a number of weeks beyond a million is no answer; the bound keeps formatting
# and comparing cheap (babel cannot format numbers from about 10^25).
MAX_PERCENT = Decimal(10) ** 6
_DANISH_AMOUNT = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+(,\d+)?$")


def parse_money(value: Any) -> Decimal:
    """Accept 2150000, 2150000.00 or Danish "2.150.000,00 kr."; refuse fractions of an øre."""
    if isinstance(value, bool):
        raise ValueError("money_type")
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, Decimal):
        amount = value
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().removesuffix("kr.").removesuffix("kr").strip().replace(" ", "")
        text = text.replace("\u00a0", "")
        if _DANISH_AMOUNT.match(text):
            text = text.replace(".", "").replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError("money_format") from None
    else:
        raise ValueError("money_type")
    if not amount.is_finite():
        raise ValueError("money_format")
    if amount.copy_abs() >= MAX_KR:  # copy_abs: abs() would round, and overflow
        raise ValueError("money_range")
    if amount != amount.quantize(ORE):
        raise ValueError("money_ore")
    return amount.quantize(ORE)


def clean_text(value: str) -> str:
    """Normalise line endings and trailing blanks; keep paragraphs and "- " bullets as written."""
    if XML_ILLEGAL.search(value):
        raise ValueError("xml_char")
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def parse_month(value: Any) -> date:
    """"2017-10", "2017-10-01" (a real day) or a date → the first day of that month."""
    if isinstance(value, date):
        return value.replace(day=1)
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\s*", value)
        if m:
            try:
                day = date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
            except ValueError:  # 2017-02-30, month 13, year 0
                raise ValueError("month_format") from None
            return day.replace(day=1)
    raise ValueError("month_format")


def format_month(value: date) -> str:
    """A month as answer files and tags write it: date(2017, 10, 1) → ``2017-10``."""
    return f"{value.year:04d}-{value.month:02d}"


Money = Annotated[
    Decimal,
    BeforeValidator(parse_money),
    PlainSerializer(lambda d: format(d, "f"), return_type=str, when_used="json"),
]
Tekst = Annotated[str, AfterValidator(clean_text)]
Maaned = Annotated[
    date,
    BeforeValidator(parse_month),
    PlainSerializer(format_month, return_type=str),
]


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter, e.g. 1. kvt. 2017."""

    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise ValueError("quarter_number")

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        end_month = 3 * self.number
        return date(self.year, end_month, calendar.monthrange(self.year, end_month)[1])

    def label(self) -> str:
        return f"{self.number}. kvt. {self.year}"


@dataclass(frozen=True)
class Period:
    """A closed range of days, e.g. the project period 2017-01-01 … 2018-12-31."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("period_order")

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def years(self) -> list[int]:
        return list(range(self.start.year, self.end.year + 1))

    @property
    def months(self) -> int:
        """Whole or part months the period touches."""
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def quarters(self) -> list[Quarter]:
        out = []
        for year in self.years:
            for n in range(1, 5):
                q = Quarter(year, n)
                if q.last_day >= self.start and q.first_day <= self.end:
                    out.append(q)
        return out

    def holds_quarter(self, q: Quarter) -> bool:
        return q.first_day >= self.start and q.last_day <= self.end


_YES = {"ja", "j", "yes", "y", "true", "sand"}
_NO = {"nej", "n", "no", "false", "falsk"}


def parse_ja_nej(value: Any) -> Any:
    """Danish users answer "ja"/"nej"; YAML already turns yes/no/true/false into booleans."""
    if isinstance(value, str):
        word = value.strip().casefold()
        if word in _YES:
            return True
        if word in _NO:
            return False
        raise ValueError("yes_no")
    return value


def parse_percent(value: Any) -> Any:
    """20, 20.5, "20 %" or "20,5%" → Decimal; not a finite number below a million: refused."""
    if isinstance(value, str):
        text = value.strip().removesuffix("%").strip().replace(",", ".")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError("percent_format") from None
    if isinstance(value, float) and not isinstance(value, bool):
        value = Decimal(repr(value))
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        number = Decimal(value)
        if not number.is_finite():
            raise ValueError("percent_format")
        if number.copy_abs() >= MAX_PERCENT:
            raise ValueError("percent_range")
        return number
    return value


def check_year(value: int) -> int:
    """A calendar year Python's dates can hold (1–9999)."""
    if not 1 <= value <= 9999:
        raise ValueError("year_range")
    return value


JaNej = Annotated[bool, BeforeValidator(parse_ja_nej)]
Aar = Annotated[int, AfterValidator(check_year)]
Procent = Annotated[
    Decimal,
    BeforeValidator(parse_percent),
    PlainSerializer(lambda d: format(d, "f"), return_type=str, when_used="json"),
]
