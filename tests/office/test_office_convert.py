"""convert_to_pdf with the real LibreOffice: one run for a batch, bad files fail alone, no hangs."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import office_samples as samples
import pytest
from pypdf import PdfReader

from pulje.diagnostics.codes import Code
from pulje.diagnostics.i18n import Translator
from pulje.diagnostics.model import Severity
from pulje.office import (
    INSTALL_COMMAND,
    ConversionFailure,
    LibreOfficeMissing,
    beyond_limit,
    convert_to_pdf,
    count_pages,
    page_texts,
    section_pages,
)
from pulje.office import convert as convert_module

DA = Translator("da")
REAL_SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _pdf_pages(path: Path) -> int:
    # Counted by pypdf directly, so the test does not lean on office.count_pages alone.
    return len(PdfReader(path).pages)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _script(path: Path, body: str) -> Path:
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)
    return path


def _live_group_members(pgid: int) -> list[int]:
    """Processes (not zombies) whose process group is ``pgid``."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(entry.name))
    return members


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    assert REAL_SOFFICE, "LibreOffice must be installed: " + INSTALL_COMMAND
    root = tmp_path_factory.mktemp("batch")
    (root / "a").mkdir()
    (root / "b").mkdir()
    random_bytes = root / "a" / "tilfaeldig.docx"
    random_bytes.write_bytes(os.urandom(4000))
    text_as_docx = root / "a" / "notat.docx"
    text_as_docx.write_text("Bare en tekstfil med et forkert navn.\n")
    txt = root / "a" / "notat.txt"
    txt.write_text("En tekstfil.\n")
    sources = SimpleNamespace(
        sections=samples.three_sections(root / "a" / "ansoegning.docx"),
        one=samples.one_page(root / "b" / "ansoegning.docx"),
        random_bytes=random_bytes,
        text_as_docx=text_as_docx,
        txt=txt,
        broken_xml=samples.broken_word_xml(root / "a" / "oedelagt.docx"),
    )
    paths = list(vars(sources).values())
    hashes = {p: _sha(p) for p in paths}
    listings = {d: sorted(os.listdir(d)) for d in (root / "a", root / "b")}
    calls = root / "calls.log"
    # A wrapper that logs each start of LibreOffice, to see that the batch is one run.
    wrapper = _script(root / "soffice", f'echo run >> "{calls}"\nexec "{REAL_SOFFICE}" "$@"\n')
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PULJE_SOFFICE", str(wrapper))
        results = convert_to_pdf(paths, root / "pdf", timeout=60)
    return SimpleNamespace(
        root=root,
        sources=sources,
        paths=paths,
        results=results,
        hashes=hashes,
        listings=listings,
        runs=calls.read_text().count("run"),
    )


def test_good_documents_get_pdfs_with_exact_page_counts(batch: SimpleNamespace) -> None:
    pdf_dir = batch.root / "pdf"
    assert batch.results[batch.sources.sections] == pdf_dir / "ansoegning.pdf"
    assert batch.results[batch.sources.one] == pdf_dir / "ansoegning-2.pdf"
    assert _pdf_pages(pdf_dir / "ansoegning.pdf") == 3
    assert count_pages(pdf_dir / "ansoegning.pdf") == 3
    assert _pdf_pages(pdf_dir / "ansoegning-2.pdf") == 1
    assert count_pages(pdf_dir / "ansoegning-2.pdf") == 1


def test_each_share_of_the_batch_is_one_libreoffice_run(batch: SimpleNamespace) -> None:
    # Three .docx files reach LibreOffice, shared out among one run per core. The broken XML
    # file fails inside LibreOffice, which goes on with the rest: no retries.
    assert batch.runs == convert_module.workers_for(3)
    assert 1 <= batch.runs <= 3


def test_bad_files_fail_alone_with_a_reason(batch: SimpleNamespace) -> None:
    s = batch.sources
    expected = {
        s.random_bytes: convert_module.MSG_NOT_WORD,
        s.text_as_docx: convert_module.MSG_NOT_WORD,
        s.txt: convert_module.MSG_NOT_DOCX,
        s.broken_xml: convert_module.MSG_NOT_CONVERTED,
    }
    for source, reason in expected.items():
        failure = batch.results[source]
        assert isinstance(failure, ConversionFailure)
        assert failure.source == source
        assert failure.reason == reason
        text = DA.format(failure.reason, dict(failure.params))
        assert str(source) in text
        assert text != failure.reason  # translated into Danish
    assert not any(p.name.startswith("tilfaeldig") for p in (batch.root / "pdf").iterdir())


