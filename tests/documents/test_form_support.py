"""Reading a rendered form back with python-docx: text in document order, tables, controls.

python-docx's own ``paragraphs``/``cell.text`` skip what stands inside content controls
(``w:sdt``), which is where every answer is, so the document's XML tree (opened by python-docx)
is walked here: paragraphs, tables (nested ones too) and controls, in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.oxml.ns import qn

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _val(el, name: str) -> str | None:
    child = el.find(f"{W}{name}") if el is not None else None
    return None if child is None else child.get(f"{W}val")


def para_text(p) -> str:
    """A paragraph's text as shown: runs, line breaks as newlines, tabs; no field codes."""
    out = ""
    for el in p.iter(f"{W}t", f"{W}br", f"{W}tab", f"{W}delText", f"{W}instrText"):
        if el.tag == f"{W}t":
            out += el.text or ""
        elif el.tag == f"{W}br":
            out += "\n"
        elif el.tag == f"{W}tab" and el.getparent().tag == f"{W}r":
            out += "\t"
    return out


def para_style(p) -> str:
    return _val(p.find(f"{W}pPr"), "pStyle") or ""


def keep_next(p) -> bool:
    ppr = p.find(f"{W}pPr")
    kn = ppr.find(f"{W}keepNext") if ppr is not None else None
    return kn is not None and kn.get(f"{W}val") in (None, "1", "true", "on")


@dataclass
class Control:
    tag: str
    alias: str
    inline: bool
    paragraphs: list = field(default_factory=list)  # the w:p elements (block controls)
    text: str = ""


@dataclass
class Document:
    path: Path
    body: object
    header: str
    footer: str
    controls: list[Control]

    def by_tag(self) -> dict[str, Control]:
        return {c.tag: c for c in self.controls}


def open_docx(path: Path) -> Document:
    document = docx.Document(str(path))
    body = document.element.body
    section = document.sections[0]
    header = "\n".join(para_text(p) for p in section.header._element.iter(f"{W}p"))
    footer = "\n".join(para_text(p) for p in section.footer._element.iter(f"{W}p"))
    controls = []
    for sdt in body.iter(f"{W}sdt"):
        pr = sdt.find(f"{W}sdtPr")
        content = sdt.find(f"{W}sdtContent")
        tag = _val(pr, "tag") or ""
        alias = _val(pr, "alias") or ""
        paragraphs = content.findall(f"{W}p")
        inline = sdt.getparent().tag == f"{W}p"
        text = para_text(content) if inline else "\n".join(para_text(p) for p in paragraphs)
        controls.append(Control(tag, alias, inline, paragraphs, text))
    return Document(path, body, header, footer, controls)


def tables(element) -> list:
    """Every table (nested ones too), in document order, as rows of cell texts."""
    out = []
    for tbl in element.iter(f"{W}tbl"):
        rows = []
        for tr in tbl.findall(f"{W}tr"):
            rows.append([cell_text(tc) for tc in tr.findall(f"{W}tc")])
        out.append(rows)
    return out


def cell_text(tc) -> str:
    """A cell's own paragraphs (in controls too), not those of tables nested in it."""
    texts = []
    for p in tc.iter(f"{W}p"):
        if _inside_nested_table(p, tc):
            continue
        texts.append(para_text(p))
    return "\n".join(t for t in texts if t)


def _inside_nested_table(p, tc) -> bool:
    node = p.getparent()
    while node is not None and node is not tc:
        if node.tag == f"{W}tbl":
            return True
        node = node.getparent()
    return False


def flat_text(doc: Document) -> str:
    """All text of the body in document order, whitespace normalised (for "in order" checks)."""
    parts = [para_text(p) for p in doc.body.iter(f"{W}p")]
    return " ".join(" ".join(parts).split())


def snapshot(doc: Document) -> str:
    """The document as text: header, footer and body, with tables, controls and bullets."""
    lines = ["== sidehoved ==", doc.header, "== sidefod ==", doc.footer, "== brødtekst =="]
    _blocks(doc.body, 0, lines)
    return "\n".join(lines).rstrip() + "\n"


def _blocks(container, depth: int, lines: list[str]) -> None:
    pad = "  " * depth
    for el in container:
        if el.tag == f"{W}p":
            lines.append(pad + _para_line(el))
        elif el.tag == f"{W}sdt":
            pr = el.find(f"{W}sdtPr")
            lines.append(f"{pad}«{_val(pr, 'tag')}»")
            _blocks(el.find(f"{W}sdtContent"), depth + 1, lines)
        elif el.tag == f"{W}tbl":
            lines.append(f"{pad}<tabel>")
            for tr in el.findall(f"{W}tr"):
                lines.append(f"{pad}  <række>")
                for tc in tr.findall(f"{W}tc"):
                    lines.append(f"{pad}    <celle>")
                    _blocks(tc, depth + 3, lines)


def _para_line(p) -> str:
    parts = []
    for child in p:
        if child.tag == f"{W}sdt":
            pr = child.find(f"{W}sdtPr")
            parts.append(f"«{_val(pr, 'tag')}: {para_text(child.find(f'{W}sdtContent'))}»")
        elif child.tag != f"{W}pPr":
            parts.append(para_text(child))
    style = para_style(p)
    prefix = "• " if style == "ListBullet" else ""
    text = prefix + "".join(parts)
    return re.sub(r"\n", "⏎", text)


def w(name: str) -> str:
    return qn(f"w:{name}")


def template_file(folder: Path, pool_id: str = "bedre-ressourceforloeb") -> Path:
    """The Word template of the pool's newest round (made from its form), as a file."""
    from pulje.documents.template_builder import template_for
    from pulje.pools import load_pool

    path = folder / "ansoegning.docx"
    path.write_bytes(template_for(load_pool(pool_id)))
    return path
