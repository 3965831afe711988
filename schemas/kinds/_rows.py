"""What the kinds answered as rows of a table share (medarbejdere, medansoegere, bilag): the
tags of their cells, the table in Word, the browser's rows widget and the answer paths."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, ClassVar

from schemas.form import Question
from schemas.kinds.base import Kind, Leaf, Ref, Widget

#: A column: its key in the answer file, its heading in Word and the browser, its reading kind.
Column = tuple[str, str, str]


def row_index(part: str) -> int | None:
    """A list row's number in a tag (``…medarbejdere.0.funktion``), or None."""
    return int(part) if re.fullmatch(r"\d{1,4}", part) else None


class RowsKind(Kind):
    """A list question answered as table rows, one column a field of the row's model."""

    columns: ClassVar[tuple[Column, ...]] = ()

    def table(self, q: Question) -> tuple[str | None, str | None]:
        """The table's title above it and fixed text under it (none unless the kind has
        options for them)."""
        return None, None

    def resolve(self, q: Question, parts: Sequence[str], title: str) -> Leaf | None:
        if not parts:
            return Leaf((), "", title, container=True)
        index = row_index(parts[0])
        if index is None:
            return None
        if len(parts) == 1:
            return Leaf((index,), "", title, container=True, in_list=True)
        columns = {name: (label, word) for name, label, word in self.columns}
        if len(parts) == 2 and parts[1] in columns:
            label, word = columns[parts[1]]
            return Leaf((index, parts[1]), word, label, in_list=True)
        return None

    def draw(self, writer: Any, q: Question, ref: Ref) -> Any:
        title, note = self.table(q)
        slot = writer.row(q.tekst or q.id, q.note)
        writer.rows(slot, ref, self.columns, title=title, note=note)
        return slot

    def widget(self, q: Question) -> Widget:
        title, note = self.table(q)
        return Widget("rows", self.widget_attrs(q, columns=list(self.columns), title=title,
                                                table_note=note))

    def answer_paths(self, q: Question, path: str) -> list[str]:
        return [f"{path}[].{name}" for name, _, _ in self.columns]
