"""The contract of an answer kind, and what a kind is given to draw, start and read with.

A question of a form (``schemas.form.Question``) names its kind by a word (``type: beloeb``).
The kind is one class in its own module under ``schemas/kinds/`` and owns, in one place, all
there is to know about its answers:

==================  ===========================================================================
``field``           the pydantic annotation and default of its answer (with its validation)
``messages``        its validation errors' keys → English msgid (Danish in the catalogue)
``draw``            how it stands in the Word form, through ``FormWriter`` (a Protocol: the
                    python-docx writer lives in ``pulje.documents``; nothing here imports Word)
``resolve``/``read``  what a Word content control's tag stands for, and its text → a value
``read_cell``       an Excel cell's value → a value
``starter``         how ``pulje init`` writes it into a starter answer file
``display``         a value as Danish text (the Word filters print with it)
``widget``          a web-form widget descriptor (template name + attributes)
``blanks``          which of its answers are required and still blank (TXT001)
``answer_paths``    the answer fields the form must show (TPL002)
==================  ===========================================================================

A kind has no state: its options come with each question (``Kind.options`` validates them).
A new kind is one module named by its word with one class (registered with ``@register``) and
one test module (``tests/schemas/kinds/test_kind_<word>.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, Protocol

from pydantic import BaseModel, ConfigDict, Field
from pydantic.fields import FieldInfo

from pulje.diagnostics.i18n import Translator

if TYPE_CHECKING:
    from schemas.form import Question
    from schemas.types import Period

Part = str | int


class Unfit(ValueError):
    """Raised when a Word control's text (or an Excel cell) does not fit its field;
    ``expected`` is the word of the kind that could not read it."""

    def __init__(self, expected: str) -> None:
        super().__init__(expected)
        self.expected = expected


class NoOptions(BaseModel):
    """The options of a kind that takes none beyond the common ones of every question."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Ref(NamedTuple):
    """Where an answer stands: its path in the answer file and the question it answers (as a
    Word control's title shows it)."""

    path: tuple[str, ...]
    alias: str

    @property
    def tag(self) -> str:
        return ".".join(self.path)

    def child(self, name: str, alias: str | None = None) -> Ref:
        return Ref((*self.path, name), self.alias if alias is None else alias)

# (NamedTuples, not dataclasses: ``pulje validate`` imports this, and a frozen dataclass costs
# a millisecond to make.)


class Widget(NamedTuple):
    """What a web form shows for a question: a template name and its attributes."""

    template: str
    attrs: Mapping[str, Any] = MappingProxyType({})


class Leaf(NamedTuple):
    """What a content control's tag stands for: its path in the answer file (dict keys and
    list rows as the answer file writes them), the scalar kind that reads its text, and the
    question. ``container``: a part that holds answers (a section, a table) rather than one."""

    path: tuple[Part, ...]
    kind: str
    title: str
    container: bool = False
    in_list: bool = False  # a row of a list table (rows come and go: never "missing")
    required: bool = False


class Blank(NamedTuple):
    """A required answer that is blank: its path, the label a message quotes, and whether it is
    a question of the form (a free-text answer) or a field to fill in."""

    path: tuple[Part, ...]
    label: str
    question: bool = False


class RoundFacts(Protocol):
    """What a kind may know of the round (``pulje.pools.Runde`` has it)."""

    @property
    def baseline_maaned(self) -> date | None: ...

    @property
    def maalinger(self) -> list[date]: ...

    @property
    def periode(self) -> Period | None: ...


class Starter(Protocol):
    """Where a kind writes its part of a starter answer file (``pulje init``)."""

    runde: RoundFacts

    def comment(self, text: str, indent: str) -> None: ...

    def line(self, text: str) -> None: ...


