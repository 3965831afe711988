"""Benchmark: from a changed answer to an updated page gauge in ``pulje web``, with LibreOffice
kept warm, and the gauge's count against ``pulje pages`` every time.

Run from the repository root: ``.venv/bin/python bench/bench_web_gauge.py``.

A ``pulje web`` server runs on 127.0.0.1 (its own data folder); the example is read in as an
application; the first count (LibreOffice starting) is waited for and not timed. Then each
change is one save of the whole form as the page's script sends it (the answer to "Beskriv
forandringerne" made longer or shorter by whole paragraphs, so that the count moves across
page boundaries, 12 to 16 pages), and the time runs from sending the save until the gauge
reports the count of the version the save made (asked every 50 ms; the page's script asks
every 300 ms); beside it, the save's own answer time (the answer file written, validate's
findings) and the server's count (the document rendered, converted by the warm LibreOffice,
its pages and sections read). Each change's saved answer file is rendered as the build renders
it and ``pulje pages`` counts it in a process of its own (after the timed changes, so that its
LibreOffice does not run beside them): the two counts must be equal.

It prints each change's time and pages, the median and the slowest, and the slowest as a
ratio to the target (≤ 2 s); it exits non-zero if a change is slower than the target or a
count differs from ``pulje pages``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx2 as httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "web")]

from browser import pages_of, pulje_web  # noqa: E402
from formdata import form_fields, replaced  # noqa: E402

EXAMPLE = ROOT / "applications" / "albertslund-bedre-ressourceforloeb.yaml"
FIELD = "formaal.forandringer"
TARGET = 2.0
#: Paragraphs added to the answer, change by change: up, down, and across page boundaries.
STEPS = [0, 6, 12, 3, 18, 9, 0, 15, 21, 6, 24, 1]
PARAGRAPH = ("Et afsnit om de forandringer, projektet skal skabe for borgerne, for "
             "sagsbehandlerne og for samarbejdet med virksomhederne i kommunen. ") * 3


def _token(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def start(client: httpx.Client) -> str:
    """The example read in as a new application; its address (relative)."""
    token = _token(client.get("ansoegninger").text)
    answer = client.post("ansoegninger/indlaes", data={"csrf": token}, files=[
        ("fil", (EXAMPLE.name, EXAMPLE.read_bytes(), "application/yaml"))])
    assert answer.status_code == 303, answer.text[-2000:]
    return str(answer.headers["location"]).lstrip("/")


def settled(client: httpx.Client, draft: str, version: int,
            timeout: float = 300) -> dict[str, Any]:
    """The gauge once it has counted ``version``."""
    deadline = time.monotonic() + timeout
    while True:
        state: dict[str, Any] = client.get(f"{draft}/sider").json()
        if state["current"] and state["version"] == version:
            return state
        assert time.monotonic() < deadline, f"the gauge did not count version {version}"
        time.sleep(0.05)


def as_posted(fields: list[tuple[str, str]]) -> dict[str, Any]:
    out: dict[str, list[str]] = {}
    for name, value in fields:
        out.setdefault(name, []).append(value)
    return {k: v if len(v) > 1 else v[0] for k, v in out.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=len(STEPS))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="pulje-bench-gauge-"))
    rows: list[tuple[int, float, int | None, int, float, float]] = []
    saved_texts: list[str] = []
    try:
        with pulje_web(work / "data", work / "arkiv") as server, \
                httpx.Client(base_url=server.url, timeout=600) as client:
            draft = start(client)
            fields = form_fields(client.get(draft).text)
            version = int(dict(fields)["version"])
            warm_up = time.perf_counter()
            settled(client, draft, version)
            first = time.perf_counter() - warm_up
            base = dict(fields)[FIELD].replace("\r\n", "\n")
            for extra in (STEPS * 4)[:args.changes]:
                text = base + "".join(f"\n\n{i}. {PARAGRAPH}" for i in range(1, extra + 1))
                changed = replaced(fields, {FIELD: text, "version": str(version)})
                started = time.perf_counter()
                saved = client.post(draft, data=as_posted(changed),
                                    headers={"Accept": "application/json"})
                assert saved.status_code == 200, saved.text[-2000:]
                save = time.perf_counter() - started
                version = int(saved.json()["version"])
                state = settled(client, draft, version)
                elapsed = time.perf_counter() - started
                saved_texts.append(client.get(f"{draft}/svarfil").text)
                rows.append((extra, elapsed, state["pages"], 0, save,
                             float(state.get("seconds") or 0)))
                assert state.get("warm"), "the gauge counted with a cold LibreOffice"
                fields = form_fields(client.get(draft).text)
        # counted after the timed changes, so that no LibreOffice of pulje pages runs beside them
        rows = [(*row[:3], pages_of(text, work / f"tael-{n}"), *row[4:])
                for n, (row, text) in enumerate(zip(rows, saved_texts, strict=True))]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("pulje web: a changed answer until the page gauge shows its count "
          "(LibreOffice kept warm)\n")
    print("  the machine's load (1, 5, 15 min) at the end: "
          + ", ".join(f"{x:.1f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores\n")
    print(f"  first count after the example was read in (LibreOffice starting): "
          f"{first:.2f} s\n")
    print("  change  paragraphs  seconds  (save  count)  gauge  pulje pages")
    for n, (extra, elapsed, pages, counted, save, count) in enumerate(rows, start=1):
        mark = "" if pages == counted else "  ← differs"
        print(f"  {n:6d}  {extra:10d}  {elapsed:7.2f}  ({save:4.2f}  {count:5.2f})  "
              f"{pages!s:>5}  {counted:11d}{mark}")
    times = [r[1] for r in rows]
    slowest, median = max(times), statistics.median(times)
    same = all(r[2] == r[3] for r in rows)
    print(f"\n  median {median:.2f} s, slowest {slowest:.2f} s; "
          f"pages seen: {sorted({r[3] for r in rows})}")
    ok = slowest <= TARGET and same
    differ = sum(r[2] != r[3] for r in rows)
    print(f"\nratio: the slowest change takes {slowest / TARGET:.2f}× the target of "
          f"{TARGET:.0f} s ({'met' if slowest <= TARGET else 'NOT met'}); the gauge's count "
          f"equals pulje pages in {len(rows) - differ} of {len(rows)} changes")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
