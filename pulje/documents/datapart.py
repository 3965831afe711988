"""pulje's own part of a Word draft: the pool, the round and the detailed budget.

The form shows no budget lines (the budget is an attachment of its own), and no content control
says which pool or round the draft belongs to. So every draft pulje writes carries a custom XML
part (ECMA-376 Part 1 § 15.2.5, "Custom XML Data Storage Part"), the place Word and LibreOffice
keep data that is not shown. It is related from the main document and listed in
``[Content_Types].xml`` with its properties part, as Word itself writes them, so saving in Word,
LibreOffice or python-docx keeps it::

    <pulje:udkast xmlns:pulje="urn:pulje:udkast:1" format="1" pulje="bedre-ressourceforloeb"
                  runde="2016" [budgetark="ansøgning-budget.xlsx" par="…"]>
      <pulje:budget>udgifter:
      - kategori: loen
        …</pulje:budget>
    </pulje:udkast>

The budget is the answer file's ``budget:`` section as YAML (``answers.answerfile``), read back
with the answer-file reader, so the same limits and checks apply. This module writes the part;
the desk reads it (``drafts.datapart``).
"""

from __future__ import annotations

import io
import posixpath
import uuid
import zipfile
from typing import Any

from lxml import etree  # type: ignore[import-untyped]
from pydantic import BaseModel

from pulje.answers.answerfile import dump
from pulje.files.zips import zip_bytes
from pulje.pools import Pool, Runde

NS = "urn:pulje:udkast:1"
FORMAT = "1"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
REL_CUSTOM_XML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
REL_CUSTOM_PROPS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps"
)
PROPS_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"


def part_xml(pool_id: str, runde_id: str | None, budget: Any | None,
             extra: dict[str, str] | None = None) -> bytes:
    root = etree.Element(f"{{{NS}}}udkast", nsmap={"pulje": NS})
    root.set("format", FORMAT)
    root.set("pulje", pool_id)
    if runde_id is not None:
        root.set("runde", runde_id)
    for key, value in (extra or {}).items():
        root.set(key, value)
    if budget is not None:
        node = etree.SubElement(root, f"{{{NS}}}budget")
        node.text = dump(budget, blank_line_between=False)
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return out


def _props_xml(item_id: str) -> bytes:
    root = etree.Element(f"{{{_DS}}}datastoreItem", nsmap={"ds": _DS})
    root.set(f"{{{_DS}}}itemID", item_id)
    refs = etree.SubElement(root, f"{{{_DS}}}schemaRefs")
    etree.SubElement(refs, f"{{{_DS}}}schemaRef").set(f"{{{_DS}}}uri", NS)
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return out


def _rels_xml(entries: list[tuple[str, str, str]]) -> bytes:
    root = etree.Element(f"{{{_RELS}}}Relationships", nsmap={None: _RELS})
    for rid, rel_type, target in entries:
        etree.SubElement(root, f"{{{_RELS}}}Relationship", Id=rid, Type=rel_type, Target=target)
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return out


def embed(docx: bytes, pool_id: str, runde_id: str | None, budget: Any | None,
          extra: dict[str, str] | None = None) -> bytes:
    """``docx`` with pulje's part added (replacing an older one). ``budget`` is the plain data
    of the answer file's ``budget:`` section, or None for a draft without one. ``extra``:
    attributes of the part — a blank form names its budget workbook (``budgetark``) and the
    id both files carry (``par``)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    with zipfile.ZipFile(io.BytesIO(docx)) as src:
        names = src.namelist()
        parts = {name: src.read(name) for name in names}
    main_rels = "word/_rels/document.xml.rels"
    rels = etree.fromstring(parts[main_rels], parser)
    # Drop an older part of ours (a draft rendered again keeps one part).
    for rel in list(rels):
        if rel.get("Type") != REL_CUSTOM_XML:
            continue
        target = posixpath.normpath(posixpath.join("word", rel.get("Target", "")))
        data = parts.get(target, b"")
        if NS.encode() in data[:400]:
            rels.remove(rel)
            _drop_item(parts, target)
    n = 1
    while f"customXml/item{n}.xml" in parts or f"customXml/itemProps{n}.xml" in parts:
        n += 1
    item, props = f"customXml/item{n}.xml", f"customXml/itemProps{n}.xml"
    parts[item] = part_xml(pool_id, runde_id, budget, extra)
    parts[props] = _props_xml("{" + str(uuid.uuid4()).upper() + "}")
    parts[f"customXml/_rels/item{n}.xml.rels"] = _rels_xml(
        [("rId1", REL_CUSTOM_PROPS, f"itemProps{n}.xml")]
    )
    used = {rel.get("Id") for rel in rels}
    rid = next(f"rIdPulje{i}" for i in range(1, 1000) if f"rIdPulje{i}" not in used)
    etree.SubElement(rels, f"{{{_RELS}}}Relationship", Id=rid, Type=REL_CUSTOM_XML,
                     Target=f"../{item}")
    parts[main_rels] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
    types = etree.fromstring(parts["[Content_Types].xml"], parser)
    if not any(d.get("Extension", "").lower() == "xml" for d in types.iter(f"{{{_CT}}}Default")):
        etree.SubElement(types, f"{{{_CT}}}Default", Extension="xml",
                         ContentType="application/xml")
    etree.SubElement(types, f"{{{_CT}}}Override", PartName=f"/{props}", ContentType=PROPS_TYPE)
    parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8",
                                                  standalone=True)
    return zip_bytes(parts, first=["[Content_Types].xml"], date_time=(2016, 9, 1, 0, 0, 0),
                     mode=0o644)


def _drop_item(parts: dict[str, bytes], item: str) -> None:
    folder, name = posixpath.split(item)
    rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
    parts.pop(item, None)
    rels = parts.pop(rels_name, None)
    if rels is None:
        return
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    for rel in etree.fromstring(rels, parser).iter(f"{{{_RELS}}}Relationship"):
        parts.pop(posixpath.normpath(posixpath.join(folder, rel.get("Target", ""))), None)
    types = etree.fromstring(parts["[Content_Types].xml"], parser)
    for override in list(types):
        if override.get("PartName", "").lstrip("/") not in parts and override.tag.endswith(
            "Override"
        ):
            types.remove(override)
    parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True,
                                                  encoding="UTF-8", standalone=True)


def draft_part(loaded_model: Any, pool: Pool, runde: Runde) -> tuple[str, str, Any]:
    """(pool id, round id, budget data) for ``embed`` from a loaded answer model."""
    budget = getattr(loaded_model, "budget", None)
    data = budget.model_dump(mode="python", exclude_defaults=True) if isinstance(
        budget, BaseModel
    ) else None
    return pool.id, runde.id, data
