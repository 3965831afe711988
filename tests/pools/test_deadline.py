"""Deadlines judged as of a day: open, passed or not given; the days left in Danish."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from pulje.diagnostics import Translator
from pulje.pools.deadline import described, judge, left, when
from pulje.pools.round import Frist

DA, EN = Translator("da"), Translator("en")
NOON = Frist(dato=date(2017, 2, 1), tid=datetime(2017, 2, 1, 12).time())
DAY = Frist(dato=date(2018, 12, 12))
CPH = ZoneInfo("Europe/Copenhagen")


def test_open_passed_and_not_given_as_of_a_day() -> None:
    assert (judge(NOON, date(2017, 1, 20)).state, judge(NOON, date(2017, 1, 20)).days) == (
        "aaben", 12)
    assert (judge(NOON, date(2017, 2, 4)).state, judge(NOON, date(2017, 2, 4)).days) == (
        "udloebet", -3)
    assert judge(NOON, date(2017, 2, 1)).state == "aaben"  # the day itself, no time to compare
    assert judge(None, date(2017, 2, 1)).state == "ikke_oplyst"


def test_today_the_time_of_day_counts() -> None:
    before = datetime(2017, 2, 1, 11, 59, tzinfo=CPH)
    after = datetime(2017, 2, 1, 12, 1, tzinfo=CPH)
    assert judge(NOON, now=before).state == "aaben"
    assert judge(NOON, now=after).state == "udloebet"
    assert judge(DAY, now=datetime(2018, 12, 12, 23, 0, tzinfo=CPH)).state == "aaben"
    # a deadline has a time in Danish time (winter: UTC+1)
    assert NOON.tidspunkt is not None and NOON.tidspunkt.isoformat() == (
        "2017-02-01T12:00:00+01:00")


def test_the_days_left_in_danish_and_english() -> None:
    assert left(judge(NOON, date(2017, 1, 20)), DA) == "om 12 dage"
    assert left(judge(NOON, date(2017, 1, 31)), DA) == "om 1 dag"
    assert left(judge(NOON, date(2017, 2, 1)), DA) == "i dag"
    assert left(judge(NOON, date(2017, 2, 4)), DA) == "udløbet for 3 dage siden"
    assert left(judge(NOON, date(2017, 2, 2)), DA) == "udløbet for 1 dag siden"
    assert left(judge(None, date(2017, 2, 2)), DA) == "frist ikke oplyst"
    assert left(judge(NOON, date(2017, 2, 4)), EN) == "passed 3 days ago"


def test_the_deadline_with_its_time_or_that_it_is_not_given() -> None:
    assert when(NOON, DA) == "1. februar 2017 kl. 12.00"
    assert when(NOON, DA, short=True) == "1. feb. 2017 kl. 12.00"
    assert described(judge(DAY, date(2018, 12, 1)), DA) == (
        "12. december 2018 (tidspunkt ikke oplyst) — om 11 dage")
    assert described(judge(None, date(2018, 12, 1)), DA) == "frist ikke oplyst"
