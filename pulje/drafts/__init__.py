"""The project office's desk: Word drafts read back into answer files, and answer files, Word
and PDF drafts checked in bulk.

- ``write_blank_application(pool_id, docx)``: a blank Word form with content controls and,
  beside it, the round's budget workbook (``pulje init POOL --docx FILE``);
  ``write_blank_budget`` the workbook alone (``--budget FILE``);
- ``import_docx(draft, target, workbook=None, force=False)`` and ``describe_import``: a Word
  draft's answers and its budget workbook as an answer file (``pulje import``);
- ``check_paths(paths, progress=None)``, ``render_desk_text``, ``render_desk_json``: one row
  per entry with its findings and a status that says how far it was checked (``pulje
  check``);

The documents it reads back are written by ``documents`` (``documents.form.render_draft``:
the form plus pulje's part, ``documents.datapart``). The blank form is the one the desk makes
itself, from ``documents.form``'s template, with the control reader's own view of "empty".

The DOC codes are defined in ``drafts.codes``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pulje.drafts import codes
    from pulje.drafts.blank import write_blank_application, write_blank_budget, write_blank_docx
    from pulje.drafts.desk import check_paths
    from pulje.drafts.deskmodel import DeskResult, DeskRow
    from pulje.drafts.deskreport import render_desk_json, render_desk_text
    from pulje.drafts.importer import ImportResult, describe_import, import_docx

#: Where each name is defined: imported when first used, so that ``pulje check`` can start
#: LibreOffice before the modules that read drafts (Word, pydantic, the rules) are loaded.
_HOME = {
    "codes": "pulje.drafts",
    "write_blank_application": "pulje.drafts.blank",
    "write_blank_budget": "pulje.drafts.blank",
    "write_blank_docx": "pulje.drafts.blank",
    "check_paths": "pulje.drafts.desk",
    "DeskResult": "pulje.drafts.deskmodel",
    "DeskRow": "pulje.drafts.deskmodel",
    "render_desk_json": "pulje.drafts.deskreport",
    "render_desk_text": "pulje.drafts.deskreport",
    "ImportResult": "pulje.drafts.importer",
    "describe_import": "pulje.drafts.importer",
    "import_docx": "pulje.drafts.importer",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'pulje.drafts' has no attribute {name!r}")
    if name == "codes":
        return importlib.import_module("pulje.drafts.codes")
    return getattr(importlib.import_module(home), name)


__all__ = [
    "DeskResult",
    "DeskRow",
    "ImportResult",
    "check_paths",
    "codes",
    "describe_import",
    "import_docx",
    "render_desk_json",
    "render_desk_text",
    "write_blank_application",
    "write_blank_budget",
    "write_blank_docx",
]
