"""Word drafts for the drafts tests: the example rendered as pulje builds it, edited the way Word
saves an edit (with python-docx), and the bad files the desk must survive."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Callable
from copy import deepcopy
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn
from pypdf import PdfReader, PdfWriter

from pulje.answers.loader import LoadedApplication, load_application
from pulje.documents.form import render_draft

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLE = ROOT / "applications" / "albertslund-bedre-ressourceforloeb.yaml"
REAL_SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def example() -> LoadedApplication:
    loaded = load_application(EXAMPLE)
    assert loaded.model is not None, loaded.diagnostics
    return loaded


def built(path: Path) -> Path:
    """The example as ``pulje build`` renders it, with pulje's part (pool, round, budget)."""
    render_draft(example(), path)
    return path


def form_only(path: Path) -> Path:
    """The example rendered by ``documents.form`` alone (no pulje part)."""
    from pulje.documents.form import render_form

    render_form(example(), path)
    return path


def _sdts(document: Any, tag: str) -> list[Any]:
    return [
        sdt for sdt in document.element.body.iter(qn("w:sdt"))
        if (t := sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}")) is not None
        and t.get(qn("w:val")) == tag
    ]


def edit_control(source: Path, target: Path, tag: str, text: str) -> Path:
    """Replace the text of the control ``tag`` as Word saves an edit: the control's first run
    gets the new text, split over two runs (Word splits runs freely), the others go."""
    document = docx.Document(str(source))
    (sdt,) = _sdts(document, tag)
    runs = list(sdt.iter(qn("w:r")))
    first = runs[0]
    for run in runs[1:]:
        run.getparent().remove(run)
    for t in first.findall(qn("w:t")):
        first.remove(t)
    half = len(text) // 2
    t = first.makeelement(qn("w:t"), {})
    t.text = text[:half]
    first.append(t)
    second = deepcopy(first)
    for old in second.findall(qn("w:t")):
        second.remove(old)
    t2 = second.makeelement(qn("w:t"), {})
    t2.text = text[half:]
    second.append(t2)
    first.addnext(second)
    pr = sdt.find(qn("w:sdtPr"))
    for flag in pr.findall(qn("w:showingPlcHdr")):
        pr.remove(flag)
    document.save(str(target))
    return target


def change_document(source: Path, target: Path, change: Callable[[Any], None]) -> Path:
    document = docx.Document(str(source))
    change(document)
    document.save(str(target))
    return target


def drop_control(tag: str) -> Callable[[Any], None]:
    def change(document: Any) -> None:
        (sdt,) = _sdts(document, tag)
        sdt.getparent().remove(sdt)
    return change


def retag_control(tag: str, new_tag: str) -> Callable[[Any], None]:
    def change(document: Any) -> None:
        (sdt,) = _sdts(document, tag)
        sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}").set(qn("w:val"), new_tag)
    return change


def duplicate_control(tag: str) -> Callable[[Any], None]:
    def change(document: Any) -> None:
        (sdt,) = _sdts(document, tag)
        sdt.addnext(deepcopy(sdt))
    return change


def _table_of(document: Any, tag: str) -> Any:
    sdt = _sdts(document, tag)[0]
    return next(a for a in sdt.iterancestors() if a.tag == qn("w:tbl"))


def copy_last_row(tag: str, texts: list[str]) -> Callable[[Any], None]:
    """Word's copy and paste of a table's last row: its content controls (and tags) come too;
    then the copy's texts are overwritten, one per control."""
    def change(document: Any) -> None:
        table = _table_of(document, tag)
        last = table.findall(qn("w:tr"))[-1]
        copy = deepcopy(last)
        last.addnext(copy)
        for sdt, text in zip(copy.iter(qn("w:sdt")), texts, strict=True):
            runs = list(sdt.iter(qn("w:t")))
            runs[0].text = text
            for extra in runs[1:]:
                extra.text = ""
    return change


