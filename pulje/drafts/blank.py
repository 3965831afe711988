"""The blank application for ``pulje init POOL --docx FILE``: the Word form with pulje's part
(pool, round) and, beside it, the round's budget workbook (``documents.budget_xlsx``).

It comes from ``documents.form``'s template and machinery, so it has exactly the content
controls of a built application (``documents.form.render_draft``). Its empty controls show
placeholder text ("Klik eller tryk her for at skrive tekst.", grey, Word's own
``PlaceholderText`` style and ``w:showingPlcHdr``), which Word removes as soon as the user
types.
"""

from __future__ import annotations

import contextlib
import io
import os
import secrets
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from pulje.documents.datapart import embed
from pulje.drafts.controls import (
    PLACEHOLDER_BLOCK,
    PLACEHOLDER_INLINE,
    PLACEHOLDER_STYLE,
    W,
    run_text,
    w,
)
from pulje.drafts.reader import blank_form
from pulje.files import exists_error, write_bytes
from pulje.pools import load_pool

_STYLE_XML = (
    f'<w:style xmlns:w="{W}" w:type="character" w:styleId="{PLACEHOLDER_STYLE}">'
    '<w:name w:val="Placeholder Text"/><w:basedOn w:val="DefaultParagraphFont"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:rPr><w:color w:val="808080"/></w:rPr>'
    "</w:style>"
)


def _parser() -> Any:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _placeholder_run(text: str) -> Any:
    run = etree.Element(w("r"))
    rpr = etree.SubElement(run, w("rPr"))
    etree.SubElement(rpr, w("rStyle")).set(w("val"), PLACEHOLDER_STYLE)
    t = etree.SubElement(run, w("t"))
    t.text = text
    return run


def with_placeholders(document_xml: bytes) -> bytes:
    """Mark every empty tagged control as showing placeholder text."""
    root = etree.fromstring(document_xml, _parser())
    for sdt in root.iter(w("sdt")):
        pr = sdt.find(w("sdtPr"))
        content = sdt.find(w("sdtContent"))
        if pr is None or content is None or pr.find(w("tag")) is None:
            continue
        if run_text(content).strip():
            continue
        inline = content.find(w("p")) is None and content.find(w("tc")) is None
        paragraphs = [content] if inline else list(content.iter(w("p")))
        if not paragraphs:
            continue
        target = paragraphs[0]
        for run in list(target.findall(w("r"))):
            target.remove(run)
        target.append(_placeholder_run(PLACEHOLDER_INLINE if inline else PLACEHOLDER_BLOCK))
        if pr.find(w("showingPlcHdr")) is None:
            etree.SubElement(pr, w("showingPlcHdr"))
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return out


def _with_style(styles_xml: bytes) -> bytes:
    root = etree.fromstring(styles_xml, _parser())
    if any(s.get(w("styleId")) == PLACEHOLDER_STYLE for s in root.iter(w("style"))):
        return styles_xml
    root.append(etree.fromstring(_STYLE_XML.encode(), _parser()))
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return out


def _rewrite(docx: bytes, changes: dict[str, Any]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(
        out, "w", zipfile.ZIP_DEFLATED
    ) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            change = changes.get(info.filename)
            dst.writestr(info, change(data) if change else data)
    return out.getvalue()


def blank_docx_bytes(pool_id: str, runde_id: str | None = None, *,
                     budgetark: str | None = None, par: str | None = None) -> bytes:
    """The blank form of a pool's round (newest by default) with placeholders and pulje's part
    (naming its budget workbook ``budgetark`` and the pair's id ``par``, when given)."""
    pool = load_pool(pool_id)
    runde = pool.runde(runde_id)
    docx = _rewrite(blank_form(pool.id, runde.id), {
        "word/document.xml": with_placeholders,
        "word/styles.xml": _with_style,
    })
    extra = {k: v for k, v in (("budgetark", budgetark), ("par", par)) if v}
    return embed(docx, pool.id, runde.id, None, extra or None)


def write_blank_docx(pool_id: str, target: Path, runde_id: str | None = None) -> Path:
    """Write a blank Word form of ``pool_id`` (its newest round, or ``runde_id``) to
    ``target``; never over an existing file.

    Raises ``UnknownPool``, ``WouldOverwrite`` or ``WriteFailed`` (all ``PuljeError``)."""
    return write_bytes(Path(target), blank_docx_bytes(pool_id, runde_id), overwrite=False)


def write_blank_budget(pool_id: str, target: Path, runde_id: str | None = None, *,
                       skema: str | None = None, par: str | None = None) -> Path:
    """Write the blank budget workbook of a pool's round to ``target``; never over an
    existing file. ``skema``/``par``: the form it belongs to, and the id both carry."""
    from pulje.documents.budget_xlsx import blank_workbook_bytes

    pool = load_pool(pool_id)
    runde = pool.runde(runde_id)
    data = blank_workbook_bytes(pool, runde, skema=skema, par=par)
    return write_bytes(Path(target), data, overwrite=False)


def write_blank_application(pool_id: str, docx: Path, runde_id: str | None = None,
                            budget: Path | None = None) -> tuple[Path, Path]:
    """Write a blank application of a pool's round: the Word form at ``docx`` and, beside it,
    the budget workbook the round needs (``budget``, else the round's name for it,
    "<form>-budget.xlsx"). The two carry the same id, so they are read as a pair. Neither file
    is written over an existing one; if the workbook cannot be written, the form just written
    is removed again.

    Raises ``UnknownPool``, ``WouldOverwrite`` or ``WriteFailed`` (all ``PuljeError``)."""
    from pulje.drafts.pairing import expected_name

    pool = load_pool(pool_id)
    runde = pool.runde(runde_id)
    docx = Path(docx)
    book = Path(budget) if budget is not None else docx.parent / expected_name(runde, docx.name)
    for path in (docx, book):
        if os.path.lexists(path):
            raise exists_error(path)
    if os.path.abspath(docx) == os.path.abspath(book):
        raise exists_error(book)
    par = secrets.token_hex(8)
    written = write_bytes(docx, blank_docx_bytes(pool.id, runde.id, budgetark=book.name,
                                                 par=par), overwrite=False)
    try:
        sheet = write_blank_budget(pool.id, book, runde.id, skema=docx.name, par=par)
    except BaseException:
        with contextlib.suppress(OSError):
            written.unlink()
        raise
    return written, sheet
