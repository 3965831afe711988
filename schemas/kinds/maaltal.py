"""maaltal: a target table bound to the round — the level at the round's baseline month
(unless ``baseline: nej``) and a target in per cent for each measurement month.

The months are the round's (``runde.yaml``: ``baseline_maaned``, ``maalinger``): the form's
table heads are filled in from them, and MAA004 asks for exactly those months.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field
from pydantic.fields import FieldInfo

from schemas.common import Model
from schemas.form import Question
from schemas.kinds.base import Kind, Leaf, Ref, Starter, Widget, field_info, register
from schemas.types import Maaned, Procent, format_month, parse_month


class Maaltal(Model):
    """A target table: the level at the round's baseline month and a target per measurement."""

    niveau: Procent | None = Field(default=None, title="Niveau for baselinemåneden (%)")
    niveau_bemaerkning: str | None = Field(default=None, title="Bemærkning til niveauet")
    maal: dict[Maaned, Procent | None] = Field(
        default={}, title="Måltal pr. måling (%)"
    )


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    #: The table's title as the form prints it ("Måltal mentorstøtte"), and text under it.
    tabel: str | None = None
    tabel_note: str | None = None
    #: Whether the table has the level at the round's baseline month.
    baseline: bool = True


def month_key(part: str) -> str | None:
    """A month in a tag (``2017-10``) as the answer file's key, or None."""
    try:
        parse_month(part)
    except ValueError:
        return None
    return part if re.fullmatch(r"\d{4}-\d{2}", part) else None


def extra(q: Question, opts: Any, kind: str, **more: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": kind, **more}
    if opts.tabel:
        out["table"] = opts.tabel
    if opts.tabel_note:
        out["table_note"] = opts.tabel_note
    if q.note:
        out["note"] = q.note
    return out


@register
class MaaltalKind(Kind):
    """Percentages: the level (MAA004 wants it where the table has one), a target per month
    (MAA001 0–100, MAA003 not below the level, MAA004 every month of the round)."""

    word: ClassVar[str] = "maaltal"
    options = Options
    required_by_default: ClassVar[bool] = False

    def field(self, q: Question) -> tuple[Any, FieldInfo]:
        opts: Options = q.opts
        more = {} if opts.baseline else {"baseline": False}
        return Maaltal, field_info(default_factory=Maaltal, title=q.tekst,
                              json_schema_extra=extra(q, opts, self.word, **more))

    def resolve(self, q: Question, parts: Sequence[str], title: str) -> Leaf | None:
        fields = Maaltal.model_fields
        if not parts:
            return Leaf((), "", title, container=True)
        head = parts[0]
        if head == "niveau" and len(parts) == 1:
            return Leaf((head,), "procent", fields["niveau"].title or head)
        if head == "niveau_bemaerkning" and len(parts) == 1:
            return Leaf((head,), "linje", fields[head].title or head)
        if head == "maal":
            label = fields["maal"].title or head
            if len(parts) == 1:
                return Leaf((head,), "", label, container=True)
            key = month_key(parts[1])
            if key is not None and len(parts) == 2:
                return Leaf((head, key), "procent", label)
        return None

    def draw(self, writer: Any, q: Question, ref: Ref) -> Any:
        opts: Options = q.opts
        fields = Maaltal.model_fields
        baseline = None
        if opts.baseline:
            baseline = (
                ref.child("niveau", f"{ref.alias} ({fields['niveau'].title})"),
                ref.child("niveau_bemaerkning",
                          f"{ref.alias} ({fields['niveau_bemaerkning'].title})"),
            )
        slot = writer.row(q.tekst or q.id, q.note)
        writer.measurements(slot, ref.child("maal"), "procent", title=opts.tabel,
                            note=opts.tabel_note, baseline=baseline)
        return slot

    def starter(self, q: Question, out: Starter, indent: str) -> None:
        opts: Options = q.opts
        out.comment(q.tekst or q.id, indent)
        out.line(f"{indent}{q.id}:")
        if opts.baseline:
            base = out.runde.baseline_maaned
            month = format_month(base) if base is not None else "udgangsmåneden"
            out.line(f"{indent}  niveau:            # niveau for {month} (%)")
            out.line(f"{indent}  niveau_bemaerkning:")
        out.line(f"{indent}  maal:")
        for m in out.runde.maalinger:
            month = format_month(m)
            out.line(f"{indent}    {month}:         # måltal pr. {month} (%)")

    def widget(self, q: Question) -> Widget:
        opts: Options = q.opts
        fields = Maaltal.model_fields
        # a column per measurement month of the round, under ``key``; before them the level
        # at the round's baseline month and its remark (``baseline``: their cells)
        return Widget("measurements", self.widget_attrs(
            q, title=opts.tabel, table_note=opts.tabel_note, key="maal",
            value_kind="procent", unit="%",
            baseline=[("niveau", fields["niveau"].title or "niveau", "procent"),
                      ("niveau_bemaerkning", fields["niveau_bemaerkning"].title
                       or "niveau_bemaerkning", "linje")] if opts.baseline else []))

    def answer_paths(self, q: Question, path: str) -> list[str]:
        opts: Options = q.opts
        if not opts.baseline:
            return [f"{path}.maal"]
        return [f"{path}.{name}" for name in Maaltal.model_fields]