def test_results_follow_the_order_of_the_sources(batch: SimpleNamespace) -> None:
    assert list(batch.results) == batch.paths


def test_inputs_are_untouched_and_outdir_holds_only_the_pdfs(batch: SimpleNamespace) -> None:
    assert {p: _sha(p) for p in batch.paths} == batch.hashes
    # No LibreOffice lock files (.~lock.*#) or PDFs left beside the user's documents.
    for folder, listing in batch.listings.items():
        assert sorted(os.listdir(folder)) == listing
    assert sorted(os.listdir(batch.root / "pdf")) == ["ansoegning-2.pdf", "ansoegning.pdf"]


def test_a_failure_becomes_a_located_danish_diagnostic(batch: SimpleNamespace) -> None:
    failure = batch.results[batch.sources.txt]
    code = Code("PAG999", Severity.FEJL, "test", "test")
    diagnostic = failure.diagnostic(code)
    assert diagnostic.code == "PAG999"
    assert diagnostic.severity is Severity.FEJL
    assert diagnostic.location is not None
    assert diagnostic.location.file == str(batch.sources.txt)
    assert DA.format(diagnostic.message, dict(diagnostic.params)) == (
        f"{batch.sources.txt} er ikke en .docx-fil."
    )


def test_sections_found_on_the_converted_pages(batch: SimpleNamespace) -> None:
    texts = page_texts(batch.results[batch.sources.sections])
    assert len(texts) == 3
    spans = section_pages(texts, samples.HEADINGS)
    assert [(s.key, s.start_page, s.end_page, s.pages) for s in spans] == [
        ("formaal", 1, 1, 1),
        # Shares page 1 with formaal; ends on page 2 because samarbejde opens page 3
        # (only the repeated page header stands above it).
        ("maalgruppe", 1, 2, 2),
        ("samarbejde", 3, 3, 1),
    ]
    assert [s.key for s in beyond_limit(spans, 2)] == ["samarbejde"]
    assert beyond_limit(spans, 3) == []


def test_missing_libreoffice_is_a_danish_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PULJE_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(convert_module, "_MAC_SOFFICE", str(tmp_path / "no-such-soffice"))
    doc = samples.one_page(tmp_path / "a.docx")
    with pytest.raises(LibreOfficeMissing) as info:
        convert_to_pdf([doc], tmp_path / "pdf")
    text = info.value.text(DA)
    assert "LibreOffice skal bruges" in text
    assert INSTALL_COMMAND in text
    assert not (tmp_path / "pdf").exists()


def test_pulje_soffice_naming_no_program_is_a_danish_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PULJE_SOFFICE", str(tmp_path / "no-such-soffice"))
    with pytest.raises(LibreOfficeMissing) as info:
        convert_to_pdf([samples.one_page(tmp_path / "a.docx")], tmp_path / "pdf")
    assert "PULJE_SOFFICE er sat til" in info.value.text(DA)


