"""``pulje check`` on a folder of every kind of entry: nothing is skipped in silence, devices
and FIFOs are never read, odd names print safely, and one bad file (or an error in pulje
itself) never stops the batch. The big folder is checked once (module fixture, with the real
LibreOffice for its answer files); smaller checks use PDFs only and need no LibreOffice."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import drafts_samples as samples
import pytest
from click.testing import CliRunner

import pulje.drafts.desk as desk
import pulje.drafts.deskread as deskread
import pulje.drafts.entries as entries
from cli import main
from pulje.diagnostics import Translator
from pulje.diagnostics.report import shown
from pulje.drafts import DeskRow, check_paths, render_desk_json, render_desk_text

DA = Translator("da")
ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.skipif(samples.REAL_SOFFICE is None, reason="LibreOffice is needed"),
    pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, devices and sockets are POSIX"),
]

NEWLINE = "ny\nlinje.pdf"
RTL = "rtl\u202eLMAY.docx"
NOT_UTF8 = os.fsdecode(b"bad\xff.yaml")
ESCAPE = "esc\x1b[31m.txt"
#: Each top-level entry of the folder, and the codes of its row.
EXPECTED: dict[str, list[str]] = {
    "god.yaml": [],                       # the example answer file: klar
    "god.pdf": [],                        # the example as PDF: only its text can be checked
    NOT_UTF8: [],                         # the example answer file, a name that is not UTF-8
    NEWLINE: [],                          # the example PDF, a name with a newline
    "fifo.docx": ["DOC031"],
    "dangling.pdf": ["DOC033"],
    "null.docx": ["DOC031"],              # a link to /dev/null
    "sok.pdf": ["DOC031"],                # a socket
    "laast": ["DOC016"],                  # a folder pulje may not read
    "x.docx": ["DOC036"],                 # a folder named like a file …
    "gammel.doc": ["DOC030"],
    "tekst.odt": ["DOC030"],
    "noter.txt": ["DOC030"],
    ESCAPE: ["DOC030"],
    "billede.png": ["DOC017"],
    "tom.pdf": ["DOC003"],                # an empty file
    "korrupt.docx": ["DOC001"],
    RTL: ["DOC001"],
    ".skjult": ["DOC034"],
    "~$god.docx": ["DOC035"],
    "tom-mappe": ["DOC018"],
    "op": ["DOC032"],                     # a link to a folder
    "samme.pdf": ["DOC037"],              # a hard link to god.pdf
}
INSIDE = {"x.docx/indeni.txt": ["DOC030"]}  # … and what it holds
GOOD_FULL = ["god.yaml", NOT_UTF8]
GOOD_TEXT = ["god.pdf", NEWLINE]


def _make(folder: Path, pdf: Path) -> Path:
    shutil.copyfile(samples.EXAMPLE, folder / "god.yaml")
    shutil.copyfile(samples.EXAMPLE, folder / NOT_UTF8)
    shutil.copyfile(pdf, folder / "god.pdf")
    shutil.copyfile(pdf, folder / NEWLINE)
    os.mkfifo(folder / "fifo.docx")
    (folder / "dangling.pdf").symlink_to(folder / "findes-ikke.pdf")
    (folder / "null.docx").symlink_to(os.devnull)
    (folder / "laast").mkdir()
    shutil.copyfile(pdf, folder / "laast" / "skjult-for-pulje.pdf")
    (folder / "x.docx").mkdir()
    (folder / "x.docx" / "indeni.txt").write_text("noter", encoding="utf-8")
    for name in ("gammel.doc", "tekst.odt", "noter.txt", ESCAPE, ".skjult", "~$god.docx"):
        (folder / name).write_bytes(b"ikke et udkast")
    (folder / "billede.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "tom.pdf").write_bytes(b"")
    samples.text_named_docx(folder / "korrupt.docx")
    samples.text_named_docx(folder / RTL)
    (folder / "tom-mappe").mkdir()
    (folder / "op").symlink_to(folder.parent)
    os.link(folder / "god.pdf", folder / "samme.pdf")
    return folder


@pytest.fixture(scope="module")
def sock_dir() -> Iterator[Path]:
    # A socket's path must be short (about 100 bytes); pytest's tmp paths can be longer.
    import tempfile

    short = Path(tempfile.mkdtemp(prefix="pd-"))
    yield short
    shutil.rmtree(short, ignore_errors=True)


def _unreadable(folder: Path) -> Callable[..., Any]:
    """os.scandir, but refusing ``folder`` as the operating system refuses a folder one may
    not read (chmod 000 does not stop root, who runs the tests in CI)."""
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        if isinstance(path, str | os.PathLike) and Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)
    return scandir


@pytest.fixture(scope="module")
def batch(example_pdf: Path, sock_dir: Path) -> Iterator[SimpleNamespace]:
    base = sock_dir / "indbakke"
    base.mkdir()
    folder = _make(base, example_pdf)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(folder / "sok.pdf"))
    (folder / "laast").chmod(0)
    opened: list[str] = []
    real_open = os.open

    def recording_open(path: Any, *args: Any, **kwargs: Any) -> int:
        opened.append(os.fsdecode(path) if isinstance(path, str | bytes | os.PathLike) else "")
        return real_open(path, *args, **kwargs)

    outcome: dict[str, Any] = {}

    def run() -> None:
        outcome["result"] = check_paths([folder])

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(entries.os, "scandir", _unreadable(folder / "laast"))
        mp.setattr(os, "open", recording_open)
        worker = threading.Thread(target=run, daemon=True)
        worker.start()
        worker.join(180)
    server.close()
    (folder / "laast").chmod(0o755)
    assert not worker.is_alive(), "the check hung (a FIFO or device read?)"
    result = outcome["result"]
    yield SimpleNamespace(folder=folder, result=result, opened=opened,
                          rows={r.file[len(str(folder)) + 1:]: r for r in result.files})


def test_every_entry_gets_exactly_one_row(batch: SimpleNamespace) -> None:
    names = [r.file[len(str(batch.folder)) + 1:] for r in batch.result.files]
    assert sorted(names) == sorted([*EXPECTED, *INSIDE])
    assert len(names) == len(set(names))
    for name, expected in {**EXPECTED, **INSIDE}.items():
        got = [d.code for d in batch.rows[name].diagnostics if d.code.startswith("DOC0")
               and d.code not in ("DOC011", "DOC023")]
        assert got == expected, (name, [(d.code, DA.format(d.message, dict(d.params)))
                                        for d in batch.rows[name].diagnostics])


def test_a_folder_named_like_a_file_comes_before_what_it_holds(batch: SimpleNamespace) -> None:
    names = [r.file[len(str(batch.folder)) + 1:] for r in batch.result.files]
    assert names.index("x.docx/indeni.txt") == names.index("x.docx") + 1


def test_the_clean_files_among_them_still_pass(batch: SimpleNamespace) -> None:
    for name in GOOD_FULL:
        row = batch.rows[name]
        assert (row.status, row.fejl, row.sider, row.beloeb) == ("klar", 0, row.sider, 2150000)
        assert row.sider is not None and 12 <= row.sider <= 15
    for name in GOOD_TEXT:
        row = batch.rows[name]
        assert (row.status, row.fejl, row.advarsler) == ("kun tekst", 0, 0), name
        assert "DOC023" in {d.code for d in row.diagnostics}


def test_statuses_say_what_was_and_was_not_checked(batch: SimpleNamespace) -> None:
    status = {name: row.status for name, row in batch.rows.items()}
    assert status["laast"] == status["dangling.pdf"] == status["tom.pdf"] == "ulæselig"
    for name in ("fifo.docx", "null.docx", "sok.pdf", "gammel.doc", "noter.txt", ".skjult",
                 "~$god.docx", "tom-mappe", "op", "x.docx", "billede.png", "samme.pdf"):
        assert status[name] == "ikke kontrolleret", name
    assert not batch.result.unusable  # something could be checked
    assert batch.result.has_errors


def test_devices_fifos_and_sockets_are_never_opened(batch: SimpleNamespace) -> None:
    never = {str(batch.folder / n) for n in ("fifo.docx", "null.docx", "sok.pdf")}
    assert never.isdisjoint(batch.opened)
    # The files that were read were opened (so the recording works).
    assert str(batch.folder / "god.pdf") in batch.opened


def test_the_unreadable_folder_says_its_files_were_not_checked(batch: SimpleNamespace) -> None:
    (finding,) = batch.rows["laast"].diagnostics
    assert DA.format(finding.message, dict(finding.params)) == (
        "pulje må ikke læse denne mappe; det, den indeholder, er ikke kontrolleret."
    )


def test_the_text_table_has_one_line_per_row_whatever_the_names(batch: SimpleNamespace) -> None:
    text = render_desk_text(batch.result, DA)
    lines = text.splitlines()
    table = lines[1: 1 + len(batch.result.files)]
    assert lines[1 + len(batch.result.files)] == ""  # the table ends where the rows end
    assert [line.split("  ")[0].rstrip() for line in table] == [
        shown(r.file) for r in batch.result.files]
    assert f"{batch.folder}/ny\\nlinje.pdf" in text
    assert f"{batch.folder}/rtl\\u202eLMAY.docx" in text
    assert "\x1b" not in text and "\u202e" not in text
    text.encode("utf-8", "strict")


def test_the_json_stays_valid_for_odd_names(batch: SimpleNamespace) -> None:
    out = render_desk_json(batch.result, DA)
    out.encode("utf-8", "strict")
    body = json.loads(out)
    assert [f["fil"] for f in body["filer"]] == [shown(r.file) for r in batch.result.files]
    summary = body["summary"]
    assert summary["filer"] == len(batch.result.files) == sum(
        summary[k] for k in ("klar", "kun_tekst", "fejl", "ulaeselige", "findes_ikke",
                             "ikke_kontrolleret"))
    assert summary["fund"]["fejl"] == sum(r.fejl for r in batch.result.files)


def test_the_summary_counts_are_the_real_counts(batch: SimpleNamespace) -> None:
    last = render_desk_text(batch.result, Translator("en")).splitlines()[-1]
    rows = batch.result.files
    words = {"klar": "ready", "kun tekst": "only text and pages checked",
             "fejl": "with errors", "ulæselig": "unreadable",
             "ikke kontrolleret": "not checked"}
    parts = [f"{n} {words[s]}" for s in words
             if (n := sum(1 for r in rows if r.status == s))]
    assert sum(int(p.split()[0]) for p in parts) == len(rows)
    found = [d.severity.value for r in rows for d in r.diagnostics]

    def en(n: int, word: str) -> str:
        return f"{n} {word}" if n == 1 else f"{n} {word}s"

    counted = [en(found.count("fejl"), "error"), en(found.count("advarsel"), "warning")]
    if found.count("info"):
        counted.append(en(found.count("info"), "note"))
    assert last == (f"{len(rows)} files: {', '.join(parts)}. Found "
                    f"{', '.join(counted[:-1])} and {counted[-1]}.")


# --- smaller folders, no LibreOffice ------------------------------------------------------------


def test_a_file_swapped_for_a_fifo_after_it_was_looked_at_is_not_waited_on(
    tmp_path: Path, pdf_copy: Callable[[Path], Path], monkeypatch: pytest.MonkeyPatch,
) -> None:
    swap = pdf_copy(tmp_path / "skifter.pdf")
    pdf_copy(tmp_path / "god.pdf")
    real = desk.snapshot

    def swapping(path: Path, copy: Path, limit: int = entries.MAX_BYTES) -> Any:
        if path == swap:  # between the look (lstat) and the read, a FIFO takes its place
            path.unlink()
            os.mkfifo(path)
        return real(path, copy, limit)

    monkeypatch.setattr(desk, "snapshot", swapping)
    result = _in_time(lambda: check_paths([tmp_path]))
    rows = {Path(r.file).name: r for r in result.files}
    assert [d.code for d in rows["skifter.pdf"].diagnostics] == ["DOC031"]
    assert rows["god.pdf"].status == "kun tekst"
    assert stat.S_ISFIFO(os.stat(swap).st_mode)


def test_snapshot_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.pdf"
    os.mkfifo(fifo)
    with pytest.raises(entries.NotAFile):
        _in_time(lambda: entries.snapshot(fifo, tmp_path / "kopi"))
    assert not (tmp_path / "kopi").exists()


def _in_time(action: Callable[[], Any], seconds: float = 60) -> Any:
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = action()
        except BaseException as exc:  # noqa: BLE001 - handed to the test's thread
            box["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "blocked"
    if "error" in box:
        raise box["error"]
    return box["value"]


@pytest.mark.internal_error
def test_an_error_in_pulje_while_checking_one_file_is_that_files_finding(
    tmp_path: Path, pdf_copy: Callable[[Path], Path], monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    pdf_copy(tmp_path / "a.pdf")
    pdf_copy(tmp_path / "b.pdf")
    (tmp_path / "c.txt").write_text("noter", encoding="utf-8")
    real = deskread.text_findings

    def failing(file: str, *args: Any) -> Any:
        if file.endswith("a.pdf"):
            raise RuntimeError("boom in text_findings")
        return real(file, *args)

    monkeypatch.setattr(deskread, "text_findings", failing)
    result = check_paths([tmp_path])
    rows = {Path(r.file).name: r for r in result.files}
    assert list(rows) == ["a.pdf", "b.pdf", "c.txt"]
    (internal,) = [d for d in rows["a.pdf"].diagnostics if d.code == "DOC038"]
    assert internal.params["error"] == "RuntimeError: boom in text_findings"
    assert rows["a.pdf"].status == "fejl"
    assert rows["b.pdf"].status == "kun tekst"
    assert [d.code for d in rows["c.txt"].diagnostics] == ["DOC030"]
    # The traceback is kept for whoever looks into it.
    (record,) = [r for r in caplog.records if r.name == "pulje.desk"]
    assert record.exc_info is not None and "boom" in str(record.exc_info[1])


@pytest.mark.internal_error
def test_an_error_in_pulje_while_walking_the_folder_is_that_entrys_finding(
    tmp_path: Path, pdf_copy: Callable[[Path], Path], monkeypatch: pytest.MonkeyPatch,
) -> None:
    pdf_copy(tmp_path / "a.pdf")
    (tmp_path / "b.txt").write_text("noter", encoding="utf-8")
    real = entries._file

    def failing(entry: entries.Entry) -> entries.Entry:
        if entry.path.name == "b.txt":
            raise KeyError("walk")
        return real(entry)

    monkeypatch.setattr(entries, "_file", failing)
    out = CliRunner().invoke(main, ["--lang", "en", "check", "--format", "json",
                                    str(tmp_path)], catch_exceptions=False)
    assert out.exit_code == 1
    a, b = json.loads(out.stdout)["filer"]
    assert (a["status"], b["status"]) == ("kun tekst", "fejl")
    assert [(d["code"], "KeyError: 'walk'" in d["message"]) for d in b["diagnostics"]] == [
        ("DOC038", True)]
    assert "report" in b["diagnostics"][0]["hint"]


def test_an_empty_folder_is_not_ready_and_exits_2(tmp_path: Path) -> None:
    (tmp_path / "tom").mkdir()
    out = CliRunner().invoke(main, ["--lang", "da", "check", str(tmp_path / "tom")])
    assert out.exit_code == 2
    lines = out.stdout.splitlines()
    assert lines[1].split()[-2:] == ["ikke", "kontrolleret"]
    assert lines[-1].endswith("Der blev ikke fundet noget, pulje kan kontrollere.")


def test_a_folder_of_nothing_pulje_can_read_exits_2(tmp_path: Path) -> None:
    (tmp_path / "gammel.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "noter.txt").write_text("noter", encoding="utf-8")
    samples.text_named_docx(tmp_path / "korrupt.docx")
    out = CliRunner().invoke(main, ["--lang", "en", "check", str(tmp_path)])
    assert out.exit_code == 2
    assert "klar" not in out.stdout and " ready" not in out.stdout.splitlines()[-1]


def test_a_folder_with_a_clean_pdf_and_junk_exits_0(
    tmp_path: Path, pdf_copy: Callable[[Path], Path],
) -> None:
    pdf_copy(tmp_path / "a.pdf")
    (tmp_path / "billede.png").write_bytes(b"\x89PNG")
    out = CliRunner().invoke(main, ["--lang", "en", "check", str(tmp_path)])
    assert out.exit_code == 0, out.stdout


def test_a_path_given_twice_is_checked_once(
    tmp_path: Path, pdf_copy: Callable[[Path], Path],
) -> None:
    pdf = pdf_copy(tmp_path / "a.pdf")
    result = check_paths([tmp_path, pdf])
    first, second = result.files
    assert first.status == "kun tekst"
    assert [d.code for d in second.diagnostics] == ["DOC037"]


def test_check_output_with_odd_names_under_a_strict_utf8_terminal(
    tmp_path: Path, pdf_copy: Callable[[Path], Path],
) -> None:
    for name in (NEWLINE, os.fsdecode(b"ikke-utf8-\xe6.pdf"), "rtl\u202eFDP.pdf"):
        pdf_copy(tmp_path / name)
    (tmp_path / ESCAPE).write_text("x", encoding="utf-8")
    env = dict(os.environ, PYTHONIOENCODING="utf-8:strict", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    for fmt in ("text", "json"):
        proc = subprocess.run(
            [sys.executable, str(ROOT / "cli.py"), "check", "--format", fmt, str(tmp_path)],
            env=env, capture_output=True, timeout=120, check=False,
        )
        assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
        out = proc.stdout.decode("utf-8")
        if fmt == "json":
            assert len(json.loads(out)["filer"]) == 4
        else:
            lines = out.splitlines()
            assert lines[5] == ""  # header and four rows: a name cannot add a row
            assert "ikke-utf8-\\xe6.pdf" in lines[2] or "ikke-utf8-\\xe6.pdf" in out


def test_a_row_of_pulje_errors_never_reads_ready() -> None:
    row = DeskRow("a.pdf", "pdf", scope="tekst")
    row.diagnostics.append(entries.internal_error(RuntimeError("x")))
    assert row.status == "fejl"


def test_pulje_s_archive_inside_a_folder_is_one_row(
    tmp_path: Path, pdf_copy: Callable[[Path], Path],
) -> None:
    pdf_copy(tmp_path / "a.pdf")
    (tmp_path / "arkiv" / "objects" / "ab").mkdir(parents=True)
    (tmp_path / "arkiv" / "objects" / "ab" / "cdef").write_bytes(b"blob")
    (tmp_path / "arkiv" / "index.sqlite").write_bytes(b"SQLite format 3\0")
    rows = check_paths([tmp_path]).files
    assert [Path(r.file).name for r in rows] == ["a.pdf", "arkiv"]
    assert [d.code for d in rows[1].diagnostics] == ["DOC028"]
    assert rows[1].status == "ikke kontrolleret"


def test_an_error_message_with_an_odd_name_prints_under_a_strict_utf8_terminal(
    tmp_path: Path,
) -> None:
    env = dict(os.environ, PYTHONIOENCODING="utf-8:strict", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    odd = os.fsdecode(b"ny\nfil\xff.yaml")
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "build", odd], cwd=tmp_path,
                          env=env, capture_output=True, timeout=120, check=False)
    assert proc.returncode == 2
    err = proc.stderr.decode("utf-8")
    assert "Traceback" not in err
    assert "ny\\nfil\\xff.yaml" in err


def test_a_file_pulje_may_not_read_is_unreadable_and_the_rest_is_checked(
    tmp_path: Path, pdf_copy: Callable[[Path], Path], monkeypatch: pytest.MonkeyPatch,
) -> None:
    pdf_copy(tmp_path / "a.pdf")
    pdf_copy(tmp_path / "b.pdf")
    real = desk.snapshot

    def refusing(path: Path, copy: Path, limit: int = entries.MAX_BYTES) -> Any:
        if path.name == "a.pdf":  # as open() refuses a file without read permission
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, copy, limit)

    monkeypatch.setattr(desk, "snapshot", refusing)
    a, b = check_paths([tmp_path]).files
    assert ([d.code for d in a.diagnostics], a.status) == (["DOC016"], "ulæselig")
    assert DA.format(a.diagnostics[0].message, {}) == "pulje må ikke læse denne fil."
    assert b.status == "kun tekst"


def test_a_folder_too_large_or_too_deep_says_where_pulje_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(entries, "MAX_ENTRIES", 4)
    monkeypatch.setattr(entries, "MAX_DEPTH", 2)
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    (deep / "c.txt").write_text("x", encoding="utf-8")
    for name in ("d.txt", "e.txt", "f.txt", "g.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    names = [(r.file[len(str(tmp_path)) + 1:], [d.code for d in r.diagnostics])
             for r in check_paths([tmp_path]).files]
    assert names == [
        ("a/b", ["DOC039"]),  # two levels down: not looked into
        ("d.txt", ["DOC030"]),
        ("e.txt", ["DOC030"]),
        ("", ["DOC039"]),  # at the fifth entry pulje stops, and says so on the folder's row
    ]


def test_the_table_speaks_english_with_lang_en(batch: SimpleNamespace) -> None:
    lines = render_desk_text(batch.result, Translator("en")).splitlines()
    assert lines[0].split() == ["File", "Type", "Errors", "Warnings", "Pages", "Status"]
    # The columns after the file's name (names here hold Danish words).
    table = "\n".join(" | ".join(re.split(r"\s{2,}", line.strip())[1:])
                      for line in lines[1: 1 + len(batch.result.files)])
    for word in ("ready", "only text and pages checked", "unreadable", "not checked",
                 "answer file", "folder", "other"):
        assert word in table, word
    for danish in ("klar", "ulæselig", "kontrolleret", "svarfil", "mappe", "anden"):
        assert danish not in table, danish


def test_json_files_that_are_not_pulje_s_are_not_taken_for_its_records(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text('{"name": "en webapp", "icons": []}',
                                            encoding="utf-8")
    (tmp_path / "report.json").write_text('{"format": "noget andet"}', encoding="utf-8")
    (tmp_path / "data.json").write_text("[1, 2", encoding="utf-8")
    rows = check_paths([tmp_path]).files
    assert [(Path(r.file).name, [d.code for d in r.diagnostics], r.status) for r in rows] == [
        ("data.json", ["DOC017"], "ikke kontrolleret"),
        ("manifest.json", ["DOC017"], "ikke kontrolleret"),
        ("report.json", ["DOC017"], "ikke kontrolleret"),
    ]


def test_a_damaged_manifest_beside_pulje_s_report_is_a_fejl(tmp_path: Path) -> None:
    (tmp_path / "report.json").write_text(json.dumps(
        {"format": "pulje-rapport/1", "ansoegning": "a.yaml", "udkast": False,
         "diagnostics": [], "filer": {}}), encoding="utf-8")
    (tmp_path / "manifest.json").write_text('{"format": "pulje-pakke/1", "pool": ',
                                            encoding="utf-8")
    rows = {Path(r.file).name: r for r in check_paths([tmp_path]).files}
    assert [d.code for d in rows["manifest.json"].diagnostics] == ["ARK001"]
    assert rows["manifest.json"].status == "fejl"
    assert rows["report.json"].status == "klar"
