"""FOR: the formalities STAR rejects an application on, checked before it is sent — run by
``validate``, ``check`` and ``submit``, judged as of a day (``--dato``; today by default).

Errors only for what STAR rejects on (a deadline passed at submission, an applicant the round
does not take, a missing required co-applicant, attachment or responsible party); warnings for
what a person should look at (a passed deadline before submission, a deadline too close for the
channel, a channel or address the round does not give). The amount over the maximum is BUD005,
ineligible costs BUD006 and BUD013, the page limit PAG001: the pre-flight includes them, and
they are not checked twice.

Sources: the pools catalogue (../shared/spec/pools-catalogue.md: deadlines with a time of day,
"late applications are not considered", applicants, joint applications and the one
tilskudsansvarlig, required attachments, page limits, channels) and the round's data
(templates/<pool>/<round>/runde.yaml).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pulje.checks.registry import Context, rule
from pulje.diagnostics import N_, NP_, Count, Diagnostic, Msg, Path, Plural, Severity
from pulje.diagnostics.codes import define
from pulje.pools.deadline import judge
from pulje.pools.round import EMAIL_LEAD_DAYS, EmailKanal, PortalKanal
from schemas.kinds.person import Person

CATALOGUE = "Puljekataloget (../shared/spec/pools-catalogue.md)"
ROUND = "Runden (templates/<pulje>/<runde>/runde.yaml)"

FOR001 = define("FOR001", Severity.ADVARSEL, "Ansøgningsfristen er overskredet (før indsendelse)",
                f"{ROUND}: frist; {CATALOGUE}: for sent indkomne ansøgninger behandles ikke")
FOR002 = define("FOR002", Severity.FEJL, "Ansøgningsfristen er overskredet (ved indsendelse)",
                f"{ROUND}: frist; {CATALOGUE}: for sent indkomne ansøgninger behandles ikke")
FOR003 = define("FOR003", Severity.ADVARSEL,
                "Fristen er for tæt på til at nå at sende ad rundens kanal",
                f"{ROUND}: frist og kanal (forberedelse_dage); Tilskudsportalen kræver "
                "login med MitID Erhverv")
FOR004 = define("FOR004", Severity.FEJL, "Ansøgeren er ikke af en type, runden tager imod",
                f"{ROUND}: ansoegere og ikke_ansoegere; {CATALOGUE}")
FOR005 = define("FOR005", Severity.FEJL, "Runden kræver en medansøger af en bestemt type",
                f"{ROUND}: medansoeger_kraevet; {CATALOGUE} (fx a-kasser med mindst én kommune)")
FOR006 = define("FOR006", Severity.FEJL,
                "En fælles ansøgning har ikke netop én projekt- og tilskudsansvarlig",
                f"{ROUND}: tilskudsansvarlig; {CATALOGUE}: den, der indsender, bliver "
                "tilskudsansvarlig")
FOR007 = define("FOR007", Severity.FEJL, "Et bilag, runden kræver, mangler",
                f"{ROUND}: bilag")
FOR008 = define("FOR008", Severity.FEJL, "Et bilags fil findes ikke eller kan ikke læses",
                "Svarfilens bilag (en sti fra svarfilens mappe); pulje submit lægger filen i "
                "pakken")
FOR009 = define("FOR009", Severity.INFO, "Runden oplyser ingen sidegrænse",
                f"{ROUND}: sidegraense og ingen_sidegraense; {CATALOGUE} (n/f)")
FOR010 = define("FOR010", Severity.FEJL,
                "E-mailrunden har ingen modtager: ansøgningen kan ikke sendes med e-mail",
                f"{ROUND}: kanal.modtager")
FOR011 = define("FOR011", Severity.ADVARSEL, "E-mailrunden oplyser intet emne",
                f"{ROUND}: kanal.emne")
FOR012 = define("FOR012", Severity.ADVARSEL, "Runden oplyser ikke, hvordan ansøgningen sendes",
                f"{ROUND}: kanal")
FOR013 = define("FOR013", Severity.ADVARSEL, "Runden oplyser ingen ansøgningsfrist",
                f"{ROUND}: frist")

APPLICANT = ("identifikation", "kommune")
APPLICANT_TYPE = ("identifikation", "ansoegertype")
RESPONSIBLE = ("identifikation", "ansvarlig")
#: "{n} day(s)" as a message parameter (``Count``) says it.
DAYS = NP_("{n} day", "{n} days")
TYPES = {"kommune": N_("a municipality"), "a-kasse": N_("an unemployment fund"),
         "bred": N_("another applicant (business, association, organisation …)")}

_KOMMUNE = re.compile(r"\bkommune\b", re.IGNORECASE)
_AKASSE = re.compile(r"\ba-?kasse\b|arbejdsløshedskasse", re.IGNORECASE)


def guess_type(name: Any) -> str | None:
    """The type of an applicant from its name where the name says it ("… Kommune", "… A-kasse");
    None when it does not."""
    if not isinstance(name, str):
        return None
    if _AKASSE.search(name):
        return "a-kasse"
    if _KOMMUNE.search(name):
        return "kommune"
    return None


def applicant_type(ctx: Context) -> str | None:
    """The applicant's type: as the answer file says it, else a kommune where the form asks
    for one, else from its name."""
    said = ctx.value(APPLICANT_TYPE)
    if isinstance(said, str):
        return said
    asked = ctx.form.question_at(APPLICANT)
    if asked is not None and asked[0].type == "kommune":
        return "kommune"
    return guess_type(ctx.value(APPLICANT))


def _co_applicants(ctx: Context) -> Iterator[tuple[Path, list[Any]]]:
    for _q, path, value in ctx.answers("medansoegere"):
        if value:
            yield path, list(value)


def _where(ctx: Context) -> Path:
    """The line that names the round (or the pool) in the answer file."""
    return ("runde",) if ctx.model.runde is not None else ("pulje",)


def _sent_by(ctx: Context) -> Msg:
    if isinstance(ctx.runde.kanal, PortalKanal):
        return Msg(N_("STAR's Tilskudsportal"))
    return Msg(N_("e-mail"))


# --- the deadline ----------------------------------------------------------------------------

def _passed(ctx: Context) -> Diagnostic | None:
    frist = ctx.runde.frist
    judged = judge(frist, ctx.dato)
    if frist is None or not judged.passed:
        return None
    code = FOR002 if ctx.indsendelse else FOR001
    hint = (N_("STAR does not consider late applications: nothing was submitted. To make the "
               "package anyway (e.g. for the archive), give the day it was sent with --dato.")
            if ctx.indsendelse else
            N_("STAR does not consider late applications; pulje submit refuses it. Check the "
               "round, or give another day with --dato."))
    if frist.tid is not None:
        return code(N_("The deadline {deadline} at {time} has passed (judged as of {date})."),
                    hint, _where(ctx), deadline=frist.dato, time=f"{frist.tid:%H.%M}",
                    date=judged.dato)
    return code(N_("The deadline {deadline} has passed (judged as of {date})."), hint,
                _where(ctx), deadline=frist.dato, date=judged.dato)


@rule(FOR001)
def deadline_passed_draft(ctx: Context) -> Iterator[Diagnostic]:
    """Before submission, a passed deadline is a warning: the application may still be
    checked, built and archived.

    Why: STAR does not consider late applications (e.g. Den centrale pulje 2017: "late
    applications are not considered"); every round pulje knows lies in the past, so the
    bundled examples must stay buildable. Judged as of ``--dato`` (default today, Danish time;
    a deadline with a time of day has passed once that time has).
    Example: ``runde: "2017"`` of den-centrale-pulje (1 February 2017 12:00) → FOR001 today.
    """
    if not ctx.indsendelse:
        found = _passed(ctx)
        if found is not None:
            yield found


@rule(FOR002)
def deadline_passed_submit(ctx: Context) -> Iterator[Diagnostic]:
    """At submission (``pulje submit``), a passed deadline is a fejl: no package is made.

    Why: STAR does not consider late applications. To archive an application that was sent in
    time, give the day it was sent: ``pulje submit --dato 2017-01-30``.
    Example: ``pulje submit`` of a den-centrale-pulje 2017 application today → FOR002.
    """
    if ctx.indsendelse:
        found = _passed(ctx)
        if found is not None:
            yield found


@rule(FOR003)
def deadline_close(ctx: Context) -> Iterator[Diagnostic]:
    """A deadline nearer than the channel needs is a warning.

    Why: Tilskudsportalen is reached with the organisation's MitID Erhverv (before 2021: NemID
    medarbejdersignatur); a first-time user needs the organisation's administrator to create
    the signature and may need to register the organisation in the portal — days, not hours,
    so 7 days by default. An e-mail application must be approved by management and arrive
    before the deadline's time: 2 days. A round may say otherwise
    (``kanal.forberedelse_dage``); a round that does not give its channel counts as e-mail.
    Example: judged 5 days before a Tilskudsportal deadline → FOR003.
    """
    frist = ctx.runde.frist
    judged = judge(frist, ctx.dato)
    if frist is None or not judged.open or judged.days is None:
        return
    kanal = ctx.runde.kanal
    lead = kanal.forberedelse_dage if kanal is not None else EMAIL_LEAD_DAYS
    if judged.days < lead:
        yield FOR003(
            N_("The deadline {deadline} is {days} away (judged as of {date}); sending by "
               "{channel} needs about {lead}."),
            N_("Start sending now: for Tilskudsportalen, check that you can log in with MitID "
               "Erhverv; for e-mail, that management has approved the application."),
            _where(ctx), deadline=frist.dato, days=Count(judged.days, *DAYS), date=judged.dato,
            channel=_sent_by(ctx), lead=Count(lead, *DAYS),
        )


# --- who applies -----------------------------------------------------------------------------

@rule(FOR004, reads=("identifikation",))
def applicant_allowed(ctx: Context) -> Iterator[Diagnostic]:
    """The applicant must be of a type the round takes (``ansoegere``), and not of one it
    names as not allowed (``ikke_ansoegere``).

    Why: STAR rejects an application from an applicant the pool is not for (the a-kasse pools
    of Særlig indsats til ledige over 50 år; "not kommuner" in Udbredelse af virksomheders
    sociale ansvar 2020). A broad round (``bred``) takes any applicant it does not exclude. The
    type is the answer to ``identifikation.ansoegertype``, else a kommune where the form asks
    for one, else what the name says ("… Kommune", "… A-kasse"); unknown: nothing is said.
    Example: a round with ``ansoegere: [a-kasse]`` and ``ansoegertype: kommune`` → FOR004.
    """
    kind = applicant_type(ctx)
    allowed = ctx.runde.ansoegere
    if kind is None or not allowed:
        return
    refused = kind in ctx.runde.ikke_ansoegere or (kind not in allowed and "bred" not in allowed)
    if refused:
        path = APPLICANT_TYPE if ctx.value(APPLICANT_TYPE) is not None else APPLICANT
        yield FOR004(
            N_("The applicant is {kind}, but the round takes applications from: {allowed}."),
            N_("The application must be submitted by one the round takes (a co-applicant of "
               "the right type may submit it instead); check the round with 'pulje pools "
               "show'."),
            path, kind=Msg(TYPES[kind]),
            allowed=", ".join(a for a in allowed) + (
                f" (ikke {', '.join(ctx.runde.ikke_ansoegere)})" if ctx.runde.ikke_ansoegere
                else ""),
        )


@rule(FOR005, reads=("identifikation",))
def required_co_applicant(ctx: Context) -> Iterator[Diagnostic]:
    """Where the round requires a co-applicant of a type (``medansoeger_kraevet``), one must be
    named.

    Why: Særlig indsats for ledige over 50 år 2020 took "a-kasser with at least one kommune".
    A co-applicant's type is its ``ansoegertype``, else what its name says.
    Example: ``medansoeger_kraevet: [kommune]`` and no co-applicant that is a kommune → FOR005.
    """
    wanted = ctx.runde.medansoeger_kraevet
    if not wanted:
        return
    rows = [row for _path, rows in _co_applicants(ctx) for row in rows]
    have = {getattr(r, "ansoegertype", None) or guess_type(getattr(r, "navn", None))
            for r in rows}
    asks = next(iter(ctx.form.of_kind("medansoegere")), None)
    path: Path = asks[1] if asks is not None else APPLICANT
    for kind in wanted:
        if kind not in have:
            yield FOR005(
                N_("The round requires at least one co-applicant that is {kind}; the "
                   "application names none."),
                N_("Name the co-applicant under medansoegere with 'ansoegertype: {type}'."),
                path, kind=Msg(TYPES[kind]), type=kind,
            )


def _same(a: Any, b: Any) -> bool:
    return (isinstance(a, str) and isinstance(b, str) and bool(a.strip())
            and " ".join(a.split()).casefold() == " ".join(b.split()).casefold())


@rule(FOR006, reads=("identifikation",))
def one_responsible(ctx: Context) -> Iterator[Diagnostic]:
    """A joint application must have exactly one projekt- og tilskudsansvarlig: the person of
    the applicant who submits — named, and not also a co-applicant's contact, and the
    applicant not also a co-applicant.

    Why: in a joint application the one who submits becomes tilskudsansvarlig (the pools
    catalogue; e.g. Virksomhedsservicepulje til bedre match 2018, ledige over 50 år 2023); STAR
    pays the grant to one party and writes to one person.
    Example: ``medansoegere: [{navn: Brøndby Kommune, kontaktperson: Åse Ørum}]`` where Åse
    Ørum is also ``ansvarlig`` → FOR006.
    """
    person = ctx.value(RESPONSIBLE)
    if not ctx.asks(RESPONSIBLE):
        return
    rule_text = ctx.runde.tilskudsansvarlig or "den, der indsender"
    for path, rows in _co_applicants(ctx):
        if not isinstance(person, Person) or not (person.navn or "").strip():
            yield FOR006(
                Plural(NP_("The application is joint ({count} co-applicant), but no "
                           "projekt- og tilskudsansvarlig is named.",
                           "The application is joint ({count} co-applicants), but no "
                           "projekt- og tilskudsansvarlig is named."), "count"),
                N_("Name the one person responsible ({rule}) under identifikation.ansvarlig."),
                (*RESPONSIBLE, "navn"), count=len(rows), rule=rule_text,
            )
            return
        for i, row in enumerate(rows):
            if _same(getattr(row, "kontaktperson", None), person.navn) or _same(
                    getattr(row, "email", None), person.email):
                yield FOR006(
                    N_("The projekt- og tilskudsansvarlig ({name}) is also the contact of the "
                       "co-applicant {co}: a joint application has one responsible party, "
                       "{rule}."),
                    N_("Let the applicant who submits name its own responsible person, and "
                       "the co-applicant its own contact."),
                    (*path, i), name=person.navn, co=getattr(row, "navn", ""), rule=rule_text,
                )
            if _same(getattr(row, "navn", None), ctx.value(APPLICANT)):
                yield FOR006(
                    N_("The applicant {name} is also named as a co-applicant: that makes two "
                       "responsible parties."),
                    N_("Remove the applicant from medansoegere."),
                    (*path, i, "navn"), name=getattr(row, "navn", ""),
                )


# --- attachments, pages, channel -------------------------------------------------------------

@rule(FOR007, reads=("bilag",))
def required_attachments(ctx: Context) -> Iterator[Diagnostic]:
    """Every attachment the round requires and pulje does not make must be declared with its
    file (``bilag:`` with the round's id and ``fil:``).

    Why: STAR rejects an application without a required attachment (Udbredelse af
    virksomheders sociale ansvar 2020: a signed cooperation agreement with a jobcentre on
    STAR's template). The attachments pulje makes (the budget: ``dokument:`` in runde.yaml)
    are in the package by themselves. ``pulje submit`` puts each declared file in the package
    (FOR008 when it cannot).
    Example: ``bilag: []`` in a round requiring ``samarbejdsaftale`` → FOR007.
    """
    needed = [b for b in ctx.runde.bilag if b.dokument is None]
    if not needed:
        return
    asked = next(iter(ctx.form.of_kind("bilag")), None)
    given = {getattr(row, "id", None): row for _q, _p, rows in ctx.answers("bilag")
             for row in rows or []}
    for b in needed:
        row = given.get(b.id)
        if row is None or not (getattr(row, "fil", None) or "").strip():
            yield FOR007(
                N_("The round requires the attachment '{id}' ({text}), but the application "
                   "does not give its file."),
                N_("Add it under bilag with 'id: {id}' and 'fil:' (a path from the answer "
                   "file's folder)."),
                asked[1] if asked is not None else (), id=b.id, text=b.tekst,
            )


@rule(FOR009)
def page_limit_unknown(ctx: Context) -> Iterator[Diagnostic]:
    """Where the round's source gives no page limit (and does not say there is none), say so.

    Why: most rounds of the catalogue give no page limit (n/f); STAR's call may have one.
    pulje then checks no limit (PAG001 runs where there is one).
    Example: Flere skal med 2 (2019) → FOR009.
    """
    r = ctx.runde
    if r.sidegraense is None and not r.ingen_sidegraense:
        yield FOR009(
            N_("The round's source gives no page limit, so pulje checks none."),
            N_("Check STAR's call for a page limit."), _where(ctx),
        )


@rule(FOR010)
def email_recipient(ctx: Context) -> Iterator[Diagnostic]:
    """At submission, an e-mail round must give the recipient's address.

    Why: an e-mail draft without an address cannot be sent to STAR as the round asks; the
    round's data is incomplete (Den centrale pulje 2016: the address is not in the catalogue).
    Example: ``kanal: {type: email, modtager: null}`` at ``pulje submit`` → FOR010.
    """
    kanal = ctx.runde.kanal
    if ctx.indsendelse and isinstance(kanal, EmailKanal) and not (kanal.modtager or "").strip():
        yield FOR010(
            N_("The round is sent by e-mail, but its data gives no recipient: pulje cannot make "
               "the e-mail draft."),
            N_("Find the address in STAR's call and write it under kanal.modtager in the "
               "round's runde.yaml (see docs/pools.md)."), _where(ctx),
        )


@rule(FOR011)
def email_subject(ctx: Context) -> Iterator[Diagnostic]:
    """At submission, an e-mail round without a subject line is a warning: pulje writes
    "Ansøgning til <pool>".

    Why: STAR sorts its mail by the subject the call asks for (Bedre ressourceforløb 2016:
    "Ansøgning til pulje Bedre ressourceforløb").
    Example: ``kanal: {type: email, emne: null}`` at ``pulje submit`` → FOR011.
    """
    kanal = ctx.runde.kanal
    if ctx.indsendelse and isinstance(kanal, EmailKanal) and not (kanal.emne or "").strip():
        yield FOR011(
            N_("The round gives no subject line; the e-mail draft says \"Ansøgning til "
               "{pool}\"."),
            N_("Check the subject STAR's call asks for, and correct it in the draft."),
            _where(ctx), pool=ctx.pool.navn,
        )


@rule(FOR012)
def channel_unknown(ctx: Context) -> Iterator[Diagnostic]:
    """At submission, a round that does not say how the application is sent is a warning: the
    package has the documents and a note, and no e-mail draft.

    Why: most rounds of the catalogue give no channel (n/f); an e-mail draft to no one, or an
    upload set for a portal the round may not use, would mislead.
    Example: Flere skal med 2 (2019) at ``pulje submit`` → FOR012.
    """
    if ctx.indsendelse and ctx.runde.kanal is None:
        yield FOR012(
            N_("The round does not say how the application is sent: the package has the "
               "documents and a note, no e-mail draft."),
            N_("Send the documents as STAR's call says."), _where(ctx),
        )


@rule(FOR013)
def deadline_unknown(ctx: Context) -> Iterator[Diagnostic]:
    """At submission, a round without a known deadline is a warning.

    Why: pulje cannot tell whether the application is in time (Bedre ressourceforløb 2016:
    "autumn 2016", the day is not found).
    Example: ``frist: null`` at ``pulje submit`` → FOR013.
    """
    if ctx.indsendelse and ctx.runde.frist is None:
        yield FOR013(
            N_("The round's data gives no deadline, so pulje cannot tell whether the "
               "application is in time."),
            N_("Check the deadline in STAR's call."), _where(ctx),
        )
