"""Pages of a laid-out PDF: how many, their text, and which section each page holds."""

from __future__ import annotations

import contextlib
import logging
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pulje.diagnostics.i18n import N_
from pulje.office.errors import UnreadablePdf

if TYPE_CHECKING:
    from pypdf import PdfReader

#: Larger files are refused: an application is a few MB, and pypdf reads the whole file.
MAX_PDF_BYTES = 100 * 1024 * 1024

# With strict=False pypdf logs a warning for every small defect it repairs; an application must
# not print them when nobody configured logging (Python's last-resort handler would). A handler
# on pypdf's logger stops that, and the records still reach any handler the application sets up.
logging.getLogger("pypdf").addHandler(logging.NullHandler())

_HINT_REMAKE = N_("Make the PDF again from the .docx file.")


@dataclass(frozen=True)
class SectionSpan:
    """The pages (1-based, inclusive) a section of a document takes."""

    key: str
    title: str
    start_page: int
    end_page: int
    pages: int


def load_beside() -> None:
    """Load the PDF library in a thread of its own, while LibreOffice works: not before it
    starts, nor after it ends."""
    threading.Thread(target=_load_pdf_library, daemon=True).start()


def _load_pdf_library() -> None:
    with contextlib.suppress(Exception):  # any failure shows where the PDFs are read
        import pypdf  # noqa: F401


def _open(pdf: Path) -> PdfReader:
    params = {"file": str(pdf)}
    try:
        size = pdf.stat().st_size
        with pdf.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise UnreadablePdf(
            N_("{file} could not be read."),
            N_("Check that the file exists and that you may read it."),
            **params,
        ) from exc
    if b"%PDF-" not in head:
        raise UnreadablePdf(N_("{file} is not a PDF file."), _HINT_REMAKE, **params)
    if size > MAX_PDF_BYTES:
        raise UnreadablePdf(
            N_("{file} is larger than {size} MB, more than pulje will read."),
            _HINT_REMAKE,
            size=MAX_PDF_BYTES // (1024 * 1024),
            **params,
        )
    # pypdf is imported here: `pulje pages` starts LibreOffice first (office.documents imports
    # it beside the conversion).
    from pypdf import PdfReader

    try:
        reader = PdfReader(pdf, strict=False)
        # An empty password opens PDFs that only restrict printing or copying; others are shut.
        opened = not reader.is_encrypted or bool(reader.decrypt(""))
    except Exception as exc:
        # pypdf signals a broken file with many exception types (PdfReadError, ValueError,
        # KeyError, RecursionError ...): all mean "cannot read this PDF", and the user must
        # never see a pypdf traceback.
        raise _unreadable(pdf, exc) from exc
    if not opened:
        raise _encrypted(pdf)
    return reader


def _unreadable(pdf: Path, exc: Exception) -> UnreadablePdf:
    from pypdf.errors import DependencyError, FileNotDecryptedError, WrongPasswordError

    # DependencyError: AES encryption needs the optional cryptography package.
    if isinstance(exc, DependencyError | FileNotDecryptedError | WrongPasswordError):
        return _encrypted(pdf)
    return UnreadablePdf(
        N_("{file} is damaged and cannot be read as a PDF."), _HINT_REMAKE, file=str(pdf)
    )


def _encrypted(pdf: Path) -> UnreadablePdf:
    return UnreadablePdf(
        N_("{file} is protected with a password, so its pages cannot be read."),
        N_("Save the PDF again without a password."),
        file=str(pdf),
    )


def count_pages(pdf: Path) -> int:
    """The number of pages in ``pdf``. Raises ``UnreadablePdf``."""
    reader = _open(pdf)
    try:
        return len(reader.pages)
    except Exception as exc:  # see _open: any pypdf failure means an unreadable file
        raise _unreadable(pdf, exc) from exc


def page_texts(pdf: Path) -> list[str]:
    """The text of each page of ``pdf``, in order. Raises ``UnreadablePdf``."""
    reader = _open(pdf)
    try:
        return [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # see _open: any pypdf failure means an unreadable file
        raise _unreadable(pdf, exc) from exc


# Between two letters of a heading the PDF's text may have a line break, extra or missing
# spaces, a soft hyphen, or a hyphen that splits a word over two lines.
_GAP = r"(?:[\s\u00ad\u200b]|-[ \t]*\n)*"


# What may stand before a heading on its own line: nothing, or its number ("2.1", "b)", "IV.").
_NUMBERING = re.compile(r"[\s\d.()]*|[\s(]*(?:[a-zæøå]|[ivxlc]+)[.)]\s*")


def _normal(text: str) -> str:
    # NFKC turns ligatures (U+FB01 "ﬁ") into letters; casefold makes "BUDGET" match "Budget".
    return unicodedata.normalize("NFKC", text).casefold()


def _heading_pattern(heading: str) -> re.Pattern[str] | None:
    letters = [c for c in _normal(heading) if not c.isspace() and c != "\u00ad"]
    if not letters:
        return None
    return re.compile(_GAP.join(re.escape(c) for c in letters))


def _furniture(pages: Sequence[str]) -> set[str]:
    """Lines repeated at the top or bottom of most pages (headers, footers, "Side 3 af 12")."""
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for page in pages:
        lines = [line for line in page.splitlines() if line.strip()]
        seen.update({_line_key(line) for line in lines[:2] + lines[-2:]})
    return {line for line, n in seen.items() if n >= 2 and n * 2 > len(pages)}


def _line_key(line: str) -> str:
    # Digits ignored, so page numbers do not make each page's footer different.
    return re.sub(r"\d+", "#", " ".join(line.split()))


def section_pages(
    page_texts: Sequence[str], headings: Sequence[tuple[str, str]]
) -> list[SectionSpan]:
    """The pages each section takes, found from where its heading stands in the page texts.

    ``headings`` are ``(section_key, heading_text)`` in document order. Each heading is sought
    after the previous one, so a mention in a table of contents before it does not count if the
    contents come before the previous heading; matching ignores case, line breaks, spacing and
    words hyphenated over two lines. A section runs from its heading's page to the page where
    the next found heading stands; that page counts for both sections, unless the next heading
    opens its page (nothing above it but repeated headers/footers), in which case this section
    ends on the page before. The last section runs to the last page. Headings not found are
    left out of the result, so callers can tell the user which they missed.
    """
    pages = [_normal(text) for text in page_texts]
    furniture = _furniture(pages)
    found: list[tuple[str, str, int, bool]] = []  # key, title, page index, opens its page
    page, offset = 0, 0
    for key, title in headings:
        pattern = _heading_pattern(title)
        if pattern is None:
            continue
        for index in range(page, len(pages)):
            match = pattern.search(pages[index], offset if index == page else 0)
            if match is None:
                continue
            *above, partial = pages[index][: match.start()].split("\n")
            opens = _NUMBERING.fullmatch(partial) is not None and all(
                not ln.strip() or _line_key(ln) in furniture for ln in above
            )
            found.append((key, title, index, opens))
            page, offset = index, match.end()
            break
    spans: list[SectionSpan] = []
    for i, (key, title, index, _opens) in enumerate(found):
        if i + 1 < len(found):
            _, _, next_index, next_opens = found[i + 1]
            end = next_index - 1 if next_opens and next_index > index else next_index
        else:
            end = len(pages) - 1
        spans.append(SectionSpan(key, title, index + 1, end + 1, end - index + 1))
    return spans


def beyond_limit(spans: Sequence[SectionSpan], limit: int) -> list[SectionSpan]:
    """The sections that have any page after page ``limit``."""
    return [span for span in spans if span.end_page > limit]
