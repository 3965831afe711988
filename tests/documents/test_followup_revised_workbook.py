"""The revised budget workbook after a lower grant, as a project leader opens it in Excel: every
line's total a live formula (units × unit price) like the original budget's, whole units,
remarks that say what changed — and, recalculated by LibreOffice Calc, the totals come to the
granted amount and the balance to nil."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from after_support import EXAMPLE
from calc import recalculate
from openpyxl import load_workbook

from pulje.answers.loader import load_application
from pulje.documents.followup.figures import budget_view, write_budget
from pulje.documents.followup.revision import Proposal, propose

D = Decimal
GRANTS = {"tilsagn": D("1800000.00"), "lavt": D("1234567.89"), "original": None}


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, Any]]:
    """name → (the workbook as pulje wrote it, as Calc recalculated it, its proposal)."""
    tmp = tmp_path_factory.mktemp("revideret")
    loaded = load_application(EXAMPLE)
    view = budget_view(loaded)
    written: dict[str, tuple[Path, Any]] = {}
    for name, amount in GRANTS.items():
        p = propose(view, amount) if amount is not None else None
        xlsx = tmp / f"{name}.xlsx"
        write_budget(loaded, p.new if p is not None else view, tmp / f"{name}.docx", xlsx)
        written[name] = (xlsx, p)
    calc = recalculate([path for path, _ in written.values()], tmp)
    return {name: (path, calc[path], p) for name, (path, p) in written.items()}


class Lines:
    """The expense line rows of the sheet: cells by the column heads."""

    def __init__(self, path: Path, *, values: bool) -> None:
        ws = load_workbook(path, data_only=values)["Budget"]
        rows = [list(r) for r in ws.iter_rows()]
        head = next(i for i, r in enumerate(rows) if r[0].value == "Post")
        self.col = {str(c.value): j for j, c in enumerate(rows[head]) if c.value is not None}
        end = next(i for i, r in enumerate(rows) if r[0].value == "Udgifter i alt")
        self.lines = [r for r in rows[head + 1:end]
                      if r[0].value and not str(r[0].value).endswith(" i alt")]
        self.by_label = {str(r[0].value): r for r in rows if r[0].value}

    def cell(self, row: list[Any], head: str) -> Any:
        return row[self.col[head]]

    def total(self, label: str) -> Decimal:
        return D(str(self.by_label[label][self.col["I alt"]].value)).quantize(D("0.01"))


@pytest.mark.parametrize("name", list(GRANTS))
def test_every_line_total_is_units_times_unit_price_as_in_the_original(
        books: dict[str, tuple[Path, Path, Proposal | None]], name: str) -> None:
    written, _calc, _p = books[name]
    sheet = Lines(written, values=False)
    assert len(sheet.lines) == 11
    for row in sheet.lines:
        units = sheet.cell(row, "Antal")
        total = sheet.cell(row, "I alt")
        assert total.value == f"={units.coordinate}*{sheet.cell(row, 'Enhedspris').coordinate}"
        assert float(units.value).is_integer() and units.number_format == "#,##0"


@pytest.mark.parametrize("name", ["tilsagn", "lavt"])
def test_the_remarks_of_changed_lines_say_what_changed(
        books: dict[str, tuple[Path, Path, Proposal | None]], name: str) -> None:
    written, _calc, p = books[name]
    assert p is not None
    sheet = Lines(written, values=False)
    remarks = {str(sheet.cell(row, "Beskrivelse").value): sheet.cell(row, "Bemærkning").value
               for row in sheet.lines}
    for c in p.changes:
        remark = remarks[c.old.beskrivelse]
        if c.changed:
            assert remark.startswith("Revideret: "), (c.old.key, remark)
            assert c.old.bemaerkning is None or f"(før: »{c.old.bemaerkning}«)" in remark
        else:
            assert remark == c.old.bemaerkning


@pytest.mark.parametrize("name", list(GRANTS))
def test_recalculated_by_calc_the_totals_come_to_the_grant_and_balance(
        books: dict[str, tuple[Path, Path, Proposal | None]], name: str) -> None:
    _written, calc, p = books[name]
    granted = GRANTS[name] or D("2150000.00")
    sheet = Lines(calc, values=True)
    line_totals = []
    for row in sheet.lines:
        units = D(str(sheet.cell(row, "Antal").value))
        price = D(str(sheet.cell(row, "Enhedspris").value))
        total = D(str(sheet.cell(row, "I alt").value)).quantize(D("0.01"))
        assert total == (units * price).quantize(D("0.01"))
        assert D(str(sheet.cell(row, "Ikke fordelt").value)).quantize(D("0.01")) == 0
        line_totals.append(total)
    assert sum(line_totals) == granted
    assert sheet.total("Udgifter i alt") == granted
    assert sheet.total("Finansiering i alt") == granted
    assert sheet.total("Ansøgt fra puljen") == granted
    balance = next(label for label in sheet.by_label if label.startswith("Balance"))
    assert sheet.total(balance) == 0
    if p is not None:
        assert p.new.expenses_total == granted
