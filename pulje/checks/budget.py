"""BUD: the detailed budget and the økonomi section agree, add up and follow the pool's rules.

Sources: STAR, "Guide til udarbejdelse af projektbudgetter" (2016, 2018); the form's økonomi
section (the shared section ``oekonomi``: ``ansoegt_beloeb``, ``anden_finansiering``); the
round's budget rules (templates/<pool>/<round>/runde.yaml: ``maksimum``, ``budget:``). A rule
that compares the økonomi section with the budget runs only where the round's form has both.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from pulje.checks.registry import APPLIED, OTHER_FUNDING, Context, rule
from pulje.diagnostics import N_, Diagnostic, Hint, Kr, Msg, Severity
from pulje.diagnostics.codes import define
from schemas.budget import (
    KATEGORI_NAVNE,
    Finansieringslinje,
    Periode,
    Udgiftslinje,
    periode,
)

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
                "Runden: projektperiode")
BUD005 = define("BUD005", Severity.FEJL, "Det ansøgte beløb overstiger puljens maksimum",
                "Runden: maksimum")
BUD006 = define(
    "BUD006", Severity.FEJL, "Budgetlinje af en slags puljen ikke tillader",
    "Runden: budget.forbudte_poster og budget.ikke_tilskudsberettigede (jf. BEK 614/2020 § 9)",
)
BUD007 = define("BUD007", Severity.ADVARSEL, "Budgettet har ingen revisionslinje",
                "Runden: budget.revision_forventet; " + GUIDE)
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
BUD011 = define("BUD011", Severity.INFO,
                "Revisionskrav efter tilskuddets størrelse, og hvad budgettet afsætter til "
                "revision",
                "Runden: budget.revision_graenser (jf. BEK 614/2020); " + GUIDE
                + ": kategori 8 Revision")
BUD012 = define(
    "BUD012", Severity.FEJL, "Det ansøgte beløb er 0 eller negativt",
    "Ansøgningsskemaets afsnit Økonomi: \"Angiv det ansøgte beløb\" (der søges om et tilskud)",
)

BUD013 = define(
    "BUD013", Severity.FEJL, "Udgiftskategorien er ikke tilskudsberettiget i denne runde",
    "Runden: budget.kategorier; " + GUIDE,
)
BUD014 = define(
    "BUD014", Severity.FEJL, "Runden kræver medfinansiering, men budgettet har ingen",
    "Runden: budget.medfinansiering_kraevet; " + GUIDE,
)
BUD015 = define(
    "BUD015", Severity.ADVARSEL,
    "En budgetlinje er fordelt grovere, end runden beder om (fx pr. år, hvor runden vil have "
    "kvartaler)", "Runden: budget.periodisering; " + GUIDE,
)

ZERO = Decimal("0.00")
#: The kinds of period, as a message names them (msgids).
_PERIODS = {"aar": Msg(N_("years")), "kvartal": Msg(N_("quarters")),
            "maaned": Msg(N_("months"))}


def _source(ctx: Context) -> str:
    """Where the round's budget rules come from, as a finding names it."""
    rules = ctx.runde.budget
    if rules.kilde:
        return rules.kilde
    source = ctx.runde.kilde
    if isinstance(source, list) and source:
        return "; ".join(source)
    if isinstance(source, str) and source:
        return source
    return f"templates/{ctx.pool.id}/{ctx.runde.id}/runde.yaml"


def _slags(ctx: Context) -> str:
    return ctx.runde.budget.periodisering or "aar"


