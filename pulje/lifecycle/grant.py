"""``pulje grant`` and ``pulje change``: the grant (tilsagn) or rejection recorded with its
letter, and — when the amount is not the amount applied for, or a change is asked for — the
budget lines that must change, a revised budget (Word, PDF, Excel) and a short note.

The approved budget (the application's, or the revised one) is kept in the portfolio: the
reports account against it.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from pulje.diagnostics import N_
from pulje.documents.followup.figures import BudgetView, budget_view, write_budget
from pulje.documents.followup.notes import change_note, grant_note
from pulje.documents.followup.revision import Proposal, propose
from pulje.documents.word.plain import to_docx
from pulje.lifecycle.common import (
    DA,
    LifecycleError,
    Output,
    archive_record,
    load,
    now,
    output,
    portfolio_for,
)
from pulje.portfolio import DateKind, Portfolio, Status
from pulje.yamlsource import read_file


@dataclass
class GrantResult:
    application: Path
    status: Status | None = None
    folder: Path | None = None
    files: dict[str, Path] = field(default_factory=dict)
    proposal: Proposal | None = None
    archived: str | None = None
    applied: Decimal | None = None
    amount: Decimal | None = None


@dataclass(frozen=True)
class DueDates:
    """The reports' due dates given at the grant (the round's where none are given)."""

    status: tuple[date, ...] = ()
    final: date | None = None
    account: date | None = None


def approved_budget(portfolio: Portfolio, key: str, loaded: Any) -> BudgetView:
    """The budget the grant approved: the revised one kept in the portfolio, else the
    application's."""
    row = portfolio.store.application(key)
    if row is not None and row.budget:
        return BudgetView.from_record(json.loads(row.budget))
    return budget_view(loaded)


def _letter(out: Output, letter: Path | None) -> None:
    if letter is None:
        return
    try:
        data = read_file(letter)
    except Exception as exc:  # noqa: BLE001 — any reason: the message says it
        raise LifecycleError(N_("{file} cannot be read: {reason}."), "", file=str(letter),
                             reason=str(exc)) from None
    out.add("letter", f"brev-{Path(letter).name}", data)


def _revised(out: Output, loaded: Any, proposal: Proposal, stem: str, note: bytes,
             pdf: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        docx, xlsx = Path(tmp) / "b.docx", Path(tmp) / "b.xlsx"
        write_budget(loaded, proposal.new, docx, xlsx)
        out.add("budget", f"{stem}-revideret-budget.docx", docx.read_bytes())
        out.add("budgetark", f"{stem}-revideret-budget.xlsx", xlsx.read_bytes())
    out.add("note", f"{stem}-budgetaendring.docx", note)
    if pdf:
        out.pdfs(["budget", "note"])


def grant(application: Path, *, day: date, amount: Decimal | None = None,
          rejected: bool = False, letter: Path | None = None, due: DueDates = DueDates(),
          pdf: bool = True, out_dir: Path | None = None,
          archive_root: Path | None = None) -> GrantResult:
    """Record the grant (or with ``rejected`` the rejection) of ``application``."""
    loaded = load(application)
    portfolio, key, facts = portfolio_for(loaded, archive_root)
    view = budget_view(loaded)
    result = GrantResult(Path(application), applied=view.applied)
    if not rejected and amount is None:
        raise LifecycleError(N_("Give the amount granted (--amount) or --afslag."), "")
    when = now()
    stem = Path(application).stem
    kind = "afslag" if rejected else "tilsagn"
    if not rejected:
        assert amount is not None
        result.amount = amount.quantize(Decimal("0.01"))
        if result.amount != view.applied:
            result.proposal = propose(view, result.amount)
    record = {"art": kind, "dato": day.isoformat(), "ansoegt": str(view.applied),
              "bevilget": None if rejected else str(result.amount)}
    with output(application, kind, when, out_dir) as out:
        _letter(out, letter)
        out.add("record", f"{kind}.json", (json.dumps(record, ensure_ascii=False, indent=2)
                                           + "\n").encode("utf-8"))
        if result.proposal is not None:
            note = grant_note(result.proposal, project=facts["projekt"],
                              kommune=facts["kommune"], pool=loaded.pool.navn if loaded.pool
                              else facts["pulje"], granted=day)
            _revised(out, loaded, result.proposal, stem, to_docx(note), pdf)
    result.folder, result.files = out.folder, out.files
    result.archived = archive_record(
        out, loaded, facts, kind, when, archive_root=archive_root, sider=0,
        template=json.dumps(record, sort_keys=True).encode(), documents=[],
        extra={"dato": day.isoformat(), "bevilget": record["bevilget"]})
    if rejected:
        portfolio.set_status(key, Status.afslag, f"Afslag den {DA.date(day)}",
                             archive_id=result.archived)
        result.status = Status.afslag
        return result
    approved = result.proposal.new if result.proposal is not None else view
    portfolio.store.set_budget(key, json.dumps(approved.record()), str(result.amount))
    for n, d in enumerate(due.status, start=1):
        portfolio.set_date(key, DateKind.statusrapport, d, nr=n, source="tilsagn")
    if due.final is not None:
        portfolio.set_date(key, DateKind.slutrapport, due.final, source="tilsagn")
    if due.account is not None:
        portfolio.set_date(key, DateKind.regnskab, due.account, source="tilsagn")
    assert result.amount is not None  # not rejected: the amount was given
    portfolio.set_status(key, Status.bevilget,
                         f"Tilsagn den {DA.date(day)} på {DA.kroner(result.amount)}",
                         archive_id=result.archived)
    result.status = Status.bevilget
    return result


def change(application: Path, *, day: date, amount: Decimal | None = None,
           lines: dict[str, Decimal] | None = None, reason: str | None = None,
           end: date | None = None, approved: bool = False, pdf: bool = True,
           out_dir: Path | None = None, archive_root: Path | None = None) -> GrantResult:
    """A change request: the revised budget and a short note; ``approved`` records that the
    change was approved (its budget becomes the one the reports account against)."""
    loaded = load(application)
    portfolio, key, facts = portfolio_for(loaded, archive_root)
    base = approved_budget(portfolio, key, loaded)
    result = GrantResult(Path(application), applied=base.applied)
    result.amount = (amount if amount is not None else base.applied).quantize(Decimal("0.01"))
    result.proposal = propose(base, result.amount, set_lines=lines or {})
    when = now()
    stem = Path(application).stem
    with output(application, "aendring", when, out_dir) as out:
        note = change_note(result.proposal, project=facts["projekt"], kommune=facts["kommune"],
                           pool=loaded.pool.navn if loaded.pool else facts["pulje"],
                           reason=reason, end=end, day=day)
        _revised(out, loaded, result.proposal, stem, to_docx(note), pdf)
    result.folder, result.files = out.folder, out.files
    result.archived = archive_record(
        out, loaded, facts, "aendring", when, archive_root=archive_root, sider=0,
        template=json.dumps(result.proposal.new.record(), sort_keys=True).encode(),
        documents=[], extra={"dato": day.isoformat(), "godkendt": approved})
    text = f"Ændringsanmodning den {DA.date(day)}" + (" (godkendt)" if approved else "")
    portfolio.store.note(key, when, text, result.archived)
    if approved:
        portfolio.store.set_budget(key, json.dumps(result.proposal.new.record()),
                                   str(result.amount))
        if end is not None:
            portfolio.set_date(key, DateKind.slut, end)
    return result