def add_plain_row(tag: str, texts: list[str]) -> Callable[[Any], None]:
    """A row added in Word below the last (Tab in the last cell): plain cells, no controls."""
    def change(document: Any) -> None:
        table = _table_of(document, tag)
        last = table.findall(qn("w:tr"))[-1]
        row = deepcopy(last)
        for tc in row.findall(qn("w:tc")):
            for child in list(tc):
                if child.tag != qn("w:tcPr"):
                    tc.remove(child)
        for tc, text in zip(row.findall(qn("w:tc")), texts, strict=True):
            p = tc.makeelement(qn("w:p"), {})
            r = p.makeelement(qn("w:r"), {})
            t = r.makeelement(qn("w:t"), {})
            t.text = text
            r.append(t)
            p.append(r)
            tc.append(p)
        last.addnext(row)
    return change


def unwrap_controls(document: Any) -> None:
    """The form "filled in by hand": the same text, no content controls."""
    for sdt in list(document.element.body.iter(qn("w:sdt"))):
        parent = sdt.getparent()
        if parent is None:
            continue
        content = sdt.find(qn("w:sdtContent"))
        index = parent.index(sdt)
        for offset, child in enumerate(list(content) if content is not None else []):
            parent.insert(index + offset, child)
        parent.remove(sdt)


def cut_section(heading: str) -> Callable[[Any], None]:
    """Delete a section: its heading and everything up to the next heading."""
    def change(document: Any) -> None:
        body = document.element.body
        children = list(body)
        start = next(
            i for i, el in enumerate(children)
            if el.tag == qn("w:p") and _text(el).strip() == heading
        )
        end = next(
            (i for i in range(start + 1, len(children))
             if children[i].tag == qn("w:p") and _is_heading(children[i])),
            len(children) - 1,
        )
        for el in children[start:end]:
            body.remove(el)
    return change


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def _is_heading(p: Any) -> bool:
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style is not None and style.get(qn("w:val")) == "Heading1"


def with_marker(source: Path, target: Path, marker: bytes) -> Path:
    """A copy of ``source`` whose zip comment holds ``marker`` (found by a fake soffice)."""
    shutil.copyfile(source, target)
    with zipfile.ZipFile(target, "a") as archive:
        archive.comment = marker
    return target


# --- bad files ----------------------------------------------------------------------------------


def text_named_docx(path: Path) -> Path:
    path.write_text("Dette er ikke et Word-dokument, bare tekst.\n", encoding="utf-8")
    return path


def truncated_zip(source: Path, path: Path) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def zip_bomb(path: Path, *, part_mb: int = 60) -> Path:
    """A .docx-looking zip whose document part unpacks to ``part_mb`` MB of zeros."""
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            for _ in range(part_mb):
                member.write(chunk)
    return path


def many_parts_bomb(path: Path, *, parts: int = 5, part_mb: int = 45) -> Path:
    """Each part under the per-part limit, together over the total limit."""
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for n in range(parts):
            with archive.open(f"word/media/image{n}.bin", "w") as member:
                for _ in range(part_mb):
                    member.write(chunk)
    return path


def lying_zip(source: Path, path: Path) -> Path:
    """A .docx whose zip directory understates how big its document part unpacks (a bomb that
    passes a check of the directory alone): the sizes written say 1000 bytes."""
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    small = (1000).to_bytes(4, "little")
    data[info.header_offset + 22: info.header_offset + 26] = small  # local header
    name = info.filename.encode()
    entry = data.find(b"PK\x01\x02")
    while entry >= 0:  # its central directory entry
        if data[entry + 46: entry + 46 + len(name)] == name:
            data[entry + 24: entry + 28] = small
            break
        entry = data.find(b"PK\x01\x02", entry + 4)
    path.write_bytes(bytes(data))
    return path


def ole_file(path: Path) -> Path:
    """What Word writes for a password-protected .docx: an OLE compound file, not a zip."""
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048)
    return path


def encrypted_pdf(source: Path, path: Path) -> Path:
    writer = PdfWriter()
    for page in PdfReader(source).pages:
        writer.add_page(page)
    writer.encrypt(user_password="hemmelig", owner_password="hemmelig", algorithm="RC4-128")
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def broken_pdf(source: Path, path: Path) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[:2000])
    return path


def listing(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes (to show nothing was written or changed)."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def docx_bytes_of(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