def _applied(ctx: Context) -> Decimal | None:
    value = ctx.value(APPLIED)
    return value if isinstance(value, Decimal) else None


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
    base = ctx.budget_path
    for i, line in enumerate(ctx.model_budget.udgifter):
        computed = line.beregnet
        if computed is not None and line.beloeb is not None and computed != line.beloeb:
            yield BUD001(
                N_("{units} × {price} = {computed}, but the line says {amount}."),
                N_("Correct the units, the unit price or the amount so they agree."),
                (*base, "udgifter", i, "beloeb"),
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
    budget, base = ctx.model_budget, ctx.budget_path
    per_year = _slags(ctx) == "aar"
    for i, line in enumerate(budget.udgifter):
        path = (*base, "udgifter", i, "fordeling")
        if not line.fordeling:
            yield BUD002(
                N_("The line '{line}' has no allocation per year.") if per_year else
                N_("The line '{line}' is not spread over the round's {periods}."),
                _NO_SPREAD, path, line=line.beskrivelse, periods=_PERIODS[_slags(ctx)],
            )
            continue
        yield from _adds_up(ctx, path, line.beskrivelse, line.fordeling, line.linjebeloeb)
    for i, fin in enumerate(budget.finansiering):
        if fin.fordeling:
            yield from _adds_up(ctx, (*base, "finansiering", i, "fordeling"), fin.beskrivelse,
                                fin.fordeling, fin.beloeb)


_NO_SPREAD = Hint(
    N_("Add 'fordeling:' with the amount for each year of the project."),
    word=N_("Spread the line's amount over the periods of the project in the budget."),
    excel=N_("Write the line's amount per period in the period columns of its row "
             "({sheet}!{cell})."),
)
_SPREAD_WRONG = Hint(
    N_("Correct the years under 'fordeling' so they add up to the line's amount."),
    word=N_("Correct the line's amounts per period in the budget so they add up to its "
            "amount."),
    excel=N_("Correct the amounts in {sheet}!{cell} so they add up to the line's amount."),
)


def _adds_up(ctx: Context, path: tuple[str | int, ...], text: str,
             fordeling: dict[int | str, Decimal], amount: Decimal) -> Iterator[Diagnostic]:
    total = sum(fordeling.values(), ZERO)
    if total == amount:
        return
    kinds = {periode(k).slags for k in fordeling}
    message = (N_("The years of '{line}' add up to {total}, but the line is {amount} "
                  "(difference {diff}).") if kinds <= {"aar"} else
               N_("The {periods} of '{line}' add up to {total}, but the line is {amount} "
                  "(difference {diff})."))
    yield BUD002(message, _SPREAD_WRONG, path, line=text, total=Kr(total), amount=Kr(amount),
                 diff=Kr(total - amount), periods=_PERIODS[min(kinds)] if kinds else "")


@rule(BUD003, reads=("oekonomi", "budget"))
def applied_equals_need(ctx: Context) -> Iterator[Diagnostic]:
    """The amount applied for must equal expenses − co-financing − other grants − income.

    Why: the grant is a net grant (STAR's budget guide): total expenses = amount applied for +
    co-financing + other grants + income. Checked only when every line agrees with itself
    (BUD001, BUD002), so that one wrong line gives one finding, at the line.
    Example: expenses 2.150.000 kr., no other financing, ``ansoegt_beloeb: 2140000`` → BUD003.
    """
    budget = ctx.model_budget
    applied = _applied(ctx)
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
            Hint(N_("Correct oekonomi.ansoegt_beloeb or the budget lines so they agree "
                    "(difference {diff})."),
                 word=N_("Correct the answer to \"{question}\" or the budget so they agree "
                         "(difference {diff})."),
                 excel=N_("Correct the amount applied for in {sheet}!{cell} or the budget "
                          "lines so they agree (difference {diff}).")),
            APPLIED,
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
    if period is None:
        return
    budget, base = ctx.model_budget, ctx.budget_path
    groups: tuple[tuple[str, Sequence[Udgiftslinje | Finansieringslinje]], ...] = (
        ("udgifter", budget.udgifter), ("finansiering", budget.finansiering),
    )
    for part, lines in groups:
        for i, line in enumerate(lines):
            for key in line.fordeling:
                found: Periode = periode(key)
                if found.overlaps(period):
                    continue
                yield BUD004(
                    N_("The year {year} lies outside the project period ({start}–{end}).")
                    if found.slags == "aar" else
                    N_("The period {year} lies outside the project period ({start}–{end})."),
                    N_("Move the amount to a period of the project period."),
                    (*base, part, i, "fordeling", key),
                    year=found.tekst(), start=period.start, end=period.end,
                )


@rule(BUD005, reads=("oekonomi",))
def pool_maximum(ctx: Context) -> Iterator[Diagnostic]:
    """The amount applied for may not exceed the pool's maximum, where the pool has one.

    Why: the pool's call sets the maximum for the round (``maksimum`` in runde.yaml; e.g. Den
    centrale pulje 2017: 500.000 kr. per project).
    Example: maksimum 1.000.000 kr. and ``ansoegt_beloeb: 2150000`` → BUD005.
    """
    maximum = ctx.runde.maksimum
    applied = _applied(ctx)
    if maximum is not None and applied is not None and applied > maximum:
        yield BUD005(
            N_("The amount applied for ({applied}) exceeds the pool's maximum ({maximum})."),
            N_("Reduce the budget to at most {maximum}."),
            APPLIED, applied=Kr(applied), maximum=Kr(maximum),
        )


@rule(BUD006, reads=("budget",))
def forbidden_lines(ctx: Context) -> Iterator[Diagnostic]:
    """A budget line may not be of a kind the pool forbids (e.g. "uforudsete udgifter").

    Why: only documentable, project-relevant costs are funded; lump sums for unforeseen
    costs, overhead or "diverse" are not (STAR's guide; BEK 614/2020 § 9).
    Example: ``beskrivelse: Uforudsete udgifter`` → BUD006.
    """
    rules = ctx.runde.budget
    words = [w.casefold() for w in (*rules.forbudte_poster, *rules.ikke_tilskudsberettigede)]
    base = ctx.budget_path
    for i, line in enumerate(ctx.model_budget.udgifter):
        text = line.beskrivelse.casefold()
        hit = next((w for w in words if w in text), None)
        if hit is not None:
            yield BUD006(
                N_("Line {number}, '{line}' ({category}), is of a kind the round does not "
                   "fund: '{word}' (source: {source})."),
                N_("Spread the amount over specific, documentable lines, or remove it."),
                (*base, "udgifter", i, "beskrivelse"), line=line.beskrivelse, word=hit,
                number=i + 1, category=KATEGORI_NAVNE[line.kategori], source=_source(ctx),
            )


@rule(BUD008, reads=("oekonomi",))
def other_funding_stated(ctx: Context) -> Iterator[Diagnostic]:
    """"Other funding: yes" needs an amount and a source; "no" must have neither.

    Why: the form asks "Hvis ja, hvor stort et beløb er der ansøgt om og hvor er tilskuddet
    ansøgt fra?" — an answer that says both yes and nothing, or no and an amount, is unclear.
    Example: ``ansoegt: ja`` without ``beloeb`` → BUD008.
    """
    other = ctx.value(OTHER_FUNDING)
    if other is None or not hasattr(other, "ansoegt"):
        return  # the round's form does not ask about other funding
    base = OTHER_FUNDING
    if other.ansoegt is True:
        if other.beloeb is None:
            yield BUD008(
                N_("Other funding is 'ja', but the amount is missing."),
                Hint(N_("Write the amount applied for elsewhere under 'beloeb'."),
                     word=N_("Write the amount applied for elsewhere in the answer to "
                             "\"{question}\".")),
                (*base, "beloeb"),
            )
        if not (other.kilde or "").strip():
            yield BUD008(
                N_("Other funding is 'ja', but the source is missing."),
                Hint(N_("Write under 'kilde' where the grant was applied for."),
                     word=N_("Write where the grant was applied for in the answer to "
                             "\"{question}\".")),
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
    other = ctx.value(OTHER_FUNDING)
    if other is None or not hasattr(other, "ansoegt") or not ctx.has_budget:
        return
    in_budget = ctx.model_budget.finansiering_i_alt("tilskud")
    stated = other.beloeb if other.ansoegt else ZERO
    if other.ansoegt is None or stated is None:
        return
    if stated != in_budget:
        yield BUD009(
            N_("Økonomi states other grants of {stated}, but the budget's grant lines add up to "
               "{budget}."),
            Hint(N_("Make the amount in oekonomi.anden_finansiering and the budget's lines of "
                    "type 'tilskud' agree."),
                 word=N_("Make the amount in the answer to \"{question}\" and the budget's "
                         "lines 'Tilskud fra andre tilskudsgivere' agree.")),
            (*OTHER_FUNDING, "beloeb" if other.ansoegt else "ansoegt"),
            stated=Kr(stated), budget=Kr(in_budget),
        )


@rule(BUD010, reads=("budget",))
def has_expenses(ctx: Context) -> Iterator[Diagnostic]:
    """The detailed budget must have expense lines.

    Why: "Sammen med ansøgningsskemaet skal der indsendes et detaljeret budget, hvoraf
    projektets samtlige udgifter og eventuelle indtægter skal fremgå." (the form).
    Example: ``budget: {udgifter: []}`` → BUD010.
    """
    if ctx.has_budget and not ctx.model_budget.udgifter:
        yield BUD010(
            N_("The detailed budget has no expense lines."),
            Hint(N_("Add the project's expenses under budget.udgifter (see 'pulje init')."),
                 word=N_("Fill in the project's expenses in the budget workbook beside the "
                         "form."),
                 excel=N_("Fill in the project's expenses in the workbook, one row per line "
                          "under its category.")),
            (*ctx.budget_path, "udgifter"),
        )


@rule(BUD012, reads=("oekonomi",))
def applied_positive(ctx: Context) -> Iterator[Diagnostic]:
    """The amount applied for must be greater than zero.

    Why: the form asks for the amount of the grant applied for ("Angiv det ansøgte beløb"); an
    application for 0 kr. or less applies for nothing, and usually means the amount was
    typed in the wrong field or with a stray minus.
    Example: ``ansoegt_beloeb: 0`` or ``ansoegt_beloeb: -2150000`` → BUD012.
    """
    applied = _applied(ctx)
    if applied is not None and applied <= ZERO:
        yield BUD012(
            N_("The amount applied for ({amount}) is not more than 0 kr."),
            Hint(N_("Write the amount of the grant applied for under oekonomi.ansoegt_beloeb."),
                 word=N_("Write the amount of the grant applied for as the answer to "
                         "\"{question}\"."),
                 excel=N_("Write the amount of the grant applied for in {sheet}!{cell}.")),
            APPLIED, amount=Kr(applied),
        )


@rule(BUD013, reads=("budget",))
def eligible_category(ctx: Context) -> Iterator[Diagnostic]:
    """A budget line's category must be one the round funds, where the round says which.

    Why: a round may leave categories of STAR's guide out (Flere skal med 2 funded job
    brokers, social and health staff, project management and audit — not competence
    development): the round's ``budget.kategorier`` lists those it funds, its
    ``budget.ikke_tilskudsberettigede_kategorier`` those it does not.
    Example: ``kategorier: [loen, revision]`` and a line of kategori ``transport`` → BUD013.
    """
    rules = ctx.runde.budget
    if rules.kategorier is None and not rules.ikke_tilskudsberettigede_kategorier:
        return
    eligible = rules.tilskudsberettigede()
    names = ", ".join(KATEGORI_NAVNE[k] for k in eligible) or "-"
    for i, line in enumerate(ctx.model_budget.udgifter):
        if line.kategori not in eligible:
            yield BUD013(
                N_("Line {number}, '{line}', is of the category {category}, which the round "
                   "does not fund (it funds: {known}; source: {source})."),
                Hint(N_("Leave the line out, or move it to a category the round funds: "
                        "{known}."),
                     excel=N_("Choose a category the round funds in {sheet}!{cell} ({known}), "
                              "or delete the row.")),
                (*ctx.budget_path, "udgifter", i, "kategori"),
                category=KATEGORI_NAVNE[line.kategori], line=line.beskrivelse, known=names,
                number=i + 1, source=_source(ctx),
            )


@rule(BUD014, reads=("budget",))
def cofinancing_present(ctx: Context) -> Iterator[Diagnostic]:
    """Where the round requires co-financing, the budget must have a co-financing line.

    Why: a round may require the applicant to co-finance the project (the round's
    ``budget.medfinansiering_kraevet``); the grant is a net grant (STAR's guide).
    Example: ``medfinansiering_kraevet: ja`` and no line of type medfinansiering → BUD014.
    """
    if not ctx.runde.budget.medfinansiering_kraevet or not ctx.has_budget:
        return
    if ctx.model_budget.finansiering_i_alt("medfinansiering") <= ZERO:
        yield BUD014(
            N_("The round requires co-financing, but the budget has no co-financing line."),
            Hint(N_("Add a line of type 'medfinansiering' under budget.finansiering."),
                 word=N_("Add a co-financing line (Medfinansiering) to the budget."),
                 excel=N_("Fill in a line 'Medfinansiering' in the workbook's financing.")),
            (*ctx.budget_path, "finansiering"),
        )


@rule(BUD015, reads=("budget",))
def spread_as_the_round_asks(ctx: Context) -> Iterator[Diagnostic]:
    """A line must be spread over the periods the round asks for (per quarter or month), not
    over coarser ones.

    Why: some rounds take the budget per quarter or per month, and the payments follow that
    split (the round's ``budget.periodisering``; BEK 614/2020 § 9: "fordelt på måneder").
    A line spread per year cannot be shown per quarter without guessing.
    Example: ``periodisering: kvartal`` and ``fordeling: {2017: 540000}`` → BUD015.
    """
    wanted = _slags(ctx)
    if wanted == "aar":
        return
    order = ("aar", "kvartal", "maaned")
    for i, line in enumerate(ctx.model_budget.udgifter):
        kinds = {periode(k).slags for k in line.fordeling}
        if any(order.index(k) < order.index(wanted) for k in kinds):
            yield BUD015(
                N_("Line {number}, '{line}', is spread over {given}, but the round asks for "
                   "the budget per {wanted} (source: {source})."),
                Hint(N_("Spread the line's amount per {wanted} under 'fordeling' (e.g. "
                        "2017-K1 or 2017-01)."),
                     word=N_("Spread the line's amount per {wanted} in the budget."),
                     excel=N_("Write the line's amount per {wanted} in the period columns of "
                              "its row ({sheet}!{cell}).")),
                (*ctx.budget_path, "udgifter", i, "fordeling"), number=i + 1,
                line=line.beskrivelse, given=_PERIODS[min(kinds, key=order.index)],
                wanted=_SINGULAR[wanted], source=_source(ctx),
            )


_SINGULAR = {"aar": Msg(N_("year")), "kvartal": Msg(N_("quarter")),
             "maaned": Msg(N_("month"))}
