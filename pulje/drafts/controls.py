"""Read the content controls (``w:sdt``) of a Word document: tag, text and place.

The text of a control is read as Word shows it: inserted text counts, deleted and moved-away
text does not; a line break is a newline; paragraphs styled as bullets (or in a bullet list)
become "- " lines; a paragraph with "keep with next" is followed by a single newline, others by
a blank line (see ``documents.filters.afsnit``/``join_blocks``). A control showing its
placeholder (``w:showingPlcHdr``) is empty, whatever the placeholder says.

The place of a control is given as a reader of the document would find it: under which heading,
in which paragraph or which table, row and column (counted from 1 in the whole document), since
a .docx has no pages until it is laid out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pulje.drafts.package import DocxPackage

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_NUMBERING_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
)
_STYLES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"

BULLET = "- "
#: The placeholder texts pulje's blank forms show in empty controls (``drafts.blank``).
PLACEHOLDER_BLOCK = "Klik eller tryk her for at skrive tekst."
PLACEHOLDER_INLINE = "Skriv her"
PLACEHOLDERS = frozenset({PLACEHOLDER_BLOCK, PLACEHOLDER_INLINE})
PLACEHOLDER_STYLE = "PlaceholderText"
BULLET_STYLES = re.compile(r"^(ListBullet|Listeafsnit|Opstilling-punkttegn|ListeBullet)\d*$",
                           re.IGNORECASE)
HEADING_STYLES = re.compile(r"^(heading|overskrift|title|titel)\s*\d*$", re.IGNORECASE)


def w(name: str) -> str:
    return f"{{{W}}}{name}"


_SKIP = {w("del"), w("moveFrom"), w("rPr"), w("pPr"), w("sdtPr"), w("sdtEndPr"),
         f"{{{MC}}}Fallback", w("instrText"), w("delText")}
_ON = {None, "1", "true", "on"}


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a control's text."""

    text: str
    bullet: bool = False
    hold: bool = False


@dataclass
class Control:
    """One tagged content control of a document."""

    tag: str
    paragraphs: list[Paragraph]
    placeholder: bool
    place: str
    section: str
    container: bool = False
    inline: bool = False
    alias: str = ""
    cell: tuple[int, int, int] | None = None  # table, row, column (from 1) when in a table

    @property
    def text(self) -> str:
        """The control's text in the answer file's form (paragraphs, bullets, line breaks)."""
        if self.placeholder:
            return ""
        out = ""
        hold_previous = False
        for i, para in enumerate(self.paragraphs):
            if i:
                out += "\n" if hold_previous else "\n\n"
            out += (BULLET if para.bullet else "") + para.text
            hold_previous = para.hold
        return out.strip("\n")

    @property
    def lines(self) -> list[str]:
        """The non-empty paragraphs, each one item (a tidsplan cell's activities)."""
        if self.placeholder:
            return []
        return [p.text.strip() for p in self.paragraphs if p.text.strip()]


@dataclass(frozen=True)
class TableText:
    """The text of a table's cells: ``rows[r][c]`` (from 0), and where the table stands."""

    number: int
    place: str
    rows: list[list[str]]


@dataclass
class Scan:
    """All tagged controls of a document in document order, and the tables that hold them."""

    controls: list[Control] = field(default_factory=list)
    untagged: int = 0
    tables: dict[int, TableText] = field(default_factory=dict)


class _Numbering:
    """Which (numId, ilvl) pairs of numbering.xml are bullets."""

    def __init__(self, root: Any | None) -> None:
        self.bullets: set[tuple[str, str]] = set()
        if root is None:
            return
        abstract: dict[str, set[str]] = {}
        for node in root.iter(w("abstractNum")):
            levels = {
                lvl.get(w("ilvl"), "0")
                for lvl in node.iter(w("lvl"))
                if (fmt := lvl.find(w("numFmt"))) is not None and fmt.get(w("val")) == "bullet"
            }
            abstract[node.get(w("abstractNumId"), "")] = levels
        for num in root.iter(w("num")):
            ref = num.find(w("abstractNumId"))
            levels = abstract.get(ref.get(w("val"), "") if ref is not None else "", set())
            for level in levels:
                self.bullets.add((num.get(w("numId"), ""), level))

    def is_bullet(self, num_id: str, level: str) -> bool:
        return (num_id, level) in self.bullets


