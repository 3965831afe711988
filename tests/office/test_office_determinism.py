"""The same document always gets the same pages: converted many times, by runs side by side
(one, two and three LibreOffice runs at once), in different orders and beside different other
documents, every copy of a document gets the same page count and the same text on each page.

A warm LibreOffice has been seen to lay out a 13-page document on 12 pages once in 12 runs;
``convert_to_pdf`` starts a cold LibreOffice for each share, and this test holds it to that.
The PDF cache is off, so that every copy is really converted.
"""

from __future__ import annotations

import hashlib
import random
import shutil
from collections import defaultdict
from pathlib import Path

import office_samples as samples
import pytest
from docx import Document

from pulje.answers.loader import load_application
from pulje.documents.form import render_form
from pulje.office import convert_to_pdf, count_pages, page_texts
from pulje.office.warmpool import WarmPool

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "applications" / "albertslund-bedre-ressourceforloeb.yaml"
REAL_SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _long_text(path: Path, paragraphs: int) -> Path:
    """Paragraphs of running text, ending near the foot of a page."""
    document = Document()
    words = ["borgeren", "jobcentret", "kommunen", "ressourceforløb", "rehabiliteringsteamet",
             "indsatsen", "virksomheden", "mentor", "forløbet", "samarbejdet", "beskæftigelse",
             "praktik"]
    rng = random.Random(paragraphs)
    for n in range(paragraphs):
        document.add_heading(f"Afsnit {n + 1}", level=2)
        document.add_paragraph(" ".join(rng.choice(words) for _ in range(60 + n % 7 * 9)))
    document.save(str(path))
    return path


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def originals(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    assert REAL_SOFFICE, "LibreOffice must be installed"
    folder = tmp_path_factory.mktemp("originals")
    loaded = load_application(EXAMPLE)
    assert loaded.model is not None
    form = folder / "ansoegning.docx"
    render_form(loaded, form)
    return [
        form,
        _long_text(folder / "lang.docx", 26),
        _long_text(folder / "laengere.docx", 41),
        samples.three_sections(folder / "tre.docx"),
        samples.one_page(folder / "en.docx"),
    ]


def _copies(originals: list[Path], folder: Path, times: int) -> list[Path]:
    """``times`` copies of each original under names of their own."""
    folder.mkdir()
    copies = []
    for original in originals:
        for n in range(times):
            copy = folder / f"{original.stem}-{n}.docx"
            shutil.copyfile(original, copy)
            copies.append(copy)
    return copies


def test_every_copy_gets_the_same_pages_across_workers_and_orders(
    originals: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PULJE_CACHE", "off")
    copies = _copies(originals, tmp_path / "kopier", 2)
    rng = random.Random(14)
    runs = [
        (1, list(copies)),
        (2, list(reversed(copies))),
        (3, rng.sample(copies, len(copies))),
        (2, rng.sample(copies, len(copies))[: len(copies) // 2]),
        (1, copies[:1]),  # the form alone, nothing converted before it in its run
    ]
    pages: dict[str, set[int]] = defaultdict(set)
    texts: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    converted: dict[str, int] = defaultdict(int)
    for number, (workers, order) in enumerate(runs):
        results = convert_to_pdf(order, tmp_path / f"run-{number}", workers=workers, timeout=120)
        for source in order:
            pdf = results[source]
            assert isinstance(pdf, Path), pdf
            content = _sha(source)
            converted[content] += 1
            pages[content].add(count_pages(pdf))
            texts[content].add(tuple(" ".join(t.split()) for t in page_texts(pdf)))
    for original in originals:
        content = _sha(original)
        assert converted[content] >= 6, original.name
        assert len(pages[content]) == 1, (original.name, pages[content])
        assert len(texts[content]) == 1, original.name
    form_pages = next(iter(pages[_sha(originals[0])]))
    assert form_pages > 10  # the example's form: a long document, where a wavering would show


def test_warm_libreoffices_side_by_side_give_the_cold_pages(
    originals: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server's desk keeps one LibreOffice per core warm (``WarmPool``): every copy, in
    every order, beside whatever the other LibreOffice converts, gets the pages and the page
    texts of a cold run."""
    monkeypatch.setenv("PULJE_CACHE", "off")
    cold = convert_to_pdf(originals, tmp_path / "kold", workers=1, timeout=120)
    expected = {}
    for source in originals:
        pdf = cold[source]
        assert isinstance(pdf, Path), pdf
        expected[_sha(source)] = (count_pages(pdf),
                                  tuple(" ".join(t.split()) for t in page_texts(pdf)))
    copies = _copies(originals, tmp_path / "kopier", 3)
    rng = random.Random(8)
    with WarmPool(2) as pool:
        pool.start()
        for number in range(3):
            order = rng.sample(copies, len(copies))
            results = pool.convert_to_pdf(order, tmp_path / f"varm-{number}", timeout=120)
            for source in order:
                pdf = results[source]
                assert isinstance(pdf, Path), pdf
                got = (count_pages(pdf), tuple(" ".join(t.split()) for t in page_texts(pdf)))
                assert got == expected[_sha(source)], (source.name, got[0])
        assert not pool.unavailable  # really warm: no document went the cold way