class FormWriter(Protocol):
    """How a kind draws itself in the Word form. Each part of the form is a two-column table
    (the question on the left, its answer on the right) that tables and grids may break.
    A *slot* is the answer cell of a row: an opaque handle of the writer."""

    def row(self, label: str, note: str | None = None) -> Any:
        """A question | answer row of the part's table; returns the answer's slot."""

    def caption(self, text: str) -> None:
        """A row across the table holding a label (a group of fields follows)."""

    def text(self, slot: Any, ref: Ref) -> None:
        """A free-text answer (paragraphs and "- " bullets) in ``slot``."""

    def free_text(self, ref: Ref) -> None:
        """A free-text answer across the page, outside any table (a form without questions)."""

    def value(self, slot: Any, ref: Ref, kind: str) -> None:
        """One value, shown by scalar ``kind``'s ``display``; a second value in the same slot
        goes in a paragraph of its own."""

    def measurements(self, slot: Any, ref: Ref, kind: str, *, title: str | None,
                     note: str | None, baseline: tuple[Ref, Ref] | None) -> None:
        """A table with a column per measurement month of the round (values under
        ``ref``, keyed by month), after a column for the baseline month's level and its remark
        when ``baseline`` is given; ``title`` above it and ``note`` under it."""

    def matrix(self, rows: Sequence[tuple[str, Ref]], columns: Sequence[tuple[str, str]],
               kind: str) -> None:
        """A table across the page: a row per (label, ref), a column per (name, title)."""

    def rows(self, slot: Any, ref: Ref, columns: Sequence[tuple[str, str, str]], *,
             title: str | None, note: str | None) -> None:
        """A table with a row per list item and a column per (name, title, scalar kind)."""

    def choice(self, slot: Any, ref: Ref, options: Sequence[tuple[str, str]]) -> None:
        """The options (id, text) of a choice, each marked ☒ when chosen, ☐ when not."""

    def quarters(self, ref: Ref) -> None:
        """A grid across the page: per year of the project period the four quarters, each
        cell a list of activities."""

    def budget(self, ref: Ref) -> None:
        """The detailed budget as a table in the form itself (lines, totals)."""

    def switched(self, question: Ref, option: str, draw: Callable[[], None]) -> None:
        """Draw what ``draw`` draws only when ``option`` is chosen in the answer ``question``."""


class Kind:
    """One kind of answer. Subclasses set ``word`` and override what differs."""

    word: ClassVar[str] = ""
    #: The kind's own options on a question (beyond ``Question``'s common ones).
    options: ClassVar[type[BaseModel]] = NoOptions
    #: Validation error keys this kind raises (``ValueError("money_ore")``) → English msgid.
    messages: ClassVar[Mapping[str, str]] = {}
    #: Whether its answer must be given unless the question says ``krav: false``.
    required_by_default: ClassVar[bool] = True
    #: Whether it is a free text that may break across pages (so its intro need not keep
    #: with it) — the form's questions proper.
    free_text: ClassVar[bool] = False
    #: Consecutive questions of a kind with a ``group`` are drawn together (``draw_group``).
    group: ClassVar[str | None] = None

    # --- the answer model --------------------------------------------------------------------

    def field(self, q: Question) -> tuple[Any, FieldInfo]:
        """The pydantic annotation of the answer and its ``FieldInfo`` (default, title)."""
        raise NotImplementedError(self.word)

    # --- reading back ------------------------------------------------------------------------

    def resolve(self, q: Question, parts: Sequence[str], title: str) -> Leaf | None:
        """What the tag parts below this question stand for; ``[]`` is the answer itself.
        A scalar kind is its own leaf; a composite kind walks on."""
        if parts:
            return None
        return Leaf((), self.word, title,
                    required=self.is_required(q) and q.kraeves_hvis is None)

    def read(self, text: str, lines: Sequence[str], q: Question | None = None) -> Any:
        """A Word control's text (``lines``: its paragraphs) → the value; None when empty.
        Raises ``Unfit`` when the text is no such value. ``q``: the question, where the
        kind needs its options (a choice reads its options' texts)."""
        raise Unfit(self.word)

    def read_cell(self, value: Any, q: Question | None = None) -> Any:
        """An Excel cell's value → the value (numbers come as numbers, texts as text)."""
        if value is None:
            return None
        return self.read(str(value), [str(value)], q)

    def display(self, value: Any, q: Question | None = None) -> str:
        """The Danish text of a value, as the form prints it; None → empty."""
        return "" if value is None else str(value)

    # --- drawing, starting, the web ----------------------------------------------------------

    def draw(self, writer: FormWriter, q: Question, ref: Ref) -> Any:
        """Draw the question and its answer; returns the answer's slot (or None)."""
        slot = writer.row(q.tekst or q.id, q.note)
        writer.value(slot, ref, self.word)
        return slot

    def draw_group(self, writer: FormWriter, rows: Sequence[tuple[Question, Ref]]) -> None:
        """Draw consecutive questions of this kind together (kinds with a ``group``)."""
        for q, ref in rows:
            self.draw(writer, q, ref)

    def in_form(self, q: Question) -> bool:
        """Whether the Word form shows the answer (the budget is an attachment of its own)."""
        return True

    def starter(self, q: Question, out: Starter, indent: str) -> None:
        """Write the question (as a comment) and its key, empty, into a starter file."""
        out.comment(q.tekst or q.id, indent)
        out.line(f"{indent}{q.id}:")

    def widget(self, q: Question) -> Widget:
        """The question in a web form: a template (``input``, ``textarea``, ``janej``,
        ``radio``, ``checkboxes``, ``person``, ``counts``, ``measurements``, ``rows``,
        ``quarters``, ``lines``, ``budget``) and what it needs (``widget_attrs``, and each
        template's own: the cells of a table as (name, title, kind word) …). ``pulje web``
        draws each template with one macro and reads what is typed with the kinds named."""
        return Widget("input", self.widget_attrs(q, type="text"))

    def widget_attrs(self, q: Question, **more: Any) -> dict[str, Any]:
        """What every widget descriptor holds: the answer's key (``name``), the question
        (``label``), the kind whose ``read`` takes what is typed (``kind``), whether it must
        be answered, and the fixed text under it (``note``)."""
        return {"name": q.id, "label": q.tekst or q.id, "kind": self.word,
                "required": self.is_required(q), "note": q.note, **more}

    # --- rules -------------------------------------------------------------------------------

    def is_required(self, q: Question) -> bool:
        return self.required_by_default if q.krav is None else q.krav

    def blanks(self, q: Question, value: Any, path: tuple[Part, ...]) -> Iterator[Blank]:
        """The required answers of this question that are blank (TXT001)."""
        if self.is_required(q) and _blank(value):
            yield Blank(path, q.etiket or q.tekst or q.id)

    def answer_paths(self, q: Question, path: str) -> list[str]:
        """The answer fields the Word form must show, as dotted paths (``[]``: list items)."""
        return [path]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def blank(value: Any) -> bool:
    """Whether an answer counts as not given: None, or a text of blanks only."""
    return _blank(value)