def _related(package: DocxPackage, rel_type: str) -> Any | None:
    rels = package.rels_of(package.main)
    if rels is None:
        return None
    folder = package.main.rsplit("/", 1)[0]
    for rel in rels.iter(f"{{{_PKG_RELS}}}Relationship"):
        if rel.get("Type") == rel_type and rel.get("TargetMode") != "External":
            target = rel.get("Target") or ""
            name = target.lstrip("/") if target.startswith("/") else f"{folder}/{target}"
            return package.xml(name) if package.has(name) else None
    return None


class _Styles:
    """Paragraph styles: which are headings (by id, name or outline level) and bullets."""

    def __init__(self, root: Any | None) -> None:
        self.headings: set[str] = set()
        self.bullets: set[str] = set()
        if root is None:
            return
        for style in root.iter(w("style")):
            sid = style.get(w("styleId"), "")
            name_node = style.find(w("name"))
            name = name_node.get(w("val"), "") if name_node is not None else ""
            ppr = style.find(w("pPr"))
            outline = ppr.find(w("outlineLvl")) if ppr is not None else None
            if HEADING_STYLES.match(name) or HEADING_STYLES.match(sid) or outline is not None:
                self.headings.add(sid)
            if BULLET_STYLES.match(sid) or name.lower().startswith("list bullet"):
                self.bullets.add(sid)

    def is_heading(self, style: str) -> bool:
        return style in self.headings or bool(HEADING_STYLES.match(style))

    def is_bullet(self, style: str) -> bool:
        return style in self.bullets or bool(BULLET_STYLES.match(style))


_VAL = w("val")


def _val(node: Any | None, default: str | None = None) -> str | None:
    if node is None:
        return default
    value = node.get(_VAL)
    return value if value is not None else default


def _on(node: Any | None) -> bool:
    return node is not None and (node.get(_VAL) in _ON)


_T, _BR, _CR, _TAB, _NBH, _P, _SDT = (w(n) for n in ("t", "br", "cr", "tab", "noBreakHyphen",
                                                     "p", "sdt"))
_TYPE = w("type")
_BREAKS = {_BR, _CR}
_LINE_BREAK_TYPES = {None, "textWrapping"}


def run_text(element: Any, stop: Any | None = None, *, include_tagged: bool = False) -> str:
    """The text Word shows for ``element``'s runs, skipping nested tagged controls (unless
    ``include_tagged``)."""
    parts: list[str] = []
    append = parts.append
    skip = _SKIP

    def walk(node: Any) -> None:
        for child in node:
            tag = child.tag
            if tag == _T:
                append(child.text or "")
            elif not isinstance(tag, str) or tag in skip or (
                tag == _SDT and child is not stop and not include_tagged and _tag_of(child)
            ):
                continue
            elif tag in _BREAKS:
                if child.get(_TYPE) in _LINE_BREAK_TYPES:
                    append("\n")
            elif tag == _TAB:
                append("\t")
            elif tag == _NBH:
                append("-")
            elif tag == _P:
                if not include_tagged:
                    continue  # a paragraph inside a run (text box): not part of this text
                if parts and parts[-1] != "\n":
                    append("\n")
                walk(child)
            elif len(child):
                walk(child)

    walk(element)
    return "".join(parts)


def _nearest(node: Any, tag: str) -> Any | None:
    return next((a for a in node.iterancestors() if a.tag == tag), None)


