"""maanedstal: one value per measurement month of the round, in a unit (weeks, a count, per
cent) — e.g. "Måltal sagsbehandlingstider" in weeks. MAA004 asks for exactly the round's months;
in weeks MAA002 wants 1–52."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict
from pydantic.fields import FieldInfo

from schemas.form import Question
from schemas.kinds.base import Kind, Leaf, Ref, Starter, Widget, field_info, kind, register
from schemas.kinds.maaltal import extra, month_key
from schemas.types import Maaned, format_month

_COMMENT = {"uger": "antal uger", "antal": "antal", "procent": "procent"}


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    #: The unit of the values: a kind (uger, antal, procent).
    enhed: Literal["uger", "antal", "procent"] = "antal"
    tabel: str | None = None
    tabel_note: str | None = None


@register
class MaanedstalKind(Kind):
    """A value per measurement month."""

    word: ClassVar[str] = "maanedstal"
    options = Options
    required_by_default: ClassVar[bool] = False

    def field(self, q: Question) -> tuple[Any, FieldInfo]:
        opts: Options = q.opts
        value, _ = kind(opts.enhed).field(q)
        return dict[Maaned, value], field_info(  # type: ignore[valid-type]
            default={}, title=q.tekst,
            json_schema_extra=extra(q, opts, self.word, unit=opts.enhed),
        )

    def resolve(self, q: Question, parts: Sequence[str], title: str) -> Leaf | None:
        opts: Options = q.opts
        if not parts:
            return Leaf((), "", title, container=True)
        key = month_key(parts[0])
        if key is None or len(parts) != 1:
            return None
        return Leaf((key,), opts.enhed, title)

    def draw(self, writer: Any, q: Question, ref: Ref) -> Any:
        opts: Options = q.opts
        slot = writer.row(q.tekst or q.id, q.note)
        writer.measurements(slot, ref, opts.enhed, title=opts.tabel, note=opts.tabel_note,
                            baseline=None)
        return slot

    def starter(self, q: Question, out: Starter, indent: str) -> None:
        opts: Options = q.opts
        out.comment(q.tekst or q.id, indent)
        out.line(f"{indent}{q.id}:")
        for m in out.runde.maalinger:
            out.line(f"{indent}  {format_month(m)}:        # {_COMMENT[opts.enhed]}")

    def widget(self, q: Question) -> Widget:
        opts: Options = q.opts
        # the months' values stand directly under the question's key (``key``: None)
        return Widget("measurements", self.widget_attrs(
            q, title=opts.tabel, table_note=opts.tabel_note, key=None, value_kind=opts.enhed,
            unit={"procent": "%", "uger": "uger"}.get(opts.enhed, ""), baseline=[]))
