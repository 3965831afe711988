"""A round's facts as a person reads them: one (key, label, text) per fact, in Danish or English,
with "ikke oplyst" where the source gives nothing. ``pulje pools show`` prints them, ``pulje
pools diff`` compares them between two rounds, and both give the same keys in JSON."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from pulje.diagnostics import N_, Translator
from pulje.pools.deadline import described, judge, when
from pulje.pools.round import EmailKanal, PortalKanal, Runde

#: How the applicant types read (``runde.ansoegere``).
APPLICANTS = {"kommune": N_("municipalities (job centres)"), "a-kasse": N_("unemployment funds"),
              "bred": N_("broad (businesses, associations, organisations, schools …)")}
#: Their short marks in the table of ``pulje pools``.
MARKS = {"kommune": "K", "a-kasse": "A", "bred": "B"}


class Fact(NamedTuple):
    key: str
    label: str
    text: str


def _kr(value: Decimal | None, tr: Translator) -> str:
    return tr.kroner(value) if value is not None else tr.gettext("not given")


def _yes_no(value: bool | None, tr: Translator) -> str:
    if value is None:
        return tr.gettext("not given")
    return tr.gettext("yes") if value else tr.gettext("no")


def channel(r: Runde, tr: Translator) -> str:
    """How the round's application is sent."""
    k = r.kanal
    if isinstance(k, EmailKanal):
        parts = [tr.format(N_("e-mail to {to}"), {"to": k.modtager}) if k.modtager
                 else tr.gettext("e-mail (address not given)")]
        if k.cc:
            parts.append(f"cc {', '.join(k.cc)}")
        parts.append(tr.format(N_("subject \"{subject}\""), {"subject": k.emne}) if k.emne
                     else tr.gettext("subject not given"))
        if k.formater:
            parts.append(tr.format(N_("as {formats}"),
                                   {"formats": ", ".join(f.upper() for f in k.formater)}))
        return "; ".join(parts)
    if isinstance(k, PortalKanal):
        text = tr.gettext("STAR's Tilskudsportal")
        if k.upload:
            text += f" ({tr.gettext('upload')}: {', '.join(k.upload)})"
        return text
    return tr.gettext("not given")


def page_rule(r: Runde, tr: Translator) -> str:
    if r.sidegraense is not None:
        return tr.format(N_("{pages} pages"), {"pages": r.sidegraense})
    if r.ingen_sidegraense:
        return tr.gettext("none (the source says so)")
    return tr.gettext("not given")


def applicants(r: Runde, tr: Translator) -> str:
    if not r.ansoegere:
        return tr.gettext("not given")
    text = ", ".join(tr.gettext(APPLICANTS[a]) for a in r.ansoegere)
    if r.ikke_ansoegere:
        text += "; " + tr.format(N_("not {types}"), {
            "types": ", ".join(tr.gettext(APPLICANTS[a]) for a in r.ikke_ansoegere)})
    return text


def joint(r: Runde, tr: Translator) -> str:
    text = _yes_no(r.faelles, tr)
    if r.medansoeger_kraevet:
        text += "; " + tr.format(N_("at least one co-applicant: {types}"), {
            "types": ", ".join(tr.gettext(APPLICANTS[a]) for a in r.medansoeger_kraevet)})
    return text


def period(r: Runde, tr: Translator) -> str:
    parts = []
    if r.projektperiode is not None:
        parts.append(f"{tr.date(r.projektperiode.fra)} – {tr.date(r.projektperiode.til)}")
    if r.seneste_slut is not None:
        parts.append(tr.format(N_("ends by {date}"), {"date": r.seneste_slut}))
    if r.varighed_maaneder is not None:
        parts.append(tr.format(N_("{months} months"), {"months": r.varighed_maaneder}))
    return "; ".join(parts) or tr.gettext("not given")


def _months(values: list[date], tr: Translator) -> str:
    from pulje.diagnostics import Month

    return ", ".join(tr.value(Month.of(m)) for m in values)


def budget_rules(r: Runde, tr: Translator) -> str:
    from schemas.kinds.budget import KATEGORI_NAVNE

    b = r.budget
    kategorier = (", ".join(KATEGORI_NAVNE[k] for k in b.kategorier) if b.kategorier is not None
                  else tr.gettext("all of STAR's budget guide"))
    parts = [
        f"{tr.gettext('eligible categories')}: {kategorier}",
        f"{tr.gettext('not eligible')}: {', '.join(b.ikke_tilskudsberettigede) or '-'}",
        f"{tr.gettext('forbidden lines')}: {', '.join(b.forbudte_poster) or '-'}",
        f"{tr.gettext('audit line expected')}: {_yes_no(b.revision_forventet, tr)}",
        f"{tr.gettext('co-financing required')}: {_yes_no(b.medfinansiering_kraevet, tr)}",
    ]
    if b.periodisering is not None:
        parts.append(f"{tr.gettext('periodisation')}: {b.periodisering}")
    return "; ".join(parts)


