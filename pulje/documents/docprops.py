"""The document properties of a form (Word's File > Info; a PDF's title and author).

A rendered application is the kommune's document: its title is the project's name, its author
the person responsible for the project, its company the kommune, created and modified the time
it was built. A blank form has the pool's name as its title and no author. Nothing in them
tells the user not to edit the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree  # type: ignore[import-untyped]

from pulje.yamlsource import XML_ILLEGAL

_EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
# Word keeps a title, subject or author of up to 255 characters.
_MAX = 255


@dataclass(frozen=True)
class Properties:
    """What the document says about itself."""

    title: str
    subject: str = ""
    author: str = ""
    company: str = ""
    created: datetime | None = None  # None: now


def _one_line(value: Any) -> str:
    """Text as one line without characters XML cannot hold, cut to what Word keeps."""
    if not isinstance(value, str):
        return ""
    text = " ".join(XML_ILLEGAL.sub("", value).split())
    return text if len(text) <= _MAX else text[: _MAX - 1].rstrip() + "…"


def _get(data: Any, *path: str) -> Any:
    for key in path:
        data = data.get(key) if isinstance(data, Mapping) else None
    return data


def properties_of(context: Mapping[str, Any], created: datetime | None = None) -> Properties:
    """The properties of a form rendered with ``context`` (``documents.form.build_context``)."""
    answers = context.get("svar")
    pool = context.get("pulje")
    name = _one_line(_get(answers, "identifikation", "projektnavn"))
    kommune = _one_line(_get(answers, "identifikation", "kommune"))
    person = _one_line(_get(answers, "identifikation", "ansvarlig", "navn"))
    return Properties(
        title=name or _one_line(_get(pool, "navn")),
        subject=_one_line(_get(pool, "emne")),
        author=person or kommune,
        company=kommune,
        created=created,
    )


def app_xml(company: str = "") -> bytes:
    """The extended properties part: pulje as the application, the kommune as the company."""
    root = etree.Element(f"{{{_EP}}}Properties", nsmap={None: _EP, "vt": _VT})
    for tag, text in (("Template", "Normal.dotm"), ("Application", "pulje"),
                      ("DocSecurity", "0"), ("Company", company),
                      ("LinksUpToDate", "false"), ("SharedDoc", "false"),
                      ("HyperlinksChanged", "false")):
        etree.SubElement(root, f"{{{_EP}}}{tag}").text = text
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return out


def set_app_part(document: Document, company: str = "") -> None:
    """Replace the document's extended properties (``docProps/app.xml``) with ``app_xml``."""
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            package.rels.pop(rid)
    part = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, app_xml(company),
                package)
    package.relate_to(part, RT.EXTENDED_PROPERTIES)


def drop_thumbnail(document: Document) -> None:
    """python-docx's default document carries a preview picture of another document."""
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rid)


def apply(document: Document, props: Properties) -> None:
    """Write ``props`` into ``document`` (core and extended properties)."""
    created = (props.created or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    core = document.core_properties
    core.title = props.title
    core.subject = props.subject
    core.author = props.author
    core.last_modified_by = props.author
    core.comments = ""
    core.keywords = ""
    core.category = ""
    core.revision = 1
    # python-docx writes these as UTC ("…Z") and expects naive datetimes
    core.created = created.replace(tzinfo=None)
    core.modified = created.replace(tzinfo=None)
    core.language = "da-DK"
    set_app_part(document, props.company)
    drop_thumbnail(document)

