"""TXT: every question of the form is answered, and no answer is suspiciously short.

Source: the round's form (``skema.yaml``: each question and whether it must be answered);
STAR assesses the answers as written.
"""

from __future__ import annotations

from collections.abc import Iterator

from pulje.checks.registry import Context, rule
from pulje.checks.walk import words
from pulje.diagnostics import N_, Diagnostic, Hint, Severity
from pulje.diagnostics.codes import define
from schemas.form import Question, value_at
from schemas.kinds import blank
from schemas.kinds.tekst import TekstKind

TXT001 = define("TXT001", Severity.FEJL, "Et spørgsmål eller felt er ikke besvaret",
                "Ansøgningsskemaet: alle spørgsmål skal besvares")
TXT002 = define("TXT002", Severity.ADVARSEL, "Et svar er meget kort",
                "Projektkontorets praksis: et svar under tærsklen (ord) læses igen")
TXT003 = define("TXT003", Severity.FEJL, "Et helt afsnit af skemaet mangler i svarfilen",
                "Ansøgningsskemaet: alle afsnit skal udfyldes (spørgsmål, tabeller, budget)")


def heading_for(ctx: Context, q: Question, path: tuple[object, ...], label: str) -> str:
    """A free text without a question of its own (a form without questions) is named by its
    section's heading ("Metode")."""
    if q.tekst or q.etiket:
        return label
    section = ctx.form.section(str(path[0]))
    return section.overskrift if section is not None and section.overskrift else label


def asked(ctx: Context, q: Question) -> bool:
    """Whether the question applies: one with ``kraeves_hvis`` only when that answer is ja."""
    if q.kraeves_hvis is None:
        return True
    return value_at(ctx.model, q.kraeves_hvis.split(".")) is True


_WRITE_ANSWER = Hint(N_("Write the answer under '{field}'."),
                    word=N_("Write the answer in the form, in the answer field of the question "
                            "named above."))


@rule(TXT001)
def answered(ctx: Context) -> Iterator[Diagnostic]:
    """Every question of the form, and every field it asks to fill in, is answered.

    Why: STAR assesses the application on its answers; an unanswered question is a reason to
    reject it. A question asked only under a condition is required only then: ``krav: nej``
    (the STV question, asked only of kommuner with STV funds, may stay blank) or
    ``kraeves_hvis: <a ja/nej question>`` in the round's form.
    Example: ``spor1: {udarbejdelse: }`` → TXT001.
    """
    for q, path, value in ctx.answers(dependents=False):
        if not asked(ctx, q):
            continue
        for found in q.kind.blanks(q, value, path):
            where = ".".join(map(str, found.path))
            if found.question:
                yield TXT001(
                    N_("The question \"{question}\" is not answered."), _WRITE_ANSWER,
                    found.path, question=heading_for(ctx, q, path, found.label), field=where,
                )
            else:
                yield TXT001(
                    N_("\"{question}\" is not filled in."), _WRITE_ANSWER,
                    found.path, question=found.label, field=where,
                )


@rule(TXT002)
def not_too_short(ctx: Context) -> Iterator[Diagnostic]:
    """An answer shorter than the question's threshold (default 25 words) is a warning.

    Why: a one-line answer to a "how" question rarely convinces the assessor; the project
    office re-reads short answers. The threshold is the question's ``kort:`` in the form.
    Example: ``implementering: Det gør vi.`` → TXT002.
    """
    for q, path, value in ctx.answers("tekst"):
        kind = q.kind
        assert isinstance(kind, TekstKind)
        if blank(value) or not kind.is_required(q) or not asked(ctx, q):
            continue
        limit = kind.short(q)
        count = words(str(value))
        if count < limit:
            yield TXT002(
                N_("The answer to \"{question}\" has only {count} words."),
                N_("Consider whether the answer says enough (the threshold is {limit} words)."),
                path, question=heading_for(ctx, q, path, q.tekst or str(path[-1])),
                count=count, limit=limit,
            )


@rule(TXT003)
def sections_present(ctx: Context) -> Iterator[Diagnostic]:
    """Every section of the form has its key in the answer file.

    Why: each section of the form holds questions, tables or the budget STAR assesses; a
    section left out (or deleted by mistake) is found at the place it belongs, with its
    heading, besides what its questions and tables miss. A section that a choice switches on
    is wanted only when it is chosen.
    Example: an answer file without ``spor1:`` → TXT003 at the line where ``spor1:`` belongs.
    """
    given = ctx.model.model_fields_set
    for section in ctx.form.afsnit:
        if section.id in given or not ctx.form.active(ctx.model, section.id):
            continue
        heading = section.overskrift or ""
        yield TXT003(
            Hint(N_("The section {section} is missing from the answer file."),
                 word=N_("The section '{heading}' is missing from the form: none of its "
                         "answer fields is in the document.")),
            Hint(N_("Add '{key}:' here with its answers ('pulje init' writes every question)."),
                 word=N_("Copy the section with its questions and answer fields from a blank "
                         "form ('pulje init {pool} --docx FILE') into the document, or build "
                         "the draft again with 'pulje build'.")),
            (section.id,), section=f"'{section.id}'" + (f" ({heading})" if heading else ""),
            key=section.id, heading=heading or section.id, pool=ctx.pool.id,
        )
