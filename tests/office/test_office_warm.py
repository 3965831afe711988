"""LibreOffice kept warm (``pulje.office.warm``): the same document always gets the same count,
equal to the cold ``pulje pages`` count, whatever the converter did before.

Engineering notes §8: a warm LibreOffice once gave 12 pages for a 13-page document in 12
conversions. So this converts the example, documents at a page boundary (one line more or less
on the last page: the most fragile layouts), a longer variant and the budget attachment, each
many times, in shuffled orders, through one warm LibreOffice and then through a fresh one, and
compares every count with the count of a cold ``soffice --convert-to`` run of that document
alone (what ``pulje pages FILE`` does)."""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from pulje.answers.loader import load_application, load_text
from pulje.documents.form import render_draft
from pulje.office import (
    ConversionFailure,
    WarmOffice,
    WarmUnavailable,
    convert_to_pdf,
    pages_of,
    uno_python,
)
from pulje.office import warm as warm_module

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "applications" / "albertslund-bedre-ressourceforloeb.yaml"
#: Conversions of each document through the warm path (at least 20 in all is the brief).
ROUNDS = 6
WORD = "Ekstra tekst om drejebogen og dens udarbejdelse i kommunen. "


def _pages(pdf: Path | ConversionFailure) -> int:
    assert isinstance(pdf, Path), pdf
    return len(PdfReader(pdf).pages)


def _variant(folder: Path, name: str, repeats: int) -> Path:
    """The example with ``repeats`` sentences more in one answer, as its Word form."""
    text = EXAMPLE.read_text(encoding="utf-8")
    if repeats:
        text = text.replace("  udarbejdelse: |\n",
                            "  udarbejdelse: |\n    " + WORD * repeats + "\n\n", 1)
    loaded = load_text(text, f"{name}.yaml")
    assert loaded.model is not None
    target = folder / f"{name}.docx"
    render_draft(loaded, target)
    return target


def _boundary(folder: Path, count: Callable[[Path], int]) -> tuple[Path, Path]:
    """The example grown to the edge of its last page: the longest variant that still has the
    example's pages, and the shortest that has one more (a line or so on a page of its own)."""
    base = count(_variant(folder, "probe-0", 0))
    low, high = 0, 64
    while count(_variant(folder, f"probe-{high}", high)) == base:
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        if count(_variant(folder, f"probe-{middle}", middle)) == base:
            low = middle
        else:
            high = middle
    return _variant(folder, "rand-fuld", low), _variant(folder, "rand-over", high)


def _cold(document: Path) -> int:
    """``pulje pages`` of the one document (a cold LibreOffice of its own)."""
    found = pages_of([document])
    assert len(found) == 1 and found[0].pages is not None, found
    return found[0].pages


@pytest.fixture(scope="module")
def warm() -> Iterator[WarmOffice]:
    assert uno_python() is not None, "no Python with LibreOffice's UNO: make setup installs it"
    with WarmOffice() as office:
        yield office


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory, warm: WarmOffice) -> dict[Path, int]:
    """The documents and their cold counts."""
    folder = tmp_path_factory.mktemp("warm")
    out = folder / "probe-pdf"

    def count(document: Path) -> int:
        return _pages(warm.convert_to_pdf([document], out)[document])

    full, over = _boundary(folder, count)
    example = _variant(folder, "eksempel", 0)
    longer = _variant(folder, "laengere", 300)
    from pulje.documents.budget_docx import render_budget_docx

    attachment = folder / "bilag.docx"
    render_budget_docx(load_application(EXAMPLE), attachment)
    found = {doc: _cold(doc) for doc in (example, full, over, longer, attachment)}
    assert found[over] == found[full] + 1, found  # the boundary really is one
    return found


def _warm_counts(office: WarmOffice, documents: dict[Path, int], out: Path,
                 seed: int) -> list[tuple[str, int, int]]:
    order = [doc for doc in documents for _ in range(ROUNDS)]
    random.Random(seed).shuffle(order)
    seen = []
    for n, doc in enumerate(order):
        pdf = office.convert_to_pdf([doc], out / str(n))[doc]
        seen.append((doc.name, _pages(pdf), documents[doc]))
    return seen


def test_warm_counts_equal_the_cold_count_every_time(warm: WarmOffice,
                                                     documents: dict[Path, int],
                                                     tmp_path: Path) -> None:
    seen = _warm_counts(warm, documents, tmp_path, seed=13)
    assert len(seen) >= 20
    wrong = [s for s in seen if s[1] != s[2]]
    assert not wrong, f"warm counts that differ from the cold count: {wrong}"


