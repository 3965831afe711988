"""Low-level Word XML: elements, runs, paragraphs, content controls, cell shading and widths,
and a .docx's bytes made reproducible (fixed zip timestamps and member order)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.table import Table, _Cell

ZIP_TIME = (2016, 9, 1, 0, 0, 0)
#: Jinja's delimiters: a fixed text holding one is written inside {% raw %} (see ``run``).
_JINJA = ("{{", "}}", "{%", "%}", "{#", "#}")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def el(tag: str, **attrs: str) -> Any:
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


# CT_PPr's order (ECMA-376 Part 1, 17.3.1.26): Word rejects elements out of order.
PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap",
    "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
    "cnfStyle", "rPr", "sectPr", "pPrChange",
)


def order_ppr(ppr: Any) -> None:
    def rank(child: Any) -> int:
        name = child.tag.rsplit("}", 1)[-1]
        return PPR_ORDER.index(name) if name in PPR_ORDER else len(PPR_ORDER)

    children = sorted(ppr, key=rank)  # stable: what the list does not name keeps its place
    for child in children:
        ppr.remove(child)
        ppr.append(child)


def no_hyphens(ppr: Any) -> None:
    """Keep a style's paragraphs (titles, headings) whole: no automatic hyphenation."""
    if ppr.find(qn("w:suppressAutoHyphens")) is None:
        ppr.append(el("w:suppressAutoHyphens"))
    order_ppr(ppr)


def literal(text: str) -> str:
    """A form's fixed text as template code that prints exactly it: a text holding Jinja's
    delimiters ("{{", "{%" …) is wrapped in ``{% raw %}``, so the form's wording is never run."""
    if any(d in text for d in _JINJA):
        return "{% raw %}" + text + "{% endraw %}"
    return text


def sdt(tag: str, alias: str, *, inline: bool) -> tuple[Any, Any]:
    """A content control; returns (sdt, sdtContent)."""
    control = el("w:sdt")
    pr = el("w:sdtPr")
    pr.append(el("w:alias", val=alias))
    pr.append(el("w:tag", val=tag))
    if inline:
        pr.append(el("w:text", multiLine="1"))
    control.append(pr)
    content = el("w:sdtContent")
    control.append(content)
    return control, content


def run(text: str, *, bold: bool = False) -> Any:
    r = el("w:r")
    if bold:
        rpr = el("w:rPr")
        rpr.append(el("w:b"))
        r.append(rpr)
    t = el("w:t")
    t.text = text
    if text != text.strip():
        t.set(XML_SPACE, "preserve")
    r.append(t)
    return r


def paragraph(style: str | None, text: str | None = None) -> Any:
    p = el("w:p")
    if style:
        ppr = el("w:pPr")
        ppr.append(el("w:pStyle", val=style))
        p.append(ppr)
    if text:
        p.append(run(text))
    return p


def shade(cell: _Cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    for old in tcpr.findall(qn("w:shd")):
        tcpr.remove(old)
    tcpr.append(el("w:shd", val="clear", color="auto", fill=fill))


def clear(cell: _Cell) -> Any:
    """Empty a cell of its paragraphs; returns the ``w:tc``."""
    tc = cell._tc
    for p in tc.findall(qn("w:p")):
        tc.remove(p)
    return tc


def widths(table: Table, widths_cm: Sequence[float]) -> None:
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=True):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    for row in table.rows:
        widths_row(row, widths_cm)


def widths_row(row: Any, widths_cm: Sequence[float]) -> None:
    for tc, width in zip(row._tr.findall(qn("w:tc")), widths_cm, strict=False):
        tcpr = tc.get_or_add_tcPr()
        for old in tcpr.findall(qn("w:tcW")):
            tcpr.remove(old)
        tcpr.insert(0, el("w:tcW", w=str(int(Cm(width).twips)), type="dxa"))


def reproducible(document: Any) -> bytes:
    """The document's bytes, with fixed zip timestamps and member order."""
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        first = [n for n in names if n == "[Content_Types].xml"]
        for name in first + sorted(n for n in names if n not in first):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()
