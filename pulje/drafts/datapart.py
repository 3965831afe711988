"""Read pulje's own part of a Word draft: the pool, the round and the detailed budget.

``documents.datapart`` writes the part (a custom XML part, ECMA-376 Part 1 § 15.2.5) into
every draft pulje builds; this reads it back from a draft however Word, LibreOffice or
python-docx stored it.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from pulje.documents.datapart import NS
from pulje.drafts.package import DocxPackage


@dataclass(frozen=True)
class DraftData:
    """What pulje's part says: pool and round ids, and the budget as YAML text (or None); a
    blank form's budget workbook (its name, and the id both files carry)."""

    pulje: str
    runde: str | None
    budget_yaml: str | None
    budgetark: str | None = None
    par: str | None = None


def read(package: DocxPackage) -> DraftData | None:
    """pulje's part of ``package``, wherever it is stored, or None when it has none."""
    for name in sorted(package.infos):
        if not (name.startswith("customXml/") and name.endswith(".xml")) or "/_rels/" in name:
            continue
        if "itemProps" in posixpath.basename(name):
            continue
        root = package.xml(name)
        if root.tag != f"{{{NS}}}udkast":
            continue
        pool_id = (root.get("pulje") or "").strip()
        if not pool_id:
            continue
        node = root.find(f"{{{NS}}}budget")
        budget = node.text or "" if node is not None else None
        return DraftData(pool_id, root.get("runde"), budget, root.get("budgetark") or None,
                         root.get("par") or None)
    return None
