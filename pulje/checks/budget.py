"""BUD: the detailed budget and the økonomi section agree, add up and follow the pool's rules.

Sources: STAR, "Guide til udarbejdelse af projektbudgetter" (2016, 2018); the form's økonomi
section; the pool definition (templates/<pool>/pool.yaml, ``budget:``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from pulje.checks.registry import Context, rule
from pulje.diagnostics import N_, Diagnostic, Kr, Severity
from pulje.diagnostics.codes import define
from schemas.common import Finansieringslinje, Udgiftskategori, Udgiftslinje

GUIDE = "STAR: Guide til udarbejdelse af projektbudgetter (2016/2018)"

BUD001 = define(
    "BUD001", Severity.FEJL, "Enheder × enhedspris svarer ikke til linjens beløb", GUIDE
)
BUD002 = define(
    "BUD002", Severity.FEJL, "Fordelingen på år svarer ikke til linjens beløb", GUIDE
)
BUD003 = define(
    "BUD003", Severity.FEJL,
    "Det ansøgte beløb svarer ikke til budgettets tilskudsbehov "
    "(udgifter = ansøgt + medfinansiering + andre tilskud + indtægter)",
    GUIDE + "; ansøgningsskemaets afsnit Økonomi",
)
BUD004 = define("BUD004", Severity.FEJL, "Et budgetår ligger uden for projektperioden",
                "Puljedefinitionen: runder[].projektperiode")
BUD005 = define("BUD005", Severity.FEJL, "Det ansøgte beløb overstiger puljens maksimum",
                "Puljedefinitionen: budget.maksimum")
BUD006 = define(
    "BUD006", Severity.FEJL, "Budgetlinje af en slags puljen ikke tillader",
    "Puljedefinitionen: budget.forbudte_poster (jf. BEK 614/2020 § 9)",
)
BUD007 = define("BUD007", Severity.ADVARSEL, "Budgettet har ingen revisionslinje",
                "Puljedefinitionen: budget.revision_forventet; " + GUIDE)
BUD008 = define(
    "BUD008", Severity.FEJL,
    "Anden finansiering: 'ja' kræver beløb og kilde, 'nej' må ikke have dem",
    "Ansøgningsskemaets afsnit Økonomi",
)
BUD009 = define(
    "BUD009", Severity.FEJL,
    "Tilskud fra anden side i Økonomi svarer ikke til budgettets tilskudslinjer",
    "Ansøgningsskemaets afsnit Økonomi; " + GUIDE,
)
BUD010 = define("BUD010", Severity.FEJL, "Budgettet har ingen udgiftslinjer", GUIDE)
BUD011 = define("BUD011", Severity.INFO, "Revisionskrav efter tilskuddets størrelse",
                "Puljedefinitionen: budget.revision_graenser (jf. BEK 614/2020)")
BUD012 = define(
    "BUD012", Severity.FEJL, "Det ansøgte beløb er 0 eller negativt",
    "Ansøgningsskemaets afsnit Økonomi: \"Angiv det ansøgte beløb\" (der søges om et tilskud)",
)

ZERO = Decimal("0.00")


def _line_consistent(line: Udgiftslinje) -> bool:
    computed = line.beregnet
    if computed is not None and line.beloeb is not None and computed != line.beloeb:
        return False
    return bool(line.fordeling) and sum(line.fordeling.values(), ZERO) == line.linjebeloeb


@rule(BUD001, reads=("budget",))
def units_times_price(ctx: Context) -> Iterator[Diagnostic]:
    """Units × unit price must equal the amount written on the line.

    Why: STAR asks for salary and other lines as units × unit price; a line whose amount was
    typed separately drifts when one of them is changed.
    Example: ``enheder: 24, enhedspris: 45000, beloeb: 1080001`` → BUD001.
    """
    for i, line in enumerate(ctx.model_budget.udgifter):
        computed = line.beregnet
        if computed is not None and line.beloeb is not None and computed != line.beloeb:
            yield BUD001(
                N_("{units} × {price} = {computed}, but the line says {amount}."),
                N_("Correct the units, the unit price or the amount so they agree."),
                ("budget", "udgifter", i, "beloeb"),
                units=line.enheder, price=Kr(line.enhedspris or 0), computed=Kr(computed),
                amount=Kr(line.beloeb),
            )


@rule(BUD002, reads=("budget",))
def years_add_up(ctx: Context) -> Iterator[Diagnostic]:
    """The allocation per year must add up to the line's amount, and every line needs one.

    Why: STAR's budget is given per year of the project period; the years are what the grant
    is paid out by.
    Example: ``fordeling: {2017: 540000, 2018: 540001}`` on a line of 1.080.000 kr. → BUD002.
    """
    budget = ctx.model_budget
    for i, line in enumerate(budget.udgifter):
        path = ("budget", "udgifter", i, "fordeling")
        if not line.fordeling:
            yield BUD002(
                N_("The line '{line}' has no allocation per year."),
                N_("Add 'fordeling:' with the amount for each year of the project."),
                path, line=line.beskrivelse,
            )
            continue
        total = sum(line.fordeling.values(), ZERO)
        if total != line.linjebeloeb:
            yield BUD002(
                N_("The years of '{line}' add up to {total}, but the line is {amount} "
                   "(difference {diff})."),
                N_("Correct the years under 'fordeling' so they add up to the line's amount."),
                path, line=line.beskrivelse, total=Kr(total), amount=Kr(line.linjebeloeb),
                diff=Kr(total - line.linjebeloeb),
            )
    for i, fin in enumerate(budget.finansiering):
        if fin.fordeling and sum(fin.fordeling.values(), ZERO) != fin.beloeb:
            total = sum(fin.fordeling.values(), ZERO)
            yield BUD002(
                N_("The years of '{line}' add up to {total}, but the line is {amount} "
                   "(difference {diff})."),
                N_("Correct the years under 'fordeling' so they add up to the line's amount."),
                ("budget", "finansiering", i, "fordeling"), line=fin.beskrivelse,
                total=Kr(total), amount=Kr(fin.beloeb), diff=Kr(total - fin.beloeb),
            )


@rule(BUD003, reads=("oekonomi", "budget"))
def applied_equals_need(ctx: Context) -> Iterator[Diagnostic]:
    """The amount applied for must equal expenses − co-financing − other grants − income.

    Why: the grant is a net grant (STAR's budget guide): total expenses = amount applied for +
    co-financing + other grants + income. Checked only when every line agrees with itself
    (BUD001, BUD002), so that one wrong line gives one finding, at the line.
    Example: expenses 2.150.000 kr., no other financing, ``ansoegt_beloeb: 2140000`` → BUD003.
    """
    budget = ctx.model_budget
    applied = ctx.model_oekonomi.ansoegt_beloeb
    if applied is None or not budget.udgifter:
        return
    if not all(_line_consistent(line) for line in budget.udgifter):
        return
    expenses = budget.udgifter_i_alt()
    other = budget.finansiering_i_alt()
    need = expenses - other
    if applied != need:
        yield BUD003(
            N_("The amount applied for ({applied}) does not match the budget's need ({need} = "
               "expenses {expenses} − co-financing, other grants and income {other})."),
            N_("Correct oekonomi.ansoegt_beloeb or the budget lines so they agree "
               "(difference {diff})."),
            ("oekonomi", "ansoegt_beloeb"),
            applied=Kr(applied), need=Kr(need), expenses=Kr(expenses), other=Kr(other),
            diff=Kr(applied - need),
        )


@rule(BUD004, reads=("budget",))
def years_in_period(ctx: Context) -> Iterator[Diagnostic]:
    """Every year in a budget allocation must lie in the round's project period.

    Why: the pool funds activities in its project period only (pool definition).
    Example: project period 2017–2018 and ``fordeling: {2019: 10000}`` → BUD004.
    """
    period = ctx.runde.periode
    budget = ctx.model_budget
    groups: tuple[tuple[str, Sequence[Udgiftslinje | Finansieringslinje]], ...] = (
        ("udgifter", budget.udgifter), ("finansiering", budget.finansiering),
    )
    for part, lines in groups:
        for i, line in enumerate(lines):
            for year in line.fordeling:
                if year not in period.years:
                    yield BUD004(
                        N_("The year {year} lies outside the project period "
                           "({start}–{end})."),
                        N_("Move the amount to a year of the project period."),
                        ("budget", part, i, "fordeling", year),
                        year=str(year), start=period.start, end=period.end,
                    )


@rule(BUD005, reads=("oekonomi",))
def pool_maximum(ctx: Context) -> Iterator[Diagnostic]:
    """The amount applied for may not exceed the pool's maximum, where the pool has one.

    Why: the pool's call sets the maximum (pool definition, ``budget.maksimum``).
    Example: maksimum 1.000.000 kr. and ``ansoegt_beloeb: 2150000`` → BUD005.
    """
    maximum = ctx.pool.budget.maksimum
    applied = ctx.model_oekonomi.ansoegt_beloeb
    if maximum is not None and applied is not None and applied > maximum:
        yield BUD005(
            N_("The amount applied for ({applied}) exceeds the pool's maximum ({maximum})."),
            N_("Reduce the budget to at most {maximum}."),
            ("oekonomi", "ansoegt_beloeb"), applied=Kr(applied), maximum=Kr(maximum),
        )


@rule(BUD006, reads=("budget",))
def forbidden_lines(ctx: Context) -> Iterator[Diagnostic]:
    """A budget line may not be of a kind the pool forbids (e.g. "uforudsete udgifter").

    Why: only documentable, project-relevant costs are funded; lump sums for unforeseen
    costs, overhead or "diverse" are not (STAR's guide; BEK 614/2020 § 9).
    Example: ``beskrivelse: Uforudsete udgifter`` → BUD006.
    """
    words = [w.casefold() for w in ctx.pool.budget.forbudte_poster]
    for i, line in enumerate(ctx.model_budget.udgifter):
        text = line.beskrivelse.casefold()
        hit = next((w for w in words if w in text), None)
        if hit is not None:
            yield BUD006(
                N_("The line '{line}' is of a kind the pool does not fund ('{word}')."),
                N_("Spread the amount over specific, documentable lines, or remove it."),
                ("budget", "udgifter", i, "beskrivelse"), line=line.beskrivelse, word=hit,
            )


@rule(BUD007, reads=("budget",))
def audit_line(ctx: Context) -> Iterator[Diagnostic]:
    """The budget should have an audit line (kategori ``revision``) where the pool expects one.

    Why: a grant must be audited, and the audit is a project cost (STAR's guide; pool
    definition ``budget.revision_forventet``).
    Example: a budget without a line of kategori revision → BUD007.
    """
    budget = ctx.model_budget
    if not ctx.pool.budget.revision_forventet or not budget.udgifter:
        return
    if not any(line.kategori is Udgiftskategori.revision for line in budget.udgifter):
        yield BUD007(
            N_("The budget has no line for audit (revision)."),
            N_("Add a line with 'kategori: revision' for the auditor's fee."),
            ("budget", "udgifter"),
        )


@rule(BUD008, reads=("oekonomi",))
def other_funding_stated(ctx: Context) -> Iterator[Diagnostic]:
    """"Other funding: yes" needs an amount and a source; "no" must have neither.

    Why: the form asks "Hvis ja, hvor stort et beløb er der ansøgt om og hvor er tilskuddet
    ansøgt fra?" — an answer that says both yes and nothing, or no and an amount, is unclear.
    Example: ``ansoegt: ja`` without ``beloeb`` → BUD008.
    """
    other = ctx.model_oekonomi.anden_finansiering
    base = ("oekonomi", "anden_finansiering")
    if other.ansoegt is True:
        if other.beloeb is None:
            yield BUD008(
                N_("Other funding is 'ja', but the amount is missing."),
                N_("Write the amount applied for elsewhere under 'beloeb'."),
                (*base, "beloeb"),
            )
        if not (other.kilde or "").strip():
            yield BUD008(
                N_("Other funding is 'ja', but the source is missing."),
                N_("Write under 'kilde' where the grant was applied for."),
                (*base, "kilde"),
            )
    elif other.ansoegt is False and (other.beloeb is not None or (other.kilde or "").strip()):
        yield BUD008(
            N_("Other funding is 'nej', but an amount or a source is given."),
            N_("Remove the amount and the source, or change the answer to 'ja'."),
            (*base, "ansoegt"),
        )


@rule(BUD009, reads=("oekonomi", "budget"))
def other_funding_in_budget(ctx: Context) -> Iterator[Diagnostic]:
    """Other grants stated in økonomi must match the budget's lines of type ``tilskud``.

    Why: the form and its budget attachment are read together; the same grant must have the
    same amount in both.
    Example: ``anden_finansiering: {ansoegt: ja, beloeb: 200000}`` and no tilskud line → BUD009.
    """
    other = ctx.model_oekonomi.anden_finansiering
    in_budget = ctx.model_budget.finansiering_i_alt("tilskud")
    stated = other.beloeb if other.ansoegt else ZERO
    if other.ansoegt is None or stated is None:
        return
    if stated != in_budget:
        yield BUD009(
            N_("Økonomi states other grants of {stated}, but the budget's grant lines add up to "
               "{budget}."),
            N_("Make the amount in oekonomi.anden_finansiering and the budget's lines of "
               "type 'tilskud' agree."),
            ("oekonomi", "anden_finansiering", "beloeb" if other.ansoegt else "ansoegt"),
            stated=Kr(stated), budget=Kr(in_budget),
        )


@rule(BUD010, reads=("budget",))
def has_expenses(ctx: Context) -> Iterator[Diagnostic]:
    """The detailed budget must have expense lines.

    Why: "Sammen med ansøgningsskemaet skal der indsendes et detaljeret budget, hvoraf
    projektets samtlige udgifter og eventuelle indtægter skal fremgå." (the form).
    Example: ``budget: {udgifter: []}`` → BUD010.
    """
    if not ctx.model_budget.udgifter:
        yield BUD010(
            N_("The detailed budget has no expense lines."),
            N_("Add the project's expenses under budget.udgifter (see 'pulje init')."),
            ("budget", "udgifter"),
        )


@rule(BUD011, reads=("oekonomi",))
def audit_tier(ctx: Context) -> Iterator[Diagnostic]:
    """Says which audit the grant's size calls for, from the pool's audit tiers.

    Why: the requirement grows with the grant (BEK 614/2020: up to 100.000 kr. a qualified
    accountant; above, a registered or state-authorised auditor; above 500.000 kr. also a
    performance audit). The auditor's fee belongs in the budget.
    Example: 2.150.000 kr. → "revision og forvaltningsrevision …".
    """
    applied = ctx.model_oekonomi.ansoegt_beloeb
    if applied is None or applied <= ZERO:
        return  # no grant: BUD012
    requirement = ctx.pool.budget.revisionskrav(applied)
    if requirement:
        yield BUD011(
            N_("A grant of {amount} calls for {requirement}."),
            N_("Budget the auditor's fee accordingly."),
            ("oekonomi", "ansoegt_beloeb"), amount=Kr(applied), requirement=requirement,
        )


@rule(BUD012, reads=("oekonomi",))
def applied_positive(ctx: Context) -> Iterator[Diagnostic]:
    """The amount applied for must be greater than zero.

    Why: the form asks for the amount of the grant applied for ("Angiv det ansøgte beløb"); an
    application for 0 kr. or less applies for nothing, and usually means the amount was
    typed in the wrong field or with a stray minus.
    Example: ``ansoegt_beloeb: 0`` or ``ansoegt_beloeb: -2150000`` → BUD012.
    """
    applied = ctx.model_oekonomi.ansoegt_beloeb
    if applied is not None and applied <= ZERO:
        yield BUD012(
            N_("The amount applied for ({amount}) is not more than 0 kr."),
            N_("Write the amount of the grant applied for under oekonomi.ansoegt_beloeb."),
            ("oekonomi", "ansoegt_beloeb"), amount=Kr(applied),
        )
