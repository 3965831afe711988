"""Benchmark of the portfolio: a kommune's portfolio of N applications with six dates each,
timed for ``pulje status`` (the listing) and ``pulje calendar`` (the iCalendar file, written
with the icalendar library), side by side. The machine is shared: read the ratio, and the
times as an order of magnitude.

    .venv/bin/python bench/bench_portfolio.py [--apps 1000]

Targets: the listing of 1,000 applications ≤ 200 ms (as ``archive list``); the calendar of
1,000 applications (6,000 events, 12,000 alarms) ≤ 2 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pulje.portfolio import DateKind, Status  # noqa: E402
from pulje.portfolio.calendar import ics_bytes  # noqa: E402
from pulje.portfolio.listing import listing, today_at  # noqa: E402
from pulje.portfolio.model import AppRow  # noqa: E402
from pulje.portfolio.store import SqliteStore  # noqa: E402


def fill(store: SqliteStore, n: int) -> None:
    now = datetime.now().astimezone().isoformat()
    statuses = list(Status)
    for i in range(n):
        key = f"pulje-{i % 20}\x1fkommune {i % 98}\x1fprojekt {i}"
        store.save_application(AppRow(key, f"pulje-{i % 20}", "2024", f"Kommune {i % 98}",
                                      f"Projekt nummer {i}", f"a{i}.yaml",
                                      statuses[i % len(statuses)], "1000000.00", None, None,
                                      now, now))
        base = date(2024, 1, 1) + timedelta(days=i % 365)
        store.set_date(key, DateKind.frist, 1, base, dtime(12, 0), "runde")
        store.set_date(key, DateKind.udvalg, 1, base - timedelta(days=10), None, "bruger")
        store.set_date(key, DateKind.start, 1, base + timedelta(days=60), None, "runde")
        store.set_date(key, DateKind.statusrapport, 1, base + timedelta(days=300), None,
                       "tilsagn")
        store.set_date(key, DateKind.slut, 1, base + timedelta(days=790), None, "runde")
        store.set_date(key, DateKind.slutrapport, 1, base + timedelta(days=880), None,
                       "tilsagn")


def median(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--apps", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = SqliteStore(Path(tmp) / "portefoelje.sqlite")
        started = time.perf_counter()
        fill(store, args.apps)
        filled = time.perf_counter() - started
        t_list = median(lambda: listing(store, today_at(date(2025, 3, 1))))
        t_ics = median(lambda: ics_bytes(store), runs=3)
        events = ics_bytes(store).count(b"BEGIN:VEVENT")
    print(f"portefølje med {args.apps} ansøgninger ({events} datoer), fyldt på {filled:.1f} s")
    print(f"  pulje status (listen):   {t_list * 1000:7.1f} ms (median)  mål ≤ 200 ms")
    print(f"  pulje calendar (.ics):   {t_ics * 1000:7.1f} ms (median)  mål ≤ 2000 ms")
    print(f"  kalender ÷ liste:        {t_ics / t_list:7.1f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
