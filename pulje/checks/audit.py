"""BUD: the audit — a budget line for it (BUD007), and the audit the grant's size calls for,
with what the budget sets aside for it (BUD011). The codes are defined with the other BUD
codes (``checks.budget``).

Source: STAR's budget guide (category 8 Revision) and the round's ``budget.revision_forventet``
and ``budget.revision_graenser`` (BEK 614/2020's audit tiers).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from pulje.checks.budget import BUD007, BUD011, ZERO
from pulje.checks.registry import APPLIED, Context, rule
from pulje.diagnostics import N_, Diagnostic, Hint, Kr, Msg
from schemas.budget import Budget, Udgiftskategori


@rule(BUD007, reads=("budget",))
def audit_line(ctx: Context) -> Iterator[Diagnostic]:
    """The budget should have an audit line (kategori ``revision``) where the pool expects one.

    Why: a grant must be audited, and the audit is a project cost (STAR's guide; pool
    round's ``budget.revision_forventet``).
    Example: a budget without a line of kategori revision → BUD007.
    """
    budget = ctx.model_budget
    if not ctx.runde.budget.revision_forventet or not budget.udgifter:
        return
    if not any(line.kategori is Udgiftskategori.revision for line in budget.udgifter):
        yield BUD007(
            N_("The budget has no line for audit (revision)."),
            Hint(N_("Add a line with 'kategori: revision' for the auditor's fee."),
                 word=N_("Add a line of the category Revision for the auditor's fee to the "
                         "budget."),
                 excel=N_("Fill in a line of the category Revision for the auditor's fee.")),
            (*ctx.budget_path, "udgifter"),
        )


#: The audit tiers of BEK 614/2020 as rounds write them (``budget.revision_graenser``), each
#: with its msgid, so that a finding names the requirement in the reader's language; a round's
#: own wording is shown as written.
AUDIT_REQUIREMENTS = {
    "revision ved en kvalificeret revisor": N_("audit by a qualified accountant"),
    "revision ved en registreret eller statsautoriseret revisor":
        N_("audit by a registered or state-authorised auditor"),
    "revision og forvaltningsrevision ved en registreret eller statsautoriseret revisor":
        N_("audit and performance audit (forvaltningsrevision) by a registered or "
           "state-authorised auditor"),
}


def audit_requirement(text: str) -> str:
    """A round's audit requirement as a message parameter (a msgid when pulje knows it)."""
    known = AUDIT_REQUIREMENTS.get(" ".join(text.split()))
    return Msg(known) if known is not None else text


@rule(BUD011, reads=("oekonomi",))
def audit_tier(ctx: Context) -> Iterator[Diagnostic]:
    """Says which audit the grant's size calls for, from the pool's audit tiers, and what the
    budget sets aside for it.

    Why: the requirement grows with the grant (BEK 614/2020: up to 100.000 kr. a qualified
    accountant; above, a registered or state-authorised auditor; above 500.000 kr. also a
    performance audit), and the audit is a budget line of its own (STAR's budget guide,
    category 8 Revision). With such lines the finding names their sum, for the project office
    to judge whether it covers that audit; without, it says to budget the fee.
    Example: 2.150.000 kr. → "revision og forvaltningsrevision …"; with a line of kategori
    revision of 25.000 kr. → "… Budgettet afsætter 25.000,00 kr. til revision …".
    """
    applied = ctx.value(APPLIED)
    if not isinstance(applied, Decimal):
        return
    if applied <= ZERO:
        return  # no grant: BUD012
    requirement = ctx.runde.budget.revisionskrav(applied)
    if not requirement:
        return
    budget = ctx.value(ctx.budget_path)
    lines = [line for line in budget.udgifter if line.kategori is Udgiftskategori.revision
             ] if isinstance(budget, Budget) else []
    if lines:
        yield BUD011(
            N_("A grant of {amount} calls for {requirement}. The budget sets aside {total} for "
               "audit (category Revision)."),
            N_("Check that the amount covers the auditor's fee for this audit."),
            APPLIED, amount=Kr(applied), requirement=audit_requirement(requirement),
            total=Kr(sum((line.linjebeloeb for line in lines), ZERO)),
        )
        return
    yield BUD011(
        N_("A grant of {amount} calls for {requirement}."),
        Hint(N_("Budget the auditor's fee: a line with 'kategori: revision'."),
             word=N_("Budget the auditor's fee: a line of the category Revision in the "
                     "budget."),
             excel=N_("Budget the auditor's fee: a line of the category Revision in the "
                      "workbook.")),
        APPLIED, amount=Kr(applied), requirement=audit_requirement(requirement),
    )
