"""janej: a yes/no question, perhaps with answers that depend on it ("Hvis ja, …").

Without ``hvis_ja`` the answer is ja or nej (``ja``/``nej``, yes/no, true/false). With it the
answer is a group: the yes/no under the key ``svar`` names (default ``svar``), then the
dependent answers, each a question of its own kind. A dependent is required (when the answer
is ja) only where it says ``krav: ja``; a rule of the pool may ask more of them (BUD008 for
other funding).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field
from pydantic.fields import FieldInfo

from pulje.diagnostics import N_
from schemas.form import Question, group_model
from schemas.kinds.base import (
    Blank,
    Kind,
    Leaf,
    Part,
    Ref,
    Starter,
    Unfit,
    Widget,
    blank,
    field_info,
    kind,
    register,
)
from schemas.types import JaNej, parse_ja_nej


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    #: The key of the yes/no itself when there are dependent answers.
    svar: str = Field(default="svar", pattern=r"^[a-z][a-z0-9_]*$")
    #: The answers asked when the answer is ja, in the form's order.
    hvis_ja: list[Question] = Field(default=[])


@register
class JaNejKind(Kind):
    """ja or nej; shown "ja"/"nej"."""

    word: ClassVar[str] = "janej"
    options = Options
    messages = {"yes_no": N_("'{input}' is not yes or no; write ja or nej.")}

    def field(self, q: Question) -> tuple[Any, FieldInfo]:
        opts: Options = q.opts
        own = (JaNej | None, field_info(default=None, title=q.tekst,
                                   json_schema_extra={"kind": self.word}))
        if not opts.hvis_ja:
            return own
        model = group_model(f"Svar_{q.id}", opts.hvis_ja, first=(opts.svar, own))
        return model, field_info(default_factory=model, json_schema_extra={"kind": self.word})

    def resolve(self, q: Question, parts: Sequence[str], title: str) -> Leaf | None:
        opts: Options = q.opts
        if not opts.hvis_ja:
            return super().resolve(q, parts, title)
        if not parts:
            return Leaf((), "", title, container=True)
        head, rest = parts[0], parts[1:]
        if head == opts.svar:
            return Leaf((head,), self.word, q.tekst or title,
                        required=self.is_required(q)) if not rest else None
        for dep in opts.hvis_ja:
            if dep.id == head:
                found = dep.kind.resolve(dep, rest, dep.tekst or title)
                if found is None:
                    return None
                # asked only "hvis ja": required only where the form says so
                return Leaf((head, *found.path), found.kind, found.title, found.container,
                            found.in_list, found.required and bool(dep.krav))
        return None

    def read(self, text: str, lines: Sequence[str], q: Question | None = None) -> Any:
        if not text.strip():
            return None
        try:
            value = parse_ja_nej(text.strip().rstrip("."))
        except ValueError:
            raise Unfit(self.word) from None
        if not isinstance(value, bool):
            raise Unfit(self.word)
        return value

    def read_cell(self, value: Any, q: Question | None = None) -> Any:
        if isinstance(value, bool):
            return value
        return super().read_cell(value, q)

    def display(self, value: Any, q: Question | None = None) -> str:
        return "" if value is None else ("ja" if value else "nej")

    def draw(self, writer: Any, q: Question, ref: Ref) -> Any:
        from schemas.layout import draw_questions

        opts: Options = q.opts
        if not opts.hvis_ja:
            return super().draw(writer, q, ref)
        slot = writer.row(q.tekst or q.id, q.note)
        writer.value(slot, ref.child(opts.svar, q.tekst or q.id), self.word)
        draw_questions(writer, opts.hvis_ja, ref, prefix="")
        return None

    def starter(self, q: Question, out: Starter, indent: str) -> None:
        opts: Options = q.opts
        if not opts.hvis_ja:
            super().starter(q, out, indent)
            return
        out.line(f"{indent}{q.id}:")
        inner = indent + "  "
        out.comment(q.tekst or q.id, inner)
        out.line(f"{inner}{opts.svar}:")
        for dep in opts.hvis_ja:
            dep.kind.starter(dep, out, inner)

    def widget(self, q: Question) -> Widget:
        opts: Options = q.opts
        # ``key``: where the ja/nej stands when answers depend on it (the group's own key)
        return Widget("janej", self.widget_attrs(
            q, key=opts.svar if opts.hvis_ja else None,
            hvis_ja=[dep.kind.widget(dep) for dep in opts.hvis_ja]))

    def blanks(self, q: Question, value: Any, path: tuple[Part, ...]) -> Iterator[Blank]:
        opts: Options = q.opts
        if not opts.hvis_ja:
            yield from super().blanks(q, value, path)
            return
        answer = getattr(value, opts.svar, None)
        if self.is_required(q) and answer is None:
            yield Blank((*path, opts.svar), q.etiket or q.tekst or q.id)
        if answer is True:
            for dep in opts.hvis_ja:
                if dep.krav and blank(getattr(value, dep.id, None)):
                    yield Blank((*path, dep.id), dep.etiket or dep.tekst or dep.id)

    def answer_paths(self, q: Question, path: str) -> list[str]:
        opts: Options = q.opts
        if not opts.hvis_ja:
            return [path]
        out = [f"{path}.{opts.svar}"]
        for dep in opts.hvis_ja:
            out += kind(dep.type).answer_paths(dep, f"{path}.{dep.id}")
        return out
