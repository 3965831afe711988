"""diagnostics.numbers writes every number exactly as babel's format_decimal would."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal as babel_format
from hypothesis import given, settings
from hypothesis import strategies as st

from pulje.diagnostics.numbers import PATTERNS, format_decimal

LOCALES = {"da": "da_DK", "en": "en_GB"}
numbers = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20),
    st.decimals(allow_nan=False, allow_infinity=False, places=None,
                min_value=Decimal("-1e19"), max_value=Decimal("1e19")),
    st.decimals(allow_nan=False, allow_infinity=False, places=3,
                min_value=Decimal("-1000"), max_value=Decimal("1000")),
)


@settings(max_examples=400, derandomize=True, deadline=None)
@given(numbers, st.sampled_from(sorted(LOCALES)), st.sampled_from(sorted(PATTERNS)))
def test_the_same_text_as_babel(value: int | Decimal, lang: str, pattern: str) -> None:
    expected = babel_format(value, format=pattern, locale=LOCALES[lang])
    assert format_decimal(value, lang, pattern) == expected


def test_the_cases_where_rounding_and_signs_matter() -> None:
    cases = [Decimal("0.125"), Decimal("0.135"), Decimal("-0.001"), Decimal("-0.0"), 0, -5,
             Decimal("2150000"), Decimal("1E+3"), Decimal("1.5E-7"), Decimal("-1234.005"),
             Decimal("999.9995"), Decimal("0.005"), Decimal("12345678901234567890.5")]
    for value in cases:
        for lang, locale in LOCALES.items():
            for pattern in PATTERNS:
                assert format_decimal(value, lang, pattern) == babel_format(
                    value, format=pattern, locale=locale), (value, lang, pattern)
    assert format_decimal(Decimal("2150000"), "da", "#,##0.00") == "2.150.000,00"
    assert format_decimal(Decimal("NaN"), "da") == "NaN"  # left to babel
    assert format_decimal(Decimal("Infinity"), "en") == "∞"