def test_a_fresh_warm_office_in_another_order_counts_the_same(documents: dict[Path, int],
                                                              tmp_path: Path) -> None:
    with WarmOffice() as office:
        seen = _warm_counts(office, documents, tmp_path, seed=2016)
        # and several documents in one call, in reverse order
        batch = list(reversed(documents))
        converted = office.convert_to_pdf(batch, tmp_path / "samlet")
    wrong = [s for s in seen if s[1] != s[2]]
    assert not wrong, f"warm counts that differ from the cold count: {wrong}"
    assert {doc: _pages(converted[doc]) for doc in batch} == documents


def test_the_same_pdf_as_the_cold_path_page_for_page(documents: dict[Path, int],
                                                     warm: WarmOffice, tmp_path: Path) -> None:
    """Not only the count: each page holds the same text as the cold path's."""
    from pulje.office import page_texts

    doc = next(d for d in documents if d.name == "rand-over.docx")
    cold = convert_to_pdf([doc], tmp_path / "kold")[doc]
    hot = warm.convert_to_pdf([doc], tmp_path / "varm")[doc]
    assert isinstance(cold, Path) and isinstance(hot, Path)
    assert page_texts(hot) == page_texts(cold)


def test_bad_files_fail_alone_and_the_office_goes_on(warm: WarmOffice, tmp_path: Path,
                                                     documents: dict[Path, int]) -> None:
    broken = tmp_path / "ødelagt.docx"
    broken.write_bytes(b"PK\x03\x04 dette er ikke et Word-dokument")
    notes = tmp_path / "noter.txt"
    notes.write_text("hej", encoding="utf-8")
    good = next(iter(documents))
    result = warm.convert_to_pdf([broken, notes, good, tmp_path / "mangler.docx"],
                                 tmp_path / "ud")
    assert isinstance(result[broken], ConversionFailure)
    assert isinstance(result[notes], ConversionFailure)
    assert isinstance(result[tmp_path / "mangler.docx"], ConversionFailure)
    assert _pages(result[good]) == documents[good]
    assert result[good] == tmp_path / "ud" / f"{good.stem}.pdf"
    assert sorted(p.name for p in (tmp_path / "ud").iterdir()) == [f"{good.stem}.pdf"]


def test_a_hang_ends_libreoffice_and_the_next_document_gets_a_fresh_one(
        documents: dict[Path, int], tmp_path: Path) -> None:
    good = next(iter(documents))
    with WarmOffice(timeout=0.01) as office:
        hung = office.convert_to_pdf([good], tmp_path / "a")[good]
        assert isinstance(hung, ConversionFailure)
        assert "seconds" in hung.params
        assert not office.running  # both processes were ended
        office.timeout = 120
        again = office.convert_to_pdf([good], tmp_path / "b")[good]
        assert _pages(again) == documents[good]
        assert office.starts == 2


def test_recycled_after_so_many_conversions(documents: dict[Path, int],
                                            tmp_path: Path) -> None:
    good = next(iter(documents))
    with WarmOffice(recycle_after=2) as office:
        for n in range(3):
            assert _pages(office.convert_to_pdf([good], tmp_path / str(n))[good]) == \
                documents[good]
        assert office.starts == 2


def test_no_libreoffice_is_left_running(documents: dict[Path, int], tmp_path: Path) -> None:
    good = next(iter(documents))
    office = WarmOffice()
    office.convert_to_pdf([good], tmp_path)
    procs = office._procs
    assert procs is not None
    pids = (procs.office.pid, procs.bridge.pid)
    office.close()
    for pid in pids:  # killed at once; the kernel takes a moment to reap them
        deadline = time.monotonic() + 10
        while left := _session(pid):
            assert time.monotonic() < deadline, f"session {pid} still runs: {left}"
            time.sleep(0.1)


def _session(sid: int) -> str:
    found = subprocess.run(["ps", "-o", "pid=,stat=", "-s", str(sid)], capture_output=True,
                           text=True, check=False).stdout
    return " ".join(line for line in found.splitlines() if "Z" not in line.split()[-1])


def test_threads_take_turns(warm: WarmOffice, documents: dict[Path, int],
                            tmp_path: Path) -> None:
    docs = list(documents)[:3]
    found: dict[Path, int] = {}

    def one(doc: Path) -> None:
        found[doc] = _pages(warm.convert_to_pdf([doc], tmp_path / doc.stem)[doc])

    threads = [threading.Thread(target=one, args=(d,)) for d in docs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert found == {d: documents[d] for d in docs}


def test_without_uno_it_says_so_and_the_caller_can_fall_back(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(warm_module, "uno_python", lambda: None)
    source = tmp_path / "x.docx"
    source.write_bytes(b"")
    with pytest.raises(WarmUnavailable) as caught:
        WarmOffice().start()
    assert "python3-uno" in caught.value.hint


def test_uno_never_enters_pulje_s_own_interpreter(warm: WarmOffice) -> None:
    warm.start()
    assert warm.running
    assert "uno" not in sys.modules and "pyuno" not in sys.modules
