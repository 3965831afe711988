"""tekst: a free-text answer to one of the form's questions — paragraphs and "- " bullets.

In the answer file a block (``|``): paragraphs are separated by a blank line, a line beginning
with "- " is a bullet of its own, and any other line directly below continues its paragraph.
In Word each paragraph (and bullet) is a paragraph of the answer's block-level control; a
paragraph followed by a single newline rather than a blank line is marked "keep with next",
so that ``join`` gives back exactly the text ``paragraphs`` split.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic.fields import FieldInfo

from pulje.diagnostics import N_
from schemas.kinds.base import Blank, Kind, Part, Ref, Starter, Widget, blank, field_info, register
from schemas.types import Tekst

if TYPE_CHECKING:
    from schemas.form import Question

BULLET = "- "
#: The TXT002 threshold: an answer of fewer words is read again.
SHORT = 25


def paragraphs(text: str | None) -> list[tuple[str, bool, bool]]:
    """(text, is_bullet, hold) per paragraph of an answer; ``hold``: the next paragraph
    follows after a single newline, not a blank line. An empty answer is one empty paragraph."""
    out: list[list[Any]] = []
    after_blank = True
    for line in (text or "").split("\n"):
        if not line.strip():
            after_blank = True
            continue
        if line.startswith(BULLET):
            if out and not after_blank:
                out[-1][2] = True
            out.append([line[len(BULLET):], True, False])
        elif out and not after_blank:
            out[-1][0] += "\n" + line
        else:
            out.append([line, False, False])
        after_blank = False
    return [(str(t), bool(b), bool(h)) for t, b, h in out] or [("", False, False)]


def join(parts: Iterable[tuple[str, bool, bool]]) -> str:
    """The inverse of ``paragraphs``: (text, is_bullet, hold) per paragraph → the answer."""
    out = ""
    hold_previous = False
    for i, (text, bullet, hold) in enumerate(parts):
        if i:
            out += "\n" if hold_previous else "\n\n"
        out += (BULLET if bullet else "") + text
        hold_previous = hold
    return out


@register
class TekstKind(Kind):
    """A question of the form answered in free text (TXT001 when blank, TXT002 when short)."""

    word: ClassVar[str] = "tekst"
    messages = {"xml_char": N_("The text holds a character that a Word document cannot hold.")}
    free_text: ClassVar[bool] = True

    def field(self, q: Question) -> tuple[Any, FieldInfo]:
        info = field_info(default=None, title=q.tekst, json_schema_extra={
            "kind": self.word, "question": True, "short": self.short(q),
            "required": self.is_required(q),
        })
        return Tekst | None, info

    def short(self, q: Question) -> int:
        return SHORT if q.kort is None else q.kort

    def read(self, text: str, lines: Sequence[str], q: Question | None = None) -> Any:
        return text if text.strip() else None

    def draw(self, writer: Any, q: Question, ref: Ref) -> Any:
        if not q.tekst:  # a form without questions: the answer stands under its heading
            writer.free_text(ref)
            return None
        slot = writer.row(q.tekst, q.note)
        writer.text(slot, ref)
        return slot

    def starter(self, q: Question, out: Starter, indent: str) -> None:
        if q.tekst:
            out.comment(q.tekst, indent)
        out.line(f"{indent}{q.id}: |")
        out.line(f"{indent}  ")

    def widget(self, q: Question) -> Widget:
        return Widget("textarea", self.widget_attrs(
            q, label=q.tekst or "", rows=8,
            hint=N_("Separate paragraphs with a blank line; begin each bullet with '- '.")))

    def blanks(self, q: Question, value: Any, path: tuple[Part, ...]) -> Iterator[Blank]:
        if self.is_required(q) and blank(value):
            yield Blank(path, q.tekst or q.id, question=True)
