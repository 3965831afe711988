"""The documents of an application, by ID: what a round lists under ``dokumenter``.

A document is one class (a subclass of ``Document``), registered with ``@register``: its ID,
its role (in the user's language; Danish in the records), the files it makes, whether
LibreOffice lays it out (a .docx made into a .pdf, its pages counted), whether its pages count
towards the round's page limit, which of its files go to the pool with the application, and
how it is rendered from a loaded answer file. ``pulje build``, ``report.json``,
``manifest.json``, the desk and ``pulje submit`` work over a round's list; none of them names
a document.

pulje's own documents are the modules of ``pulje.documents.doctypes`` (one module each):

- ``ansoegning``: the application form (.docx with pulje's data part, and its .pdf); counts;
- ``budgetbilag``: the detailed budget attachment (.docx and .pdf); does not count;
- ``budgetark``: the budget workbook (.xlsx).

So a new document type is one module there (or anywhere, registered before use) and one line
in a round's ``dokumenter``. Looking a document up imports ``pulje.documents.doctypes.<id>``
the first time, so the registry never needs a list of its own. This module imports no Word,
PDF or Excel library: a document imports what it needs when it renders.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

from pulje.diagnostics import N_, Translator
from pulje.diagnostics.errors import PuljeError

#: Where pulje's own document types are, one module each (named by the document's ID).
DOCTYPES = "pulje.documents.doctypes"
_ID = re.compile(r"[a-z][a-z0-9_]{0,63}")
_REGISTRY: dict[str, type[Document]] = {}
#: Counts the changes of the registry, so that what is derived from it is made once per state.
_CHANGES = [0]


class UnknownDocument(PuljeError):
    """Raised when a round lists a document pulje does not know."""


class Document(ABC):
    """One kind of document of an application. Subclasses set the class attributes and
    ``render``; one instance stands for the document in any application."""

    #: The ID a round lists, e.g. "ansoegning" (also the module's name in ``doctypes``).
    id: ClassVar[str]
    #: Its role, as an English msgid: "Application form" ("Ansøgningsskema" in Danish).
    title: ClassVar[str]
    #: The name of its file in the e-mail to the pool, before " - <kommune>" (Danish, as the
    #: e-mail is): "Ansøgningsskema".
    mail_name: ClassVar[str]
    #: What follows the answer file's stem in its files' names ("" for the form itself).
    suffix: ClassVar[str] = ""
    #: The kind of file ``render`` writes: "docx", "xlsx", "csv" …
    source: ClassVar[str]
    #: LibreOffice lays it out: its .docx is made into a .pdf, whose pages are counted.
    layout: ClassVar[bool] = False
    #: Its pages count towards the round's page limit.
    counts: ClassVar[bool] = False
    #: The kinds of its files that go to the pool with the application (e.g. ("pdf",)).
    sends: ClassVar[tuple[str, ...]] = ()

    def __repr__(self) -> str:
        return f"<document {self.id}>"

    @abstractmethod
    def render(self, loaded: Any, target: Path, *, draft: bool) -> None:
        """Write the document of the loaded answer file ``loaded`` to ``target`` (a file of
        kind ``source``), whole; ``draft`` marks every page UDKAST where there are pages."""

    def headings(self, pool: Any, runde: Any = None,
                 answers: Any = None) -> list[tuple[str, str]] | None:
        """(key, heading) of its sections in order, for the pages of each; None: none.
        ``runde``: the round (default: the pool's newest); ``answers``: only the sections
        that apply to them."""
        return None

    # --- derived ---------------------------------------------------------------------------

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds of file it makes: its source, and the PDF if it is laid out."""
        return (self.source, "pdf") if self.layout else (self.source,)

    def name(self, stem: str, kind: str) -> str:
        """Its file of ``kind`` for the answer file ``stem`` ("x-bilag-budget.pdf")."""
        return f"{stem}{self.suffix}.{kind}"

    def files(self, stem: str, *, pdf: bool = True) -> dict[str, str]:
        """Its files' names by kind (without the PDF when there is no layout)."""
        return {kind: self.name(stem, kind) for kind in self.kinds if pdf or kind != "pdf"}

    def role(self, tr: Translator | None = None) -> str:
        """Its role in ``tr``'s language (Danish, as the records write it, by default)."""
        return (tr or Translator("da")).gettext(self.title)

    def key(self, kind: str) -> str:
        """The key of one of its files among a build's files: "ansoegning.pdf"."""
        return f"{self.id}.{kind}"


def register(cls: type[Document]) -> type[Document]:
    """Class decorator: make a document type known by its ID."""
    if not _ID.fullmatch(getattr(cls, "id", "")):
        raise ValueError(f"a document's ID is lower-case letters, digits and _: {cls!r}")
    known = _REGISTRY.get(cls.id)
    if known is not None and known.__qualname__ != cls.__qualname__:
        raise ValueError(f"two document types have the ID {cls.id!r}")
    if _REGISTRY.get(cls.id) is not cls:
        _REGISTRY[cls.id] = cls
        _CHANGES[0] += 1
    return cls


def unregister(document_id: str) -> None:
    """Forget a document type (for tests that register one of their own)."""
    if _REGISTRY.pop(document_id, None) is not None:
        _CHANGES[0] += 1


def _own_ids() -> list[str]:
    package = importlib.import_module(DOCTYPES)
    return sorted(m.name for m in pkgutil.iter_modules(package.__path__))


def known_ids() -> list[str]:
    """Every document ID pulje knows: its own types and any registered since."""
    return sorted(set(_own_ids()) | set(_REGISTRY))


def document(document_id: str) -> Document:
    """The document with this ID; ``UnknownDocument`` naming the known ones if none."""
    if document_id not in _REGISTRY and _ID.fullmatch(document_id) and (
        document_id in _own_ids()
    ):
        importlib.import_module(f"{DOCTYPES}.{document_id}")
    cls = _REGISTRY.get(document_id)
    if cls is None:
        raise UnknownDocument(
            N_("The round lists the document '{document}', which pulje does not know (it "
               "knows: {known})."),
            N_("Correct the round's list 'dokumenter' in the pool's folder under templates/."),
            document=document_id, known=", ".join(known_ids()),
        )
    return cls()


def documents(ids: Iterable[str]) -> list[Document]:
    """The documents with these IDs, in this order (a round's ``dokumenter``)."""
    out: list[Document] = []
    for document_id in ids:
        found = document(document_id)
        if any(d.id == found.id for d in out):
            raise UnknownDocument(
                N_("The round lists the document '{document}' twice."),
                N_("Correct the round's list 'dokumenter' in the pool's folder under "
                   "templates/."), document=document_id,
            )
        out.append(found)
    return out


def of_round(runde: Any) -> list[Document]:
    """The documents a round produces (its ``dokumenter``, in order)."""
    return documents(getattr(runde, "dokumenter", ()))


def every() -> list[Document]:
    """Every document type pulje knows (to recognise its files wherever they are)."""
    return list(_every(_CHANGES[0]))


@functools.lru_cache(maxsize=4)
def _every(_changes: int) -> tuple[Document, ...]:
    found = tuple(document(document_id) for document_id in known_ids())
    # Looking them up may have imported (registered) some: derive from the state now.
    return found if _changes == _CHANGES[0] else _every(_CHANGES[0])


def by_file_name(stem: str, name: str, ids: Iterable[str] | None = None
                 ) -> tuple[Document, str] | None:
    """The document (and kind) whose file for ``stem`` is ``name``, if any."""
    for doc in every() if ids is None else documents(ids):
        for kind in doc.kinds:
            if doc.name(stem, kind) == name:
                return doc, kind
    return None


def attachment_pattern() -> re.Pattern[str]:
    """The names of the files that belong to a form ``<stem>.docx`` without being the form:
    ``<stem>-bilag-budget.pdf``, ``<stem>-budget.xlsx`` … (group ``stem``)."""
    return _attachment_pattern(_CHANGES[0])


@functools.lru_cache(maxsize=4)
def _attachment_pattern(_changes: int) -> re.Pattern[str]:
    alternatives = sorted(
        f"{re.escape(doc.suffix)}\\.(?:{'|'.join(re.escape(k) for k in doc.kinds)})"
        for doc in every() if doc.suffix
    )
    return re.compile(rf"^(?P<stem>.+)(?:{'|'.join(alternatives)})$", re.I)