def _rows(table: Any) -> list[Any]:
    """A table's own rows (also those inside row-level controls), not a nested table's."""
    return [r for r in table.iter(w("tr")) if _nearest(r, w("tbl")) is table]


def _cells(row: Any) -> list[Any]:
    return [c for c in row.iter(w("tc")) if _nearest(c, w("tr")) is row]


_SDT_PR, _TAG_EL = w("sdtPr"), w("tag")


def _tag_of(sdt: Any) -> str:
    pr = sdt.find(_SDT_PR)
    if pr is None:
        return ""
    return (_val(pr.find(_TAG_EL), "") or "").strip()


class _Reader:
    def __init__(self, package: DocxPackage) -> None:
        self.styles = _Styles(_related(package, _STYLES_REL))
        self.numbering = _Numbering(_related(package, _NUMBERING_REL))
        self.root = package.xml(package.main)
        self.places: dict[Any, tuple[str, str]] = {}
        self.keep: list[Any] = []  # keeps lxml proxies alive, so dict keys stay the same
        self.table_numbers: dict[Any, int] = {}
        self.tables_used: dict[int, Any] = {}
        self.rows_of: dict[Any, list[Any]] = {}  # a table's rows, a row's cells: found once
        self.cells_of: dict[Any, list[Any]] = {}

    def paragraph(self, p: Any) -> Paragraph:
        ppr = p.find(w("pPr"))
        style = _val(ppr.find(w("pStyle")), "") if ppr is not None else ""
        bullet = self.styles.is_bullet(style or "")
        if ppr is not None and (num := ppr.find(w("numPr"))) is not None:
            num_id = _val(num.find(w("numId")), "")
            level = _val(num.find(w("ilvl")), "0")
            bullet = bullet or self.numbering.is_bullet(num_id or "", level or "0")
        hold = ppr is not None and _on(ppr.find(w("keepNext")))
        return Paragraph(run_text(p).replace("\u00a0", " "), bullet, hold)

    def heading_text(self, p: Any) -> str | None:
        ppr = p.find(w("pPr"))
        if ppr is None:
            return None
        style = _val(ppr.find(w("pStyle")), "") or ""
        if self.styles.is_heading(style) or ppr.find(w("outlineLvl")) is not None:
            text = " ".join(run_text(p).split())
            return text or None
        return None

    def index_places(self) -> None:
        """Number every paragraph outside tables and every table, noting the heading above."""
        body = self.root.find(w("body"))
        if body is None:
            return
        section = ""
        paragraphs = tables = 0
        table_numbers: dict[Any, int] = {}
        for node in body.iter(w("p"), w("tbl")):
            self.keep.append(node)
            in_table = any(a.tag == w("tbl") for a in node.iterancestors())
            if node.tag == w("tbl"):
                tables += 1
                table_numbers[node] = tables
                self.places[node] = (section, f"tabel {tables}")
                continue
            if in_table:
                continue
            paragraphs += 1
            heading = self.heading_text(node)
            if heading:
                section = heading
            self.places[node] = (section, f"afsnit {paragraphs}")
        self.table_numbers = table_numbers

    def place_of(self, sdt: Any) -> tuple[str, str, tuple[int, int, int] | None]:
        """(heading above, "tabel 3, række 2, kolonne 2" or "afsnit 12", the cell's numbers)."""
        cell = next((a for a in sdt.iterancestors() if a.tag == w("tc")), None)
        inner_cell = sdt.find(f"{w('sdtContent')}/{w('tc')}")
        row_node = sdt.find(f"{w('sdtContent')}/{w('tr')}")
        cell = inner_cell if inner_cell is not None else cell
        if cell is not None or row_node is not None:
            row = cell.getparent() if cell is not None else row_node
            while row is not None and row.tag != w("tr"):
                row = row.getparent()
            table = row.getparent() if row is not None else None
            while table is not None and table.tag != w("tbl"):
                table = table.getparent()
            if table is not None and row is not None:
                section, name = self.places.get(table, ("", "tabel ?"))
                number = self.table_numbers.get(table, 0)
                rows = self.rows_of.get(table)
                if rows is None:
                    rows = self.rows_of[table] = _rows(table)
                row_no = rows.index(row) + 1
                where = f"{name}, række {row_no}"
                col_no = 0
                if cell is not None:
                    cells = self.cells_of.get(row)
                    if cells is None:
                        cells = self.cells_of[row] = _cells(row)
                    col_no = cells.index(cell) + 1
                    where += f", kolonne {col_no}"
                    self.tables_used[number] = table
                return section, where, (number, row_no, col_no)
        first = next(iter(sdt.iter(w("p"))), None)
        anchor = first if first is not None else next(
            (a for a in sdt.iterancestors() if a.tag == w("p")), None
        )
        if anchor is not None and anchor in self.places:
            return (*self.places[anchor], None)
        return "", "", None

    def controls(self) -> Iterator[Control]:
        for sdt in self.root.iter(w("sdt")):
            tag = _tag_of(sdt)
            if not tag:
                continue
            pr = sdt.find(w("sdtPr"))
            content = sdt.find(w("sdtContent"))
            placeholder = _shows_placeholder(pr, content)
            container = any(
                _tag_of(inner) for inner in (content.iter(w("sdt")) if content is not None
                                             else ())
            )
            inline = any(a.tag == w("p") for a in sdt.iterancestors())
            paragraphs: list[Paragraph] = []
            if content is not None and not container:
                if inline:
                    paragraphs = [Paragraph(run_text(content).replace("\u00a0", " "))]
                else:
                    paragraphs = [self.paragraph(p) for p in content.iter(w("p"))]
            section, where, cell = self.place_of(sdt)
            place = f"{section}: {where}" if section and where else section or where
            alias = _val(pr.find(w("alias")), "") if pr is not None else ""
            yield Control(tag, paragraphs, placeholder, place, section, container, inline,
                          alias or "", cell)

    def table_texts(self) -> dict[int, TableText]:
        """The cell texts of every table holding a tagged control in a cell."""
        out: dict[int, TableText] = {}
        for number, table in self.tables_used.items():
            section, name = self.places.get(table, ("", f"tabel {number}"))
            rows = [[" ".join(run_text(c, include_tagged=True).split()) for c in _cells(r)]
                    for r in _rows(table)]
            out[number] = TableText(number, f"{section}: {name}" if section else name, rows)
        return out


