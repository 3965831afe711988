"""valg: a choice among fixed options, which may switch sections of the form on ("choose which
of the four spor"). New with the forms as data.

The answer file holds the chosen option's id (or, with ``flere: ja``, a list of ids). A
section an option names under ``afsnit`` applies only when that option is chosen: the rules
skip it otherwise, and the Word form shows it only then.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic.fields import FieldInfo

from schemas.form import Question
from schemas.kinds.base import Blank, Kind, Part, Ref, Starter, Unfit, Widget, field_info, register


class Option(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    tekst: str
    #: Sections (ids) this option switches on.
    afsnit: list[str] = Field(default=[])


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    muligheder: list[Option] = Field(min_length=1)
    #: Whether more than one option may be chosen.
    flere: bool = False

    @model_validator(mode="after")
    def _unique(self) -> Options:
        ids = [o.id for o in self.muligheder]
        if len(set(ids)) != len(ids):
            raise ValueError("en mulighed står mere end én gang")
        return self


_CHECKED = ("☒", "☑", "[x]", "[X]")
_UNCHECKED = ("☐", "[ ]")


def _box(line: str) -> tuple[bool | None, str]:
    """(True: ticked, False: not, None: no box) and the line without its box."""
    for marks, ticked in ((_CHECKED, True), (_UNCHECKED, False)):
        for mark in marks:
            if line.startswith(mark):
                return ticked, line[len(mark):].strip()
    return None, line


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


@register
class ValgKind(Kind):
    """One (or more) of the options, by id; shown as the options with ☒ at those chosen."""

    word: ClassVar[str] = "valg"
    options = Options

    def field(self, q: Question) -> tuple[Any, FieldInfo]:
        opts: Options = q.opts
        choice: Any = Literal[tuple(o.id for o in opts.muligheder)]
        extra: dict[str, Any] = {"kind": self.word,
                                 "options": [o.id for o in opts.muligheder]}
        if opts.flere:
            many: Any = Annotated[list[choice], BeforeValidator(_as_list)]
            return many, field_info(default=[], title=q.tekst, json_schema_extra=extra)
        return choice | None, field_info(default=None, title=q.tekst, json_schema_extra=extra)

    def read(self, text: str, lines: Sequence[str], q: Question | None = None) -> Any:
        """The chosen options: where the control shows its options with boxes, those marked
        ☒ (or ☑, [x]); else each paragraph an option's text (or id)."""
        given = [line.strip() for line in (lines or [text]) if line.strip()]
        boxed = [_box(line) for line in given]
        if any(mark is not None for mark, _ in boxed):
            given = [rest for mark, rest in boxed if mark]
        if not given:
            return [] if q is not None and q.opts.flere else None
        if q is None:
            raise Unfit(self.word)
        opts: Options = q.opts
        by_text = {o.tekst.casefold(): o.id for o in opts.muligheder}
        by_text |= {o.id.casefold(): o.id for o in opts.muligheder}
        ids = []
        for line in given:
            found = by_text.get(" ".join(line.split()).casefold())
            if found is None:
                raise Unfit(self.word)
            ids.append(found)
        if opts.flere:
            return ids
        if len(ids) != 1:
            raise Unfit(self.word)
        return ids[0]

    def display(self, value: Any, q: Question | None = None) -> str:
        chosen = [value] if isinstance(value, str) else list(value or [])
        if q is None:
            return ", ".join(chosen)
        opts: Options = q.opts
        return "\n".join(o.tekst for o in opts.muligheder if o.id in chosen)

    def draw(self, writer: Any, q: Question, ref: Ref) -> Any:
        opts: Options = q.opts
        slot = writer.row(q.tekst or q.id, q.note)
        writer.choice(slot, ref, [(o.id, o.tekst) for o in opts.muligheder])
        return slot

    def starter(self, q: Question, out: Starter, indent: str) -> None:
        opts: Options = q.opts
        out.comment(q.tekst or q.id, indent)
        many = " (en liste, fx [a, b])" if opts.flere else ""
        out.comment(f"Skriv {'et eller flere' if opts.flere else 'et'} af{many}: "
                    + ", ".join(f"{o.id} ({o.tekst})" for o in opts.muligheder), indent)
        out.line(f"{indent}{q.id}:{' []' if opts.flere else ''}")

    def widget(self, q: Question) -> Widget:
        opts: Options = q.opts
        # ``switches``: the sections each option switches on (shown only when it is chosen)
        return Widget("checkboxes" if opts.flere else "radio", self.widget_attrs(
            q, options=[(o.id, o.tekst) for o in opts.muligheder],
            switches={o.id: list(o.afsnit) for o in opts.muligheder if o.afsnit}))

    def blanks(self, q: Question, value: Any, path: tuple[Part, ...]) -> Iterator[Blank]:
        if self.is_required(q) and not value:
            yield Blank(path, q.etiket or q.tekst or q.id)
