"""Open a .docx safely: a zip whose directory is checked before a byte is unpacked.

A .docx is a zip of XML parts. A hostile or broken one may be no zip at all (a text file named
.docx), an encrypted Word file (an OLE compound file, not a zip), a zip whose parts unpack to
gigabytes, or XML with entity tricks. Every such file becomes a ``BadDraft`` carrying its DOC
finding; nothing here ever raises anything else for a bad file.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from pulje.diagnostics import N_, Diagnostic, Location
from pulje.diagnostics.codes import Code
from pulje.diagnostics.errors import PuljeError
from pulje.drafts import codes

#: No part of a real application comes near these; a zip bomb passes them at once.
MAX_PART = 50 * 1024 * 1024
MAX_TOTAL = 200 * 1024 * 1024
MAX_ENTRIES = 5000
#: The file on disk: a packed .docx of an application is well under a few MB.
MAX_FILE = MAX_TOTAL

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_RELS = "_rels/.rels"
_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_HINT_RESAVE = N_("Open the file in Word or LibreOffice and save it again as .docx.")

# No DTDs, no entities, no network, no giant text nodes: OOXML needs none of them.
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
    huge_tree=False, remove_comments=True, remove_pis=True,
)


class BadDraft(PuljeError):
    """Raised when a Word or PDF draft cannot be read; ``code`` is its DOC finding."""

    def __init__(self, code: Code, message: str, hint: str = "", **params: Any) -> None:
        super().__init__(message, hint, **params)
        self.code = code

    def diagnostic(self, file: str) -> Diagnostic:
        return self.code(self.message, self.hint, **self.params).at(Location(file))


def _damaged(file: str, hint: str = _HINT_RESAVE) -> BadDraft:
    return BadDraft(
        codes.DOC001, N_("{file} is damaged: its parts cannot be unpacked."), hint, file=file
    )


def parse_xml(data: bytes, *, file: str, part: str) -> Any:
    """An XML part as an lxml element; a DTD or bad XML is a ``BadDraft`` (DOC001)."""
    head = data[:4096]
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise BadDraft(
            codes.DOC001, N_("{file} holds XML with a DTD in {part}, which Word never writes."),
            _HINT_RESAVE, file=file, part=part,
        )
    try:
        return etree.fromstring(data, _PARSER)
    except (etree.XMLSyntaxError, ValueError):
        raise BadDraft(
            codes.DOC001, N_("{file} is damaged: the part {part} is not well-formed XML."),
            _HINT_RESAVE, file=file, part=part,
        ) from None


@dataclass
class DocxPackage:
    """The checked directory of a .docx; parts are read on demand, each within the limits."""

    file: str
    source: Path | bytes
    main: str
    infos: dict[str, zipfile.ZipInfo] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return name in self.infos

    def read(self, name: str) -> bytes:
        info = self.infos.get(name)
        if info is None:
            raise BadDraft(
                codes.DOC001, N_("{file} lacks the part {part} that every Word document has."),
                _HINT_RESAVE, file=self.file, part=name,
            )
        try:
            with zipfile.ZipFile(self._stream()) as archive, archive.open(info) as member:
                # The directory's size was checked; zipfile stops at it and checks the CRC.
                data = member.read(MAX_PART + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError,
                RuntimeError, ValueError):
            raise _damaged(self.file) from None
        if len(data) > MAX_PART:
            raise _too_large(self.file)
        return data

    def verify(self) -> None:
        """Unpack every part once (and throw the bytes away), before another program such as
        LibreOffice gets the file: a part whose stream unpacks to more than the directory says,
        or fails its checksum, is refused here (``BadDraft``) rather than there."""
        try:
            with zipfile.ZipFile(self._stream()) as archive:
                for info in self.infos.values():
                    with archive.open(info) as member:
                        while member.read(1 << 20):
                            pass
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError,
                RuntimeError, ValueError):
            raise _damaged(self.file) from None

    def _stream(self) -> Path | io.BytesIO:
        return io.BytesIO(self.source) if isinstance(self.source, bytes) else self.source

    def xml(self, name: str) -> Any:
        return parse_xml(self.read(name), file=self.file, part=name)

    def rels_of(self, part: str) -> Any | None:
        """The relationships part of ``part`` (``word/_rels/document.xml.rels``), if any."""
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", f"{name}.rels")
        return self.xml(rels) if self.has(rels) else None


def _too_large(file: str) -> BadDraft:
    return BadDraft(
        codes.DOC002,
        N_("{file} unpacks to more than pulje will read ({part_mb} MB per part, {total_mb} MB "
           "in all): it may be a zip bomb."),
        N_("Save the document again in Word; remove large pictures or embedded files."),
        file=file, part_mb=MAX_PART // (1024 * 1024), total_mb=MAX_TOTAL // (1024 * 1024),
    )


def open_docx(path: Path | bytes, file: str | None = None) -> DocxPackage:
    """Check the zip directory of ``path`` (a file, or a .docx's bytes) and find its main
    document part. Raises ``BadDraft``."""
    name = file or (str(path) if isinstance(path, Path) else "document.docx")
    try:
        if isinstance(path, bytes):
            size, head = len(path), path[:8]
        else:
            size = path.stat().st_size
            with path.open("rb") as fh:
                head = fh.read(8)
    except OSError:
        raise BadDraft(
            codes.DOC001, N_("{file} could not be read."),
            N_("Check that the file exists and that you may read it."), file=name,
        ) from None
    if head.startswith(_OLE_MAGIC):
        raise BadDraft(
            codes.DOC001,
            N_("{file} is protected with a password or is an old Word file (.doc), not a .docx."),
            N_("Remove the password, or save it in Word as 'Word Document (.docx)'."), file=name,
        )
    if size > MAX_FILE:
        raise _too_large(name)
    try:
        with zipfile.ZipFile(io.BytesIO(path) if isinstance(path, bytes) else path) as archive:
            listing = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise BadDraft(
            codes.DOC001, N_("{file} is not a Word document (.docx): it is not a zip package."),
            N_("Check that it is the right file; a .docx is saved by Word or LibreOffice."),
            file=name,
        ) from None
    if len(listing) > MAX_ENTRIES:
        raise _too_large(name)
    infos: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in listing:
        if info.file_size > MAX_PART:
            raise _too_large(name)
        total += info.file_size
        if total > MAX_TOTAL:
            raise _too_large(name)
        if info.flag_bits & 0x1:
            raise BadDraft(
                codes.DOC001, N_("{file} is an encrypted zip, not a Word document."),
                _HINT_RESAVE, file=name,
            )
        infos[info.filename] = info
    package = DocxPackage(name, path, "", infos)
    if "[Content_Types].xml" not in infos:
        raise BadDraft(
            codes.DOC001, N_("{file} is a zip file, but not a Word document (.docx)."),
            N_("Check that it is the right file; a .docx is saved by Word or LibreOffice."),
            file=name,
        )
    package.main = _main_part(package)
    return package


def _main_part(package: DocxPackage) -> str:
    main = "word/document.xml"
    if package.has(_RELS):
        root = package.xml(_RELS)
        for rel in root.iter(f"{{{_PKG_RELS}}}Relationship"):
            if rel.get("Type") == _OFFICE_DOCUMENT and rel.get("TargetMode") != "External":
                target = (rel.get("Target") or "").lstrip("/")
                main = posixpath.normpath(target) if target else main
                break
    if not package.has(main) or not _is_word(package, main):
        raise BadDraft(
            codes.DOC001, N_("{file} is a zip file, but not a Word document (.docx)."),
            N_("Check that it is the right file; a .docx is saved by Word or LibreOffice."),
            file=package.file,
        )
    return main


def _is_word(package: DocxPackage, main: str) -> bool:
    """Whether ``[Content_Types].xml`` gives the main part a Word content type (not, say, an
    Excel workbook renamed to .docx)."""
    root = package.xml("[Content_Types].xml")
    for override in root.iter(f"{{{_CT}}}Override"):
        if (override.get("PartName") or "").lstrip("/") == main:
            kind = override.get("ContentType") or ""
            return "wordprocessingml" in kind or "ms-word" in kind
    return False