def _shows_placeholder(pr: Any | None, content: Any | None) -> bool:
    """Whether a control shows its placeholder rather than an answer.

    Word sets ``w:showingPlcHdr`` while the placeholder shows and drops it when the user types;
    a program that keeps the flag after an edit is caught by looking at the text too: it must
    be empty, one of pulje's placeholders, or all in the placeholder style.
    """
    flagged = pr is not None and _on(pr.find(w("showingPlcHdr")))
    if content is None:
        return flagged
    text = " ".join(run_text(content).split())
    if flagged:
        return not text or text in PLACEHOLDERS or _styled(content)
    return text in PLACEHOLDERS and _styled(content)


def _styled(content: Any) -> bool:
    """Whether the runs with text are all in the placeholder style (and there are some)."""
    runs = [r for r in content.iter(w("r")) if run_text(r).strip()]
    return bool(runs) and all(
        _val(r.find(f"{w('rPr')}/{w('rStyle')}"), "") == PLACEHOLDER_STYLE for r in runs
    )


def read_controls(package: DocxPackage) -> Scan:
    """Every tagged content control of ``package``'s main document, in document order."""
    reader = _Reader(package)
    reader.index_places()
    scan = Scan(controls=list(reader.controls()))
    scan.tables = reader.table_texts()
    scan.untagged = sum(1 for sdt in reader.root.iter(w("sdt")) if not _tag_of(sdt))
    return scan
