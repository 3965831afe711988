"""``ansoegning``: the application form, STAR's form filled in (Word, with pulje's data part so
that it reads back with ``pulje import``; and its PDF). Its pages count towards the limit."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from pulje.diagnostics import N_
from pulje.documents.registry import Document, register


@register
class Ansoegning(Document):
    id: ClassVar[str] = "ansoegning"
    title: ClassVar[str] = N_("Application form")
    mail_name: ClassVar[str] = "Ansøgningsskema"
    suffix: ClassVar[str] = ""
    source: ClassVar[str] = "docx"
    layout: ClassVar[bool] = True
    counts: ClassVar[bool] = True
    sends: ClassVar[tuple[str, ...]] = ("pdf",)

    def render(self, loaded: Any, target: Path, *, draft: bool) -> None:
        from pulje.documents.form import render_draft

        render_draft(loaded, target, draft=draft)

    def headings(self, pool: Any, runde: Any = None,
                 answers: Any = None) -> list[tuple[str, str]] | None:
        from pulje.documents.form import section_headings

        return section_headings(pool, runde, answers)
