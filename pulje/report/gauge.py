"""The page gauge: the pages an application takes and which sections pass the limit, counted
as ``pulje build`` counts them (the round's documents that count towards the limit, rendered
as the final build renders them, laid out by LibreOffice, their pages' text read for the
sections) — without writing the build's outputs. ``pulje web`` shows it after every change.

The converter is given: the cold ``office.convert_to_pdf`` (a LibreOffice of its own each
time), or a warm one's (``office.WarmOffice.convert_to_pdf``), which has the same signature
and, as its tests show, the same counts. So is the reader of the pages' text (``texts_of``):
pypdf's, or ``office.pdftext``'s ``pdftotext`` (as build and the desk read them), which
``pulje web`` uses to answer within a second; the number of pages is pypdf's either way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pulje.answers.loader import LoadedApplication
from pulje.diagnostics import Diagnostic, Location
from pulje.documents.registry import Document, of_round
from pulje.office import (
    ConversionFailure,
    SectionSpan,
    convert_to_pdf,
    page_texts,
    section_pages,
)
from pulje.office.estimate import min_pages
from pulje.report.pagecheck import PAG003, at_least_finding, page_findings

Converter = Callable[[Sequence[Path], Path], dict[Path, Path | ConversionFailure]]


@dataclass
class PageGauge:
    """Pages of the documents that count, the round's limit, each section's pages, and the
    PAG findings; ``pages`` is None when they could not be counted (``diagnostics`` say why,
    or ``at_least`` gives a bound that is over the limit already)."""

    pages: int | None = None
    limit: int | None = None
    sections: list[SectionSpan] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    at_least: int | None = None

    @property
    def beyond(self) -> list[SectionSpan]:
        """The sections with pages after the limit."""
        if self.limit is None:
            return []
        return [s for s in self.sections if s.end_page > self.limit]


def counting(loaded: LoadedApplication) -> list[Document]:
    """The documents of the application's round whose pages count towards the limit."""
    assert loaded.runde is not None
    return [d for d in of_round(loaded.runde) if d.layout and d.counts]


def measure(loaded: LoadedApplication, work: Path, stem: str = "ansoegning", *,
            convert: Converter = convert_to_pdf,
            texts_of: Callable[[Path], list[str]] = page_texts) -> PageGauge:
    """The gauge of a loaded answer file whose model loaded (``loaded.model``), made in the
    folder ``work`` (the caller's, emptied by it). Raises ``PuljeError`` for a template that
    cannot be rendered or a LibreOffice that is missing."""
    assert loaded.model is not None and loaded.pool is not None and loaded.runde is not None
    limit = loaded.runde.sidegraense
    gauge = PageGauge(limit=limit)
    documents = counting(loaded)
    if not documents:
        gauge.pages = 0
        return gauge
    sources: list[tuple[Document, Path]] = []
    for document in documents:
        target = work / document.name(stem, document.source)
        document.render(loaded, target, draft=False)
        sources.append((document, target))
    if limit is not None:
        # LibreOffice needs minutes for a giant answer; the text alone can say it is too long
        bounds = [min_pages(path) for _, path in sources]
        if all(b is not None for b in bounds) and sum(b or 0 for b in bounds) > limit:
            gauge.at_least = sum(b or 0 for b in bounds)
            gauge.diagnostics.append(at_least_finding(Location(sources[0][1].name),
                                                      gauge.at_least, limit))
            return gauge
    converted = convert([path for _, path in sources], work / "pdf")
    texts: list[str] = []
    headings: list[tuple[str, str]] = []
    first_pdf: str | None = None
    for document, path in sources:
        pdf = converted.get(path)
        if not isinstance(pdf, Path):
            if isinstance(pdf, ConversionFailure):
                gauge.diagnostics.append(pdf.diagnostic(PAG003))
            return gauge
        texts += texts_of(pdf)
        first_pdf = first_pdf or f"{stem}{document.suffix}.pdf"
        headings += document.headings(loaded.pool, loaded.runde, loaded.model) or []
    gauge.pages = len(texts)
    gauge.sections = section_pages(texts, headings) if headings else []
    gauge.diagnostics += page_findings(first_pdf or f"{stem}.pdf", gauge.pages, limit,
                                       gauge.sections, headings)
    return gauge

