"""Benchmark: the desk in the browser against ``pulje check`` on the same 20 Word drafts.

Run from the repository root: ``.venv/bin/python bench/bench_web_desk.py``. The drafts are
those of ``bench_desk.py`` (the example rendered as ``pulje build`` does, each with one edit).

- ``pulje check DRAFTS/`` as a user runs it: a process of its own, start-up included;
- the web: a ``pulje web`` server already running (on 127.0.0.1, its own data folder), and the
  time from sending the upload of the 20 files until the page with the table has come back:
  the upload, the batch kept under generated names, the same ``check_paths`` in the
  background, the result in both languages, the page's polling and the table.

- 20 bare ``soffice --headless --convert-to pdf`` calls, one per draft (as by hand).

The server keeps one LibreOffice per core warm for the desk (``office.WarmPool``), so an
upload does not wait for LibreOffice to start. It prints the medians of the runs and two
ratios: the web ÷ ``pulje check`` (target ≤ 1.2: the browser adds at most a fifth to what the
check itself costs) and the 20 bare calls ÷ the web (issue 14: the desk ≥ 8× one soffice per
document); it exits 1 when either is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx2 as httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "tests" / "web")]

from bench_desk import bare_soffice, make_drafts  # noqa: E402
from browser import pulje_web  # noqa: E402

from pulje.office import find_soffice  # noqa: E402

TARGET = 1.2
DESK_TARGET = 8.0


def no_pdfs_cached() -> None:
    """Every check makes its PDFs: pulje's PDF cache (in this benchmark's folder) is emptied."""
    shutil.rmtree(Path(os.environ["PULJE_CACHE"]) / "pdf", ignore_errors=True)


def cli_check(inbox: Path) -> float:
    no_pdfs_cached()
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(ROOT / "cli.py"), "check", str(inbox)],
                          capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    assert done.returncode in (0, 1), done.stderr
    return elapsed


def web_check(client: httpx.Client, drafts: list[Path], data: Path | None = None,
              inside: list[float] | None = None) -> float:
    page = client.get("skrivebord").text
    token = re.search(r'name="csrf" value="([^"]+)"', page)
    assert token is not None
    files = [("filer", (p.name, p.read_bytes(), "application/octet-stream")) for p in drafts]
    no_pdfs_cached()
    started = time.perf_counter()
    answer = client.post("skrivebord", data={"csrf": token.group(1)}, files=files)
    assert answer.status_code == 303, answer.text
    batch = answer.headers["location"].lstrip("/")
    while client.get(f"{batch}/status").json()["status"] not in ("faerdig", "fejlet"):
        time.sleep(0.1)  # what the page's script does (every 1.5 s; here finer, to measure)
    table = client.get(batch)
    elapsed = time.perf_counter() - started
    assert table.text.count('<th scope="row"') == len(drafts), table.text[-2000:]
    if data is not None and inside is not None:
        record = json.loads((data / "skrivebord" / batch.rsplit("/", 1)[1] / "batch.json")
                            .read_text(encoding="utf-8"))
        inside.append(float(record["seconds"]))
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="pulje-bench-web-"))
    # pulje's caches in this benchmark's folder (the server inherits it); no PDF is reused.
    os.environ["PULJE_CACHE"] = str(work / "cache")
    try:
        drafts = make_drafts(work, args.documents)
        inbox = drafts[0].parent
        with pulje_web(work / "data", work / "arkiv") as server, \
                httpx.Client(base_url=server.url, timeout=600) as client:
            web_check(client, drafts[:1])  # warm-up: LibreOffice's profile, the app's imports
            cli_check(inbox)
            cli_times: list[float] = []
            web_times: list[float] = []
            job_times: list[float] = []
            bare_times: list[float] = []
            soffice = find_soffice()
            for number in range(args.repeats):  # side by side, so all see the same machine
                cli_times.append(cli_check(inbox))
                web_times.append(web_check(client, drafts, work / "data", job_times))
                started = time.perf_counter()
                for draft in drafts:
                    bare_soffice(soffice, draft, work / f"bare-{number}")
                bare_times.append(time.perf_counter() - started)
        cli, web = statistics.median(cli_times), statistics.median(web_times)
        n = len(drafts)
        print(f"{n} Word drafts of the example, each with one edit in a content control\n")
        print("pulje check DRAFTS/ (a process, start-up included):")
        print(f"  {cli:6.2f} s (median of {args.repeats}: "
              + ", ".join(f"{t:.2f}" for t in cli_times) + ")")
        print("pulje web: upload of the 20 files until the table is back:")
        print(f"  {web:6.2f} s (median of {args.repeats}: "
              + ", ".join(f"{t:.2f}" for t in web_times) + ")")
        print(f"  of which the check in the server's background (staging, check_paths, the "
              f"JSON in two languages): {statistics.median(job_times):.2f} s")
        bare = statistics.median(bare_times)
        print(f"{n} × soffice --headless --convert-to pdf (one per draft):")
        print(f"  {bare:6.2f} s (median of {args.repeats}: "
              + ", ".join(f"{t:.2f}" for t in bare_times) + ")")
        ratio = web / cli
        verdict = "met" if ratio <= TARGET else "NOT met"
        print(f"\nratio: the web takes {ratio:.2f}× pulje check (target ≤ {TARGET}: {verdict})")
        faster = statistics.median(b / w for b, w in zip(bare_times, web_times, strict=True))
        desk_verdict = "met" if faster >= DESK_TARGET else "NOT met"
        print(f"ratio: the web's desk is {faster:.1f}× faster than one soffice per document "
              f"(target ≥ {DESK_TARGET:.0f}×: {desk_verdict})")
        return 0 if ratio <= TARGET and faster >= DESK_TARGET else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
