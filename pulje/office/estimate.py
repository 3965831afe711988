"""A lower bound on a .docx file's pages, from its text alone, without LibreOffice.

LibreOffice needs minutes for a document with a 50,000-word answer, and an application that
long is over any pool's limit anyway. ``min_pages`` says how many pages the text needs at the
very least, so a build can refuse such a document at once.

The bound is safe by construction: a letter or digit takes at least its advance width in the
narrowest of the fonts a form is laid out with (Calibri, or the metric-compatible Carlito, and
Liberation Sans, the usual stand-in: regular, bold and italic), less ``KERNING_MARGIN`` for
kerning, and a line at least ``MIN_PITCH_EM`` of the font size in height (single spacing is
1.22 em in Carlito, 1.15 em in Liberation Sans); the letters cannot overlap. So the area they
need is at most what a page's text area holds times the pages. Spaces and punctuation are not
counted, nor characters outside ASCII and Latin-1 (some fonts draw e.g. modifier letters with
no width), nor hidden text and text boxes. Anything the bound cannot account for — condensed
character spacing, a document it cannot read — gives no bound (None) rather than a wrong one.
"""

from __future__ import annotations

import math
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MIN_PITCH_EM = 1.05
KERNING_MARGIN = 0.9
# The smallest advance width (thousandths of an em) of each character over Carlito and
# Liberation Sans, regular, bold, italic and bold italic (read from the fonts' hmtx tables).
_CHARS = (
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ"
)
_WIDTHS = (
    507, 507, 507, 507, 507, 507, 507, 507, 507, 507, 579, 544, 519, 615, 488, 459, 631, 623,
    252, 319, 520, 420, 833, 645, 654, 517, 664, 543, 452, 487, 642, 567, 890, 519, 487, 468,
    479, 514, 412, 514, 478, 278, 471, 514, 222, 222, 455, 222, 791, 514, 513, 514, 514, 333,
    389, 278, 514, 446, 715, 433, 447, 395, 579, 579, 579, 579, 579, 579, 763, 519, 488, 488,
    488, 488, 252, 252, 252, 252, 625, 645, 654, 654, 654, 654, 654, 658, 642, 642, 642, 642,
    487, 517, 527, 479, 479, 479, 479, 479, 479, 754, 412, 478, 478, 478, 478, 229, 229, 229,
    229, 525, 514, 513, 513, 513, 513, 513, 529, 514, 514, 514, 514, 447, 514, 447,
)
EM_WIDTH = {ch: w / 1000 * KERNING_MARGIN for ch, w in zip(_CHARS, _WIDTHS, strict=True)}
DEFAULT_HALF_POINTS = 20  # w:sz when nothing sets it (ECMA-376: 10 pt)
MAX_PART_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class _Style:
    based_on: str | None
    half_points: int | None
    hidden: bool | None
    scale: int | None  # w:w, character width in percent


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _on(el: ET.Element | None) -> bool | None:
    if el is None:
        return None
    return el.get(f"{_W}val", "true").lower() not in ("0", "false", "off")


def _run_props(rpr: ET.Element | None) -> tuple[int | None, bool | None, int | None]:
    if rpr is None:
        return None, None, None
    sz = rpr.find(f"{_W}sz")
    w = rpr.find(f"{_W}w")
    return (_int(sz.get(f"{_W}val")) if sz is not None else None, _on(rpr.find(f"{_W}vanish")),
            _int(w.get(f"{_W}val")) if w is not None else None)


class _Unbounded(Exception):
    """Something in the document the bound cannot account for."""