def test_hanging_libreoffice_is_stopped_with_its_whole_process_group(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pids = tmp_path / "pids"
    # Like a hung soffice: a child process that outlives the parent unless the group is killed.
    fake = _script(tmp_path / "soffice", f'echo $$ >> "{pids}"\nsleep 60 &\nwait\n')
    monkeypatch.setenv("PULJE_SOFFICE", str(fake))
    docs = [samples.one_page(tmp_path / "a.docx"), samples.one_page(tmp_path / "b.docx")]
    started = time.monotonic()
    results = convert_to_pdf(docs, tmp_path / "pdf", timeout=1.5)
    elapsed = time.monotonic() - started
    # The batch hangs on a.docx, which fails without a second try; b.docx, never started, gets
    # a run of its own, which hangs too: two timeouts, and no waiting for the sleeps (60 s
    # each; the bound is loose on purpose, a loaded machine is slow, not wrong).
    assert elapsed < 30
    for doc in docs:
        failure = results[doc]
        assert isinstance(failure, ConversionFailure)
        assert DA.format(failure.reason, dict(failure.params)) == (
            f"LibreOffice brugte mere end 1,5 sekunder på {doc} og blev stoppet."
        )
    started_groups = [int(line) for line in pids.read_text().split()]
    assert len(started_groups) == 2
    for pgid in started_groups:
        assert _live_group_members(pgid) == []
    assert os.listdir(tmp_path / "pdf") == []


def test_one_hanging_document_fails_alone_and_costs_one_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert REAL_SOFFICE
    calls = tmp_path / "calls.log"
    # Like LibreOffice, converts the files one after the other; hangs on the marked document.
    fake = _script(
        tmp_path / "soffice",
        f'echo run >> "{calls}"\n'
        'opts=""; files=""\n'
        'for a in "$@"; do\n'
        '  case "$a" in *.docx) files="$files $a";; *) opts="$opts $a";; esac\n'
        "done\n"
        "for f in $files; do\n"
        '  if grep -q HAENGER "$f"; then sleep 60; fi\n'
        f'  "{REAL_SOFFICE}" $opts "$f" || exit $?\n'
        "done\n",
    )
    monkeypatch.setenv("PULJE_SOFFICE", str(fake))
    before = samples.one_page(tmp_path / "foer.docx")
    hanging = samples.with_marker(tmp_path / "haenger.docx", b"HAENGER")
    after = samples.one_page(tmp_path / "efter.docx")
    started = time.monotonic()
    results = convert_to_pdf([before, hanging, after], tmp_path / "pdf", timeout=6)
    elapsed = time.monotonic() - started
    failure = results[hanging]
    assert isinstance(failure, ConversionFailure)
    assert failure.reason == convert_module.MSG_TIMEOUT
    for good in (before, after):
        assert results[good] == tmp_path / "pdf" / f"{good.stem}.pdf"
        assert _pdf_pages(tmp_path / "pdf" / f"{good.stem}.pdf") == 1
    # The hanging file is not tried again: one timeout (6 s), not two, and two runs in all.
    assert calls.read_text().count("run") == 2
    assert elapsed < 60  # the hung run was stopped, not waited for (its sleep is 60 s)


def test_parallel_runs_use_separate_profiles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two LibreOffice runs on one profile collide: the second hands its work to the first.
    monkeypatch.delenv("PULJE_SOFFICE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)  # relative paths, as a user types them, work too
    docs = [samples.one_page(Path(f"d{i}.docx")) for i in range(2)]
    results: dict[int, dict[Path, Path | ConversionFailure]] = {}

    def run(i: int) -> None:
        results[i] = convert_to_pdf([docs[i]], Path(f"out{i}"), timeout=60)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for i in range(2):
        pdf = results[i][docs[i]]
        assert isinstance(pdf, Path)
        assert _pdf_pages(pdf) == 1
    profiles = sorted(p.name for p in (tmp_path / "cache" / "pulje").iterdir() if p.is_dir())
    assert profiles == ["lo-profile-0", "lo-profile-1"]


def test_when_every_profile_slot_is_taken_a_fresh_profile_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    cache = tmp_path / "cache" / "pulje"
    cache.mkdir(parents=True)
    held = []
    for slot in range(convert_module.PROFILE_SLOTS):
        fd = os.open(cache / f"lo-profile-{slot}.lock", os.O_RDWR | os.O_CREAT)
        fcntl.flock(fd, fcntl.LOCK_EX)
        held.append(fd)
    try:
        with convert_module._profile() as profile:
            assert cache not in profile.parents
            assert profile.is_dir()
        assert not profile.exists()  # the throw-away profile is removed
    finally:
        for fd in held:
            os.close(fd)
    with convert_module._profile() as profile:
        assert profile == cache / "lo-profile-0"


def test_a_pdf_that_cannot_be_saved_is_named_without_puljes_own_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A LibreOffice that writes a whole PDF for each file it is given.
    fake = _script(
        tmp_path / "soffice",
        'out=""; prev=""\n'
        'for a in "$@"; do\n'
        '  [ "$prev" = "--outdir" ] && out="$a"\n'
        '  case "$a" in *.docx) n=$(basename "$a" .docx); '
        'printf "%%PDF-1.4\\n%%%%EOF\\n" > "$out/$n.pdf";; esac\n'
        '  prev="$a"\n'
        "done\n",
    )
    monkeypatch.setenv("PULJE_SOFFICE", str(fake))

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(convert_module.os, "replace", refuse)
    doc = samples.one_page(tmp_path / "ansoegning.docx")
    failure = convert_to_pdf([doc], tmp_path / "pdf", timeout=30)[doc]
    assert isinstance(failure, ConversionFailure)
    assert failure.reason == convert_module.MSG_NOT_SAVED
    text = DA.format(failure.reason, dict(failure.params))
    # Every caller converts into a folder of pulje's own (a build's staging folder, a temporary
    # one for `pages` and `check`): the message names the PDF, not where pulje keeps it.
    assert "ansoegning.pdf" in text and str(tmp_path / "pdf") not in text, text
