"""TXT: every question of the form is answered, and no answer is suspiciously short.

Source: the form's questions (field titles in schemas/); STAR assesses the answers as written.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from pulje.checks.registry import Context, rule
from pulje.checks.walk import fields, words
from pulje.diagnostics import N_, Diagnostic, Severity
from pulje.diagnostics.codes import define
from schemas.common import Application
from schemas.introspect import field_extra, section_heading

TXT001 = define("TXT001", Severity.FEJL, "Et spørgsmål eller felt er ikke besvaret",
                "Ansøgningsskemaet: alle spørgsmål skal besvares")
TXT002 = define("TXT002", Severity.ADVARSEL, "Et svar er meget kort",
                "Projektkontorets praksis: et svar under tærsklen (ord) læses igen")
TXT003 = define("TXT003", Severity.FEJL, "Et helt afsnit af skemaet mangler i svarfilen",
                "Ansøgningsskemaet: alle afsnit skal udfyldes (spørgsmål, tabeller, budget)")

# Fields that are not free-text questions but must still be filled in.
REQUIRED_FIELDS: dict[tuple[str, ...], str] = {
    ("identifikation", "kommune"): "Ansøger / Kommune",
    ("identifikation", "ansvarlig", "navn"): "Projekt- og tilskudsansvarlig: Navn",
    ("identifikation", "ansvarlig", "adresse"): "Projekt- og tilskudsansvarlig: Adresse",
    ("identifikation", "ansvarlig", "telefon"): "Projekt- og tilskudsansvarlig: Telefon",
    ("identifikation", "ansvarlig", "email"): "Projekt- og tilskudsansvarlig: E-mail",
    ("oekonomi", "ansoegt_beloeb"): "Angiv det ansøgte beløb",
    ("oekonomi", "anden_finansiering", "ansoegt"): "Er der ansøgt om tilskud fra anden side?",
}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _applies(info_extra: dict[str, Any]) -> bool:
    """A question the form asks only under a condition it states (STV) may stay blank."""
    return bool(info_extra.get("required", True))


@rule(TXT001)
def answered(ctx: Context) -> Iterator[Diagnostic]:
    """Every question of the form, and every field of the identification, is answered.

    Why: STAR assesses the application on its answers; an unanswered question is a reason to
    reject it. The STV question, asked only of kommuner with STV funds, may stay blank.
    Example: ``spor1: {udarbejdelse: }`` → TXT001.
    """
    for path, info, value in fields(ctx.model):
        meta = field_extra(info)
        if meta.get("question") and _applies(meta) and _blank(value):
            yield TXT001(
                N_("The question \"{question}\" is not answered."),
                N_("Write the answer under '{field}'."),
                path, question=info.title or path[-1], field=".".join(map(str, path)),
            )
    for path, label in REQUIRED_FIELDS.items():
        current: Any = ctx.model
        for part in path:
            current = getattr(current, part, None) if isinstance(current, BaseModel) else None
        if _blank(current) and hasattr(ctx.model, path[0]):
            yield TXT001(
                N_("\"{question}\" is not filled in."),
                N_("Write the answer under '{field}'."),
                path, question=label, field=".".join(path),
            )
    group = getattr(ctx.model, "opkvalificering", None)
    if group is not None and not getattr(group, "medarbejdere", True):
        yield TXT001(
            N_("\"{question}\" is not filled in."),
            N_("Write the answer under '{field}'."),
            ("opkvalificering", "medarbejdere"),
            question=type(group).model_fields["medarbejdere"].title,
            field="opkvalificering.medarbejdere",
        )


@rule(TXT002)
def not_too_short(ctx: Context) -> Iterator[Diagnostic]:
    """An answer shorter than the question's threshold (default 25 words) is a warning.

    Why: a one-line answer to a "how" question rarely convinces the assessor; the project
    office re-reads short answers.
    Example: ``implementering: Det gør vi.`` → TXT002.
    """
    for path, info, value in fields(ctx.model):
        meta = field_extra(info)
        if not meta.get("question") or _blank(value) or not _applies(meta):
            continue
        limit = int(meta.get("short", 25))
        count = words(str(value))
        if count < limit:
            yield TXT002(
                N_("The answer to \"{question}\" has only {count} words."),
                N_("Consider whether the answer says enough (the threshold is {limit} words)."),
                path, question=info.title or path[-1], count=count, limit=limit,
            )


@rule(TXT003)
def sections_present(ctx: Context) -> Iterator[Diagnostic]:
    """Every section of the form has its key in the answer file.

    Why: each section of the form holds questions, tables or the budget STAR assesses; a
    section left out (or deleted by mistake) is found at the place it belongs, with its
    heading, besides what its questions and tables miss.
    Example: an answer file without ``spor1:`` → TXT003 at the line where ``spor1:`` belongs.
    """
    given = ctx.model.model_fields_set
    for name in type(ctx.model).model_fields:
        if name in Application.model_fields or name in given:
            continue
        heading = section_heading(type(ctx.model), name)
        yield TXT003(
            N_("The section {section} is missing from the answer file."),
            N_("Add '{key}:' here with its answers ('pulje init' writes every question)."),
            (name,), section=f"'{name}'" + (f" ({heading})" if heading else ""), key=name,
        )