def field_info(**kwargs: Any) -> FieldInfo:
    """``pydantic.Field(...)``, typed as the ``FieldInfo`` it is."""
    info: FieldInfo = Field(**kwargs)
    return info


#: The kinds imported so far, by word. A kind's module is named by its word
#: (``schemas/kinds/beloeb.py`` holds ``beloeb``) and is imported when the kind is first used,
#: so that ``pulje validate`` loads only the kinds its form has.
KINDS: dict[str, Kind] = {}


def register(cls: type[Kind]) -> type[Kind]:
    """Register a kind under its ``word`` (class decorator)."""
    if not cls.word or cls.word in KINDS:
        raise ValueError(f"kind word missing or taken: {cls.word!r}")
    KINDS[cls.word] = cls()
    return cls


@lru_cache(maxsize=1)
def words() -> tuple[str, ...]:
    """The words of every kind of the library (its modules' names)."""
    import os

    names = (entry.name.removesuffix(".py") for entry in os.scandir(os.path.dirname(__file__))
             if entry.name.endswith(".py"))
    return tuple(sorted(n for n in names if n != "base" and not n.startswith("_")))


def kind(word: str) -> Kind:
    """The kind of ``word`` (``KeyError`` for a word that names no kind)."""
    found = KINDS.get(word)
    if found is None:
        if word not in words():
            raise KeyError(word)
        import importlib

        importlib.import_module(f"schemas.kinds.{word}")
        found = KINDS[word]
    return found


def all_kinds() -> dict[str, Kind]:
    """Every kind of the library, by word (imports them all)."""
    return {word: kind(word) for word in words()}


@lru_cache(maxsize=1)
def all_messages() -> dict[str, str]:
    """Every kind's validation error keys → msgid (the loader's table of value errors)."""
    out: dict[str, str] = {}
    for k in all_kinds().values():
        out.update(k.messages)
    return out


@lru_cache(maxsize=1)
def danish() -> Translator:
    """The Danish formatting of values (babel is loaded when a value is first shown)."""
    return Translator("da")
