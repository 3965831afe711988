"""``budgetbilag``: the detailed budget as an attachment (Word, and its PDF). Its pages do not
count towards the form's page limit."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from pulje.diagnostics import N_
from pulje.documents.registry import Document, register


@register
class Budgetbilag(Document):
    id: ClassVar[str] = "budgetbilag"
    title: ClassVar[str] = N_("Attachment: detailed budget")
    mail_name: ClassVar[str] = "Budgetbilag"
    suffix: ClassVar[str] = "-bilag-budget"
    source: ClassVar[str] = "docx"
    layout: ClassVar[bool] = True
    sends: ClassVar[tuple[str, ...]] = ("pdf",)

    def render(self, loaded: Any, target: Path, *, draft: bool) -> None:
        from pulje.documents.budget_docx import render_budget_docx

        render_budget_docx(loaded, target, draft=draft)
