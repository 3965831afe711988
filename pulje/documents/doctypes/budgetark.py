"""``budgetark``: the budget as an Excel workbook, its totals as formulas."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from pulje.diagnostics import N_
from pulje.documents.registry import Document, register


@register
class Budgetark(Document):
    id: ClassVar[str] = "budgetark"
    title: ClassVar[str] = N_("Budget workbook")
    mail_name: ClassVar[str] = "Budget"
    suffix: ClassVar[str] = "-budget"
    source: ClassVar[str] = "xlsx"
    sends: ClassVar[tuple[str, ...]] = ("xlsx",)

    def render(self, loaded: Any, target: Path, *, draft: bool) -> None:
        from pulje.documents.budget_xlsx import render_budget_xlsx

        render_budget_xlsx(loaded, target)
