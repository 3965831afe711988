"""Small real .docx files for the office tests, made with python-docx."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK

HEADER = "Ansøgning til puljen Bedre ressourceforløb"
FORMAAL = "Projektets formål"
MAALGRUPPE = "Målgruppe og rekruttering"
# Long enough to wrap over two lines in the PDF, to show that line breaks do not hide it.
SAMARBEJDE = (
    "Beskrivelse af samarbejdet mellem jobcenter, kommunale forvaltninger og regionale "
    "sundhedsaktører i hele projektperioden"
)
HEADINGS = [("formaal", FORMAAL), ("maalgruppe", MAALGRUPPE), ("samarbejde", SAMARBEJDE)]


def _page_break(document: docx.document.Document) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def one_page(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Kort notat", level=1)
    document.add_paragraph("Et notat på én side om kommunens tilbud til borgere i ressourceforløb.")
    document.save(str(path))
    return path


def three_sections(path: Path) -> Path:
    """Three pages with a header on each:

    page 1: "Projektets formål", then "Målgruppe og rekruttering" (which goes on to page 2);
    page 3: the long heading on samarbejde, at the top of the page.
    """
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = HEADER
    document.add_heading(FORMAAL, level=1)
    document.add_paragraph("Formålet er at flere borgere i ressourceforløb kommer i job.")
    document.add_heading(MAALGRUPPE, level=1)
    document.add_paragraph("Målgruppen er borgere over 30 år, som har været i forløb i to år.")
    _page_break(document)
    document.add_paragraph("Rekrutteringen sker gennem rehabiliteringsteamet og sagsbehandlerne.")
    _page_break(document)
    document.add_heading(SAMARBEJDE, level=1)
    document.add_paragraph("Samarbejdet er forankret i en styregruppe med ledere fra alle parter.")
    document.save(str(path))
    return path


def with_marker(path: Path, marker: bytes) -> Path:
    """A one-page .docx whose zip comment (stored as plain bytes) contains ``marker``."""
    one_page(path)
    with zipfile.ZipFile(path, "a") as archive:
        archive.comment = marker
    return path


def broken_word_xml(path: Path) -> Path:
    """A zip that looks like a .docx from outside, but whose XML LibreOffice cannot load."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<<< not xml")
        archive.writestr("word/document.xml", "<<< not xml either")
    return path
