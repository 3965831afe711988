"""The browser tests' tools: a real ``pulje web`` server process on a free port, Debian's
Chromium driven by Playwright (never a browser Playwright downloads), and the axe-core scan.

Chromium starts with the flags that keep it from calling out (the test machine has no network
but the package registries): no background networking, no component updates, no sync."""

from __future__ import annotations

import json
import os
import queue
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / ".cache" / "axe-core" / "axe.min.js"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(os.environ.get("PULJE_SCREENSHOTS", "/tmp/pulje-web-skaermbilleder"))
#: What the scan holds pages to: WCAG 2.1 A and AA.
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@dataclass
class Server:
    url: str
    process: subprocess.Popen[str]
    output: list[str]
    data: Path


@contextmanager
def pulje_web(data: Path, archive: Path, *args: str) -> Iterator[Server]:
    """``pulje web --port 0`` as a process of its own; its address as it prints it."""
    env = {**os.environ, "PULJE_LANG": "da", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "cli.py"), "web", "--port", "0", "--data", str(data),
         "--archive", str(archive), *args],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:  # a thread: the pipe is read whole, so the server never blocks on it
        assert process.stdout is not None
        for line in process.stdout:
            output.append(line)
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    try:
        deadline = time.monotonic() + 60
        url = None
        while url is None:
            assert time.monotonic() < deadline, f"pulje web did not start:\n{output}"
            try:
                line = lines.get(timeout=1.0)
            except queue.Empty:
                assert process.poll() is None, f"pulje web stopped:\n{output}"
                continue
            found = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
            url = found.group(1) if found else None
        yield Server(url, process, output, data)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def launch(playwright: Any) -> Any:
    assert CHROMIUM.exists(), "Debian's chromium is missing: run make setup"
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """The page's WCAG 2.1 A/AA violations by axe-core, injected for the test only."""
    assert AXE.exists(), f"{AXE} is missing: run make setup (it fetches axe-core)"
    # Evaluated through the DevTools protocol: the page's own CSP forbids inline scripts, and
    # rightly so; the scan must not need a weaker policy than users get.
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help, "
        "nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)}))", WCAG)
    return list(found)


def describe(violations: list[dict[str, Any]]) -> str:
    return json.dumps(violations, ensure_ascii=False, indent=1)


def shoot(page: Any, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    target = SHOTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    return target


def log_in(page: Any, server: Server, name: str, password: str, path: str) -> None:
    """Open ``path``, be sent to the login page, log in as ``name`` and land on ``path``."""
    from playwright.sync_api import expect

    page.goto(server.url + path)
    expect(page).to_have_url(re.compile(r"/log-ind\?next="))
    page.get_by_label("Brugernavn").fill(name)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()
    expect(page).to_have_url(server.url + path)


def scan(page: Any, name: str) -> None:
    """A screenshot of the page, and no WCAG 2.1 A/AA violation on it."""
    shoot(page, name)
    violations = axe_violations(page)
    assert not violations, f"{name}: {describe(violations)}"


def pages_of(answer_text: str, work: Path) -> int:
    """What ``pulje pages`` says of the documents the answer file's page limit counts."""
    from pulje.answers.loader import load_text
    from pulje.report.gauge import counting

    loaded = load_text(answer_text, "svar.yaml")
    work.mkdir(parents=True, exist_ok=True)
    paths = []
    for document in counting(loaded):
        target = work / document.name("ansoegning", document.source)
        document.render(loaded, target, draft=False)
        paths.append(str(target))
    done = subprocess.run([sys.executable, str(ROOT / "cli.py"), "pages", *paths], cwd=ROOT,
                          capture_output=True, text=True, env={**os.environ, "PULJE_LANG": "da"},
                          check=True)
    return sum(int(n) for n in re.findall(r":\s*(\d+) sider?\b", done.stdout))