def attachments(r: Runde, tr: Translator) -> list[str]:
    out = []
    for b in r.bilag:
        who = (tr.format(N_("made by pulje: {document}"), {"document": b.dokument})
               if b.dokument else tr.gettext("attached by the applicant"))
        out.append(f"{b.id}: {b.tekst} ({who})")
    return out


def payment(r: Runde, tr: Translator) -> list[str]:
    u = r.udbetaling
    if u is None:
        return []
    out = [u.tekst]
    for n, rate in enumerate(u.rater, start=1):
        share = tr.percent(rate.andel) if rate.andel is not None else tr.gettext(
            "by results")
        out.append(tr.format(N_("rate {n}: {share} on {condition}"),
                             {"n": n, "share": share, "condition": rate.betingelse}))
        for step in rate.resultater:
            paid = tr.percent(step.andel) if step.andel is not None else tr.gettext("the rest")
            out.append("  " + tr.format(
                N_("{target} of the target group ({condition}) → {paid} of the grant"),
                {"target": tr.percent(step.maal), "condition": step.betingelse, "paid": paid}))
    return out


def form_kind(r: Runde, tr: Translator) -> str:
    if r.skeleton:
        return tr.gettext("STAR's common skeleton with the round's required contents — "
                          "compare with STAR's own form")
    if r.skema_kilde == "transcribed":
        return tr.gettext("the pool's own form, word for word")
    return tr.gettext("not given")


def deadline_text(r: Runde, tr: Translator) -> str:
    if r.frist is None:
        return tr.gettext("deadline not given")
    text = when(r.frist, tr)
    return text if r.frist.tid is not None else f"{text} ({tr.gettext('time not given')})"


def _sources(r: Runde) -> list[str]:
    if r.kilde is None:
        return []
    return [r.kilde] if isinstance(r.kilde, str) else list(r.kilde)


def facts(r: Runde, tr: Translator, dato: date | None = None, *,
          days: bool = True) -> list[Fact]:
    """Every fact of the round, in the order ``pulje pools show`` prints them; the deadline is
    judged as of ``dato`` (default today), or given without the days left (``days=False``)."""
    deadline = described(judge(r.frist, dato), tr) if days else deadline_text(r, tr)
    out = [
        Fact("titel", tr.gettext("Title"), r.titel or "-"),
        Fact("konti", tr.gettext("Finance account"), ", ".join(r.konti) or tr.gettext(
            "not given")),
        Fact("frist", tr.gettext("Deadline"), deadline),
        Fact("aabningsdato", tr.gettext("Opening date"),
             tr.date(r.aabningsdato) if r.aabningsdato is not None else tr.gettext(
                 "not given")),
        Fact("kanal", tr.gettext("Send"), channel(r, tr)),
        Fact("sidegraense", tr.gettext("Page limit"), page_rule(r, tr)),
        Fact("maksimum", tr.gettext("Maximum per application"), _kr(r.maksimum, tr)),
        Fact("puljebeloeb", tr.gettext("The pool's amount"), _kr(r.puljebeloeb, tr)),
        Fact("ansoegere", tr.gettext("Applicants"), applicants(r, tr)),
        Fact("faelles", tr.gettext("Joint applications"), joint(r, tr)),
        Fact("tilskudsansvarlig", tr.gettext("Responsible for the grant"),
             r.tilskudsansvarlig or tr.gettext("not given")),
        Fact("projektperiode", tr.gettext("Project period"), period(r, tr)),
        Fact("maalinger", tr.gettext("Baseline and measurements"),
             "; ".join(p for p in (
                 _months([r.baseline_maaned], tr) if r.baseline_maaned else "",
                 _months(r.maalinger, tr)) if p) or tr.gettext("not given")),
        Fact("budget", tr.gettext("Budget"), budget_rules(r, tr)),
        Fact("bilag", tr.gettext("Attachments"), "\n".join(attachments(r, tr)) or "-"),
        Fact("udbetaling", tr.gettext("Payment"), "\n".join(payment(r, tr)) or tr.gettext(
            "not given")),
        Fact("dokumenter", tr.gettext("Documents"), ", ".join(r.dokumenter)),
        Fact("skema_kilde", tr.gettext("Form"), form_kind(r, tr)),
        Fact("bemaerkninger", tr.gettext("Remarks"), "\n".join(r.bemaerkninger) or "-"),
        Fact("kilde", tr.gettext("Sources"), "\n".join(_sources(r)) or tr.gettext(
            "not given")),
    ]
    return out
