"""The PDF cache: a .docx whose bytes were converted before gets its PDF without LibreOffice;
the cache is bounded, can be turned off, and never hands out a broken PDF."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import office_samples as samples
import pytest

from pulje.office import convert as convert_module
from pulje.office import convert_to_pdf, count_pages, pdfcache

REAL_SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _logging_soffice(folder: Path) -> tuple[Path, Path]:
    calls = folder / "calls.log"
    wrapper = folder / "soffice"
    wrapper.write_text(f'#!/bin/sh\necho run >> "{calls}"\nexec "{REAL_SOFFICE}" "$@"\n')
    wrapper.chmod(0o755)
    return wrapper, calls


def _runs(calls: Path) -> int:
    return calls.read_text().count("run") if calls.exists() else 0


def test_the_same_bytes_are_converted_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    assert REAL_SOFFICE
    monkeypatch.setenv("PULJE_CACHE", str(tmp_path / "cache"))
    wrapper, calls = _logging_soffice(tmp_path)
    monkeypatch.setenv("PULJE_SOFFICE", str(wrapper))
    first = samples.three_sections(tmp_path / "a.docx")
    results = convert_to_pdf([first], tmp_path / "pdf1")
    assert isinstance(results[first], Path) and _runs(calls) == 1
    # The same bytes under another name, in another folder: from the cache, no LibreOffice.
    again = tmp_path / "kopi" / "b.docx"
    again.parent.mkdir()
    shutil.copyfile(first, again)
    results = convert_to_pdf([again], tmp_path / "pdf2")
    pdf = results[again]
    assert isinstance(pdf, Path) and pdf == tmp_path / "pdf2" / "b.pdf"
    assert count_pages(pdf) == 3 and _runs(calls) == 1
    # Other bytes are converted.
    other = samples.one_page(tmp_path / "c.docx")
    results = convert_to_pdf([again, other], tmp_path / "pdf3")
    assert count_pages(results[other]) == 1 and _runs(calls) == 2  # type: ignore[arg-type]


def test_pulje_cache_off_converts_every_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    assert REAL_SOFFICE
    monkeypatch.setenv("PULJE_CACHE", "off")
    wrapper, calls = _logging_soffice(tmp_path)
    monkeypatch.setenv("PULJE_SOFFICE", str(wrapper))
    doc = samples.one_page(tmp_path / "a.docx")
    for n in range(2):
        assert isinstance(convert_to_pdf([doc], tmp_path / f"pdf{n}")[doc], Path)
    assert _runs(calls) == 2
    assert pdfcache.folder() is None


def test_the_folder_is_the_users_cache_or_pulje_cache(monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    monkeypatch.setenv("PULJE_CACHE", str(tmp_path))
    assert pdfcache.folder() == tmp_path / "pdf"
    monkeypatch.delenv("PULJE_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert pdfcache.folder() == tmp_path / "xdg" / "pulje" / "pdf"


def test_a_broken_entry_is_not_used(tmp_path: Path) -> None:
    cache = pdfcache.PdfCache(tmp_path / "cache", "/bin/sh")
    docx = tmp_path / "a.docx"
    docx.write_bytes(b"some bytes")
    key = cache.key(docx)
    assert key is not None
    half = tmp_path / "half.pdf"
    half.write_bytes(b"%PDF-1.4\n1 0 obj")  # a PDF cut off: no %%EOF
    cache.store(key, half)
    target = tmp_path / "out.pdf"
    assert not cache.fetch(key, target)
    assert not target.exists()
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".out.pdf")]  # no temp left


def test_the_key_follows_the_bytes_and_the_program(tmp_path: Path) -> None:
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    a.write_bytes(b"one")
    b.write_bytes(b"one")
    cache = pdfcache.PdfCache(tmp_path / "c", "/bin/sh")
    assert cache.key(a) == cache.key(b)
    b.write_bytes(b"two")
    assert cache.key(a) != cache.key(b)
    assert pdfcache.PdfCache(tmp_path / "c", "/bin/ls").key(a) != cache.key(a)
    assert cache.key(tmp_path / "missing.docx") is None


def test_the_cache_keeps_within_its_size_dropping_the_least_recently_used(tmp_path: Path
                                                                          ) -> None:
    root = tmp_path / "cache"
    cache = pdfcache.PdfCache(root, "/bin/sh")
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + b"0" * 1000 + b"\n%%EOF\n")
    keys = [f"{n:02d}" + "0" * 62 for n in range(5)]
    for n, key in enumerate(keys):
        cache.store(key, pdf)
        entry = root / key[:2] / f"{key}.pdf"
        os.utime(entry, ns=(time.time_ns(), (1_000_000 + n) * 10**9))
    assert cache.fetch(keys[0], tmp_path / "used.pdf")  # used now: the newest
    pdfcache.prune(root, limit=3 * 1100)
    left = sorted(p.stem for p in root.rglob("*.pdf"))
    assert left == sorted([keys[0], keys[3], keys[4]])


def test_shares_are_balanced_and_keep_the_given_order(tmp_path: Path) -> None:
    jobs = []
    for n, size in enumerate([50, 10, 40, 10, 30, 20]):
        staged = tmp_path / f"{n}.docx"
        staged.write_bytes(b"x" * size)
        jobs.append(convert_module._Job(staged, staged, tmp_path / f"{n}.pdf"))
    shares = convert_module._shares(jobs, 2)
    assert sorted(j.staged.name for s in shares for j in s) == sorted(j.staged.name for j in jobs)
    loads = [sum(j.staged.stat().st_size for j in s) for s in shares]
    assert abs(loads[0] - loads[1]) <= 10
    for share in shares:
        order = [jobs.index(j) for j in share]
        assert order == sorted(order)
    assert len(convert_module._shares(jobs[:1], 4)) == 1
    assert convert_module._shares([], 2) == []