def _read(zf: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART_BYTES:
        raise _Unbounded
    return zf.read(info)


def _styles(data: bytes | None) -> tuple[dict[str, _Style], int]:
    styles: dict[str, _Style] = {}
    default = DEFAULT_HALF_POINTS
    if data is None:
        return styles, default
    root = ET.fromstring(data)
    doc_rpr = root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
    size, _, _ = _run_props(doc_rpr)
    default = size or default
    for style in root.iter(f"{_W}style"):
        sid = style.get(f"{_W}styleId")
        if not sid:
            continue
        based = style.find(f"{_W}basedOn")
        size, hidden, scale = _run_props(style.find(f"{_W}rPr"))
        styles[sid] = _Style(based.get(f"{_W}val") if based is not None else None,
                             size, hidden, scale)
    return styles, default


def _resolve(styles: Mapping[str, _Style], sid: str | None, attr: str) -> object | None:
    seen: set[str] = set()
    while sid and sid in styles and sid not in seen:
        seen.add(sid)
        value: object = getattr(styles[sid], attr)
        if value is not None:
            return value
        sid = styles[sid].based_on
    return None


def _line_pitch(root: ET.Element) -> tuple[float, float | None]:
    """The smallest auto line spacing as a share of single spacing, and the smallest exact or
    at-least line height (pt) if any; refuses condensed letters."""
    share, exact = 1.0, None
    for spacing in root.iter(f"{_W}spacing"):
        value = _int(spacing.get(f"{_W}val"))
        if value is not None and value < 0:  # character spacing (in a w:rPr): condensed
            raise _Unbounded
        line = _int(spacing.get(f"{_W}line"))
        if line is None:
            continue
        if line <= 0:
            raise _Unbounded
        if spacing.get(f"{_W}lineRule", "auto") == "auto":
            share = min(share, line / 240)
        else:  # exact or atLeast, in twentieths of a point
            exact = line / 20 if exact is None else min(exact, line / 20)
    return share, exact


def _paragraphs(body: ET.Element) -> Iterator[ET.Element]:
    """Paragraphs of the body, not those inside text boxes (they float over the text)."""
    stack = [body]
    while stack:
        el = stack.pop()
        for child in reversed(list(el)):
            if child.tag == f"{_W}txbxContent":
                continue
            if child.tag == f"{_W}p":
                yield child
            stack.append(child)


def _page_area(root: ET.Element) -> float:
    """The largest text area (pt²) of any section of the document."""
    best = 0.0
    for sect in root.iter(f"{_W}sectPr"):
        size, margin = sect.find(f"{_W}pgSz"), sect.find(f"{_W}pgMar")
        if size is None or margin is None:
            continue
        width, height = _int(size.get(f"{_W}w")), _int(size.get(f"{_W}h"))
        if width is None or height is None:
            continue
        m = {k: abs(_int(margin.get(f"{_W}{k}")) or 0)
             for k in ("left", "right", "top", "bottom", "gutter")}
        text_w = width - m["left"] - m["right"] - m["gutter"]
        text_h = height - m["top"] - m["bottom"]
        best = max(best, max(text_w, 0) * max(text_h, 0) / 400)  # twips² → pt²
    if best <= 0:
        raise _Unbounded
    return best


def min_pages(docx: Path) -> int | None:
    """At least how many pages ``docx`` takes when laid out; None if that cannot be bounded."""
    try:
        with zipfile.ZipFile(docx) as zf:
            document = _read(zf, "word/document.xml")
            styles_xml = _read(zf, "word/styles.xml")
        if document is None:
            return None
        styles, default = _styles(styles_xml)
        root = ET.fromstring(document)
        share, exact = _line_pitch(root)
        if styles_xml is not None:
            style_share, style_exact = _line_pitch(ET.fromstring(styles_xml))
            share = min(share, style_share)
            if style_exact is not None:
                exact = style_exact if exact is None else min(exact, style_exact)
        page = _page_area(root)
        body = root.find(f"{_W}body")
        if body is None:
            return None
        area = 0.0
        for para in _paragraphs(body):
            ppr_style = para.find(f"{_W}pPr/{_W}pStyle")
            pstyle = ppr_style.get(f"{_W}val") if ppr_style is not None else None
            for run in para.iter(f"{_W}r"):
                area += _run_area(run, pstyle, styles, default, share, exact)
    except (_Unbounded, zipfile.BadZipFile, OSError, ET.ParseError, ValueError, RecursionError):
        return None
    return max(1, math.ceil(area / page)) if area else 0


def _run_area(
    run: ET.Element, pstyle: str | None, styles: Mapping[str, _Style], default: int,
    share: float, exact: float | None,
) -> float:
    ems = sum(EM_WIDTH.get(ch, 0.0) for t in run.iter(f"{_W}t") for ch in (t.text or ""))
    if not ems:
        return 0.0
    direct_size, direct_hidden, direct_scale = _run_props(run.find(f"{_W}rPr"))
    rstyle_el = run.find(f"{_W}rPr/{_W}rStyle")
    rstyle = rstyle_el.get(f"{_W}val") if rstyle_el is not None else None
    hidden = direct_hidden
    if hidden is None:
        hidden = any(_resolve(styles, s, "hidden") for s in (rstyle, pstyle))
    if hidden:
        return 0.0
    if direct_size is not None:
        half_points = direct_size
    else:
        # Whichever style wins, the size is at least the smallest any of them could give.
        found = [_resolve(styles, s, "half_points") for s in (rstyle, pstyle)]
        half_points = min([default, *(v for v in found if isinstance(v, int))])
    scales = [direct_scale, *(_resolve(styles, s, "scale") for s in (rstyle, pstyle))]
    scale = min([100, *(v for v in scales if isinstance(v, int))]) / 100
    if half_points <= 0 or scale <= 0:
        raise _Unbounded
    size = half_points / 2
    pitch = size * MIN_PITCH_EM * share
    if exact is not None:
        pitch = min(pitch, exact)
    return ems * size * scale * pitch
