"""LibreOffice conversion of .docx files to PDF, and exact page counts from the PDFs."""

from pulje.office.convert import INSTALL_COMMAND, ConversionFailure, convert_to_pdf, find_soffice
from pulje.office.documents import PageCount, pages_of
from pulje.office.errors import LibreOfficeMissing, OutdirNotWritable, UnreadablePdf
from pulje.office.pages import SectionSpan, beyond_limit, count_pages, page_texts, section_pages
from pulje.office.warm import WarmOffice, WarmUnavailable, uno_python

__all__ = [
    "INSTALL_COMMAND",
    "ConversionFailure",
    "LibreOfficeMissing",
    "OutdirNotWritable",
    "PageCount",
    "SectionSpan",
    "UnreadablePdf",
    "WarmOffice",
    "WarmUnavailable",
    "beyond_limit",
    "convert_to_pdf",
    "count_pages",
    "find_soffice",
    "page_texts",
    "pages_of",
    "section_pages",
    "uno_python",
]
