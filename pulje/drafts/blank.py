"""The blank Word form for ``pulje init POOL --docx FILE``, with pulje's part (pool, round).

It comes from ``documents.form``'s template and machinery, so it has exactly the content
controls of a built application (``documents.form.render_draft``). Its empty controls show
placeholder text ("Klik eller tryk her for at skrive tekst.", grey, Word's own
``PlaceholderText`` style and ``w:showingPlcHdr``), which Word removes as soon as the user
types.
"""

from __future__ import annotations

import io
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
from pulje.files import write_bytes
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


def blank_docx_bytes(pool_id: str, runde_id: str | None = None) -> bytes:
    """The blank form of a pool's round (newest by default) with placeholders and pulje's part."""
    pool = load_pool(pool_id)
    runde = pool.runde(runde_id)
    docx = _rewrite(blank_form(pool.id, runde.id), {
        "word/document.xml": with_placeholders,
        "word/styles.xml": _with_style,
    })
    return embed(docx, pool.id, runde.id, None)


def write_blank_docx(pool_id: str, target: Path, runde_id: str | None = None) -> Path:
    """Write a blank Word form of ``pool_id`` (its newest round, or ``runde_id``) to
    ``target``; never over an existing file.

    Raises ``UnknownPool``, ``WouldOverwrite`` or ``WriteFailed`` (all ``PuljeError``)."""
    return write_bytes(Path(target), blank_docx_bytes(pool_id, runde_id), overwrite=False)
