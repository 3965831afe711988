"""Lean Word files: python-docx's default template, less what no document of pulje uses.

python-docx starts every document from its own template, whose ``styles.xml`` defines some 170
styles (a dozen are used) and which carries a second copy of them, ``stylesWithEffects.xml``
(Word 2010's, which Word and LibreOffice do not need to open or lay out the file). Every
LibreOffice run parses all of it for each document: a 900 KB draft becomes about 25 KB, and
LibreOffice spends about a quarter less on each. ``lean`` keeps every style a part of the
document names (paragraph, run, table and numbering styles, in the body, headers, footers and
numbering), the defaults, the styles those are based on, linked to or followed by, and the
``keep`` ids a template fills in later (docxtpl's ``{{ b.stil }}``). The latent styles stay, so
Word offers its built-in styles as before and adds one's definition when a user applies it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from docx.oxml.ns import qn

_STYLES_WITH_EFFECTS = (
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
)
#: The elements whose ``w:val`` names a style.
_REFERENCES = ("w:pStyle", "w:rStyle", "w:tblStyle", "w:numStyleLink", "w:styleLink")
#: A style's own references to other styles.
_CHAINS = ("w:basedOn", "w:link", "w:next")


def used_style_ids(document: Any) -> set[str]:
    """The style ids the parts of ``document`` (a python-docx Document) name, but its styles."""
    styles_part = document.part._styles_part
    used: set[str] = set()
    tags = {qn(t) for t in _REFERENCES}
    val = qn("w:val")
    for part in document.part.package.iter_parts():
        element = getattr(part, "_element", None)
        if element is None or part is styles_part:
            continue
        for node in element.iter(*tags):
            found = node.get(val)
            if found:
                used.add(found)
    return used


def lean(document: Any, keep: Iterable[str] = ()) -> None:
    """Drop from ``document`` (a python-docx Document, before it is saved) the style
    definitions nothing uses, and the ``stylesWithEffects`` part."""
    root = document.styles.element
    style_id, val = qn("w:styleId"), qn("w:val")
    defined = {s.get(style_id): s for s in root.iter(qn("w:style"))}
    wanted = used_style_ids(document) | set(keep)
    wanted |= {sid for sid, s in defined.items() if s.get(qn("w:default")) in ("1", "true", "on")}
    todo = list(wanted)
    while todo:
        style = defined.get(todo.pop())
        if style is None:
            continue
        for tag in _CHAINS:
            link = style.find(qn(tag))
            other = link.get(val) if link is not None else None
            if other and other not in wanted:
                wanted.add(other)
                todo.append(other)
    for sid, style in defined.items():
        if sid not in wanted:
            root.remove(style)
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype == _STYLES_WITH_EFFECTS:
            part.drop_rel(rid)
