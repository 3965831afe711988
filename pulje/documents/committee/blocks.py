"""The blocks that fill a committee case's headings, and the case put together.

Each block is a small function of the case's facts returning the paragraphs under a heading;
a template names which blocks fill each heading (``template.BlockId``). A fact the sources do
not give is never made up: the text says it is not given, or leaves a marked place for a
person ("Skriv her: …"), and the case's notes list what is missing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from pulje.diagnostics.i18n import Translator
from pulje.documents.committee.facts import CaseFacts
from pulje.documents.committee.template import Udvalgsskabelon
from pulje.documents.word.plain import (
    Block,
    Bullets,
    Heading,
    Numbered,
    Para,
    PlainDoc,
    Span,
    Table,
    placeholder,
    spans,
)

_TR = Translator("da")
TITLE = "Godkendelse af ansøgning til {pulje}"
TITLE_O = "Orientering om ansøgning til {pulje}"
#: Stands where a placeholder goes while a phrase is filled in.
MARK = "\x00"


def kr(amount: object) -> str:
    from decimal import Decimal

    assert isinstance(amount, Decimal)
    return _TR.kroner(amount)


def day(value: object) -> str:
    from datetime import date

    if isinstance(value, datetime):
        return f"{_TR.date(value.date())} kl. {value:%H.%M}"
    assert isinstance(value, date)
    return _TR.date(value)


def period_text(f: CaseFacts) -> str | None:
    if f.periode is None:
        return None
    return f"{day(f.periode[0])}–{day(f.periode[1])}"


def deadline_text(f: CaseFacts) -> str | None:
    if f.frist is None:
        return None
    when = day(f.frist.dato)
    return f"{when} kl. {f.frist.tid:%H.%M}" if f.frist.tid is not None else when


def _missing(f: CaseFacts, what: str) -> str:
    """"<what> er ikke oplyst i puljens data", and a note of it for the user."""
    if what not in f.notes:
        f.notes.append(what)
    return f"{what} er ikke oplyst i puljens data"


def sentence(text: str) -> str:
    """``text`` ending with one full stop (an amount ends with "kr." already)."""
    text = text.rstrip()
    return text if text.endswith(".") else text + "."


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]


# --- the blocks ------------------------------------------------------------------------------


def beslutningstema(f: CaseFacts) -> list[Block]:
    amount, period = kr(f.applied), period_text(f)
    when = f" for perioden {period}" if period else ""
    if f.orientering:
        text = (f"Udvalget orienteres om, at Jobcentret har søgt {f.pulje} om {amount}{when}. "
                "Udvalgets møde ligger efter puljens ansøgningsfrist.")
    else:
        text = f"Udvalget skal godkende, at Jobcentret søger {f.pulje} om {amount}{when}."
    return [Para(spans(text))]


def baggrund(f: CaseFacts) -> list[Block]:
    out: list[Block] = []
    pool = f"{f.styrelse} har udmøntet {f.pulje}"
    pool += f" ({f.runde})" if f.runde and f.pulje not in f.runde else ""
    facts = [sentence(f"Puljens formål: {f.formaal}") if f.formaal
             else sentence(_missing(f, "Puljens formål"))]
    if f.puljebeloeb is not None:
        facts.append(f"Puljen er på {kr(f.puljebeloeb)} i alt.")
    else:
        facts.append(sentence(_missing(f, "Puljens samlede beløb")))
    if f.konti:
        word = "finanslovskonto" if len(f.konti) == 1 else "finanslovskonti"
        facts.append(f"Midlerne kommer fra {word} {_and(list(f.konti))}.")
    deadline = deadline_text(f)
    facts.append(sentence(f"Ansøgningsfristen er {deadline}") if deadline
                 else sentence(_missing(f, "Ansøgningsfristen")))
    if f.ansoegere:
        facts.append(f"Puljen kan søges af {_and(list(f.ansoegere))}.")
    out.append(Para(spans(pool + ". " + " ".join(facts))))
    project = f"«{f.projekt.rstrip('.')}»" if f.projekt else "projektet"
    period = period_text(f)
    out.append(Para(spans(
        f"Jobcentret har udarbejdet en ansøgning om {project}"
        + (f" i perioden {period}" if period else "") + ". ",
        placeholder("kort om projektets indhold og målgruppe"))))
    return out


def retligt_grundlag(f: CaseFacts) -> list[Block]:
    konto = (f"Puljen udmøntes på finansloven, konto {_and(list(f.konti))}."
             if f.konti else sentence(_missing(f, "Finanslovskontoen")))
    if f.kilder:
        return [Para(spans(konto + " Puljens opslag: " + "; ".join(f.kilder) + "."))]
    return [Para(spans(konto + " ", placeholder(
        "henvisning til puljens opslag (ikke oplyst i puljens data)")))]


def handlemuligheder(f: CaseFacts) -> list[Block]:
    return [Para(spans(placeholder("handlemulighederne, fx at søge, at søge et mindre beløb "
                                   "eller ikke at søge")))]


def vurdering(f: CaseFacts) -> list[Block]:
    return [Para(spans(placeholder("forvaltningens vurdering af ansøgningen")))]


def andre_udvalg(f: CaseFacts) -> list[Block]:
    return [Para(spans(placeholder("konsekvenser for andre udvalg, eller »Ingen«")))]


def alternativ_indstilling(f: CaseFacts) -> list[Block]:
    return [Para(spans(placeholder("en alternativ indstilling, eller »Ingen«")))]


def alternativ_beskrivelse(f: CaseFacts) -> list[Block]:
    return [Para(spans(placeholder("beskrivelse af den alternative indstilling")))]


def hoering(f: CaseFacts) -> list[Block]:
    return [Para(spans(placeholder("høring og inddragelse, eller »Ingen«")))]


def historik(f: CaseFacts) -> list[Block]:
    return [Para(spans(placeholder("sagens historik og henvisninger, eller »Ingen«")))]


def oekonomi(f: CaseFacts) -> list[Block]:
    b = f.budget
    text = (f"Der søges om {kr(b.applied)} fra puljen. Projektets udgifter er i alt "
            f"{kr(b.expenses_total)}")
    text = sentence(text)
    if b.cofinancing:
        payer = f.betaler
        text += f" Kommunens egenfinansiering er {kr(b.cofinancing)}"
        text = sentence(text + (f", som afholdes af {payer}" if payer else ""))
        if not payer and "Hvor egenfinansieringen afholdes" not in f.notes:
            f.notes.append("Hvor egenfinansieringen afholdes")
    else:
        text += " Ansøgningen har ingen egenfinansiering."
    if b.other_financing:
        kinds = [k[:1].lower() + k[1:] for k in b.other_kinds] or ["tilskud og indtægter"]
        named = kinds[0] if len(kinds) == 1 else f"{', '.join(kinds[:-1])} og {kinds[-1]}"
        text += f" Anden finansiering ({named}): {kr(b.other_financing)}"
    out: list[Block] = [Para(spans(sentence(text)))]
    if b.years:
        rows = [[str(y), kr(a)] for y, a in b.per_year.items()]
        rows.append(["I alt", kr(b.expenses_total)])
        out.append(Para(spans("Udgifterne fordeler sig således på år:")))
        out.append(Table(["År", "Udgifter"], rows, amounts_from=1,
                         bold_rows=frozenset({len(rows) - 1})))
    if f.revisionskrav:
        out.append(Para(spans(f"Krav til revision efter tilskuddets størrelse: "
                              f"{f.revisionskrav}.")))
    return out


def personale(f: CaseFacts) -> list[Block]:
    lines = f.salary
    if not lines:
        return [Para(spans("Budgettet har ingen lønudgifter: projektet ansætter ingen."))]
    items = []
    for line in lines:
        units = ""
        if line.enheder is not None and line.enhedspris is not None:
            units = f": {_TR.quantity(line.enheder, line.enhed)} à {kr(line.enhedspris)}"
        items.append(spans(f"{line.beskrivelse}{units} ({kr(line.beloeb)})"))
    total = kr(sum((x.beloeb for x in lines), f.budget.applied * 0))
    return [Para(spans(f"Budgettets lønudgifter er i alt {total}:")), Bullets(items)]


def _clauses(f: CaseFacts, t: Udvalgsskabelon) -> list[tuple[Span, ...]]:
    period = period_text(f)
    values = {"pulje": f.pulje, "beloeb": kr(f.applied), "periode": period or MARK}
    phrase = t.fraser.orienter if f.orientering else t.fraser.godkend
    text = phrase.format_map(values)
    if period is None:
        if "Projektperioden" not in f.notes:
            f.notes.append("Projektperioden")
        head, _, tail = text.partition(MARK)
        first = spans(head, placeholder("projektperioden (ikke oplyst i puljens data)"), tail)
    else:
        first = spans(text)
    out = [first]
    if f.budget.cofinancing and not f.orientering:
        payer = f.betaler or MARK
        text = t.fraser.egenfinansiering.format_map({"beloeb": kr(f.budget.cofinancing),
                                                     "betaler": payer})
        head, _, tail = text.partition(MARK)
        out.append(spans(head, placeholder("hvor egenfinansieringen afholdes"), tail)
                   if f.betaler is None else spans(text))
    if f.videre and not f.orientering:
        out.append(spans(t.fraser.videre.format_map({"organer": _and(list(f.videre))})))
    last = out[-1]
    out[-1] = (*last[:-1], Span(sentence(last[-1].text))) if not last[-1].placeholder else (
        *last, Span("."))
    return out


def indstilling(f: CaseFacts, t: Udvalgsskabelon) -> list[Block]:
    if f.indstiller:
        lead = spans(t.fraser.indstilling.format_map({"indstiller": f.indstiller}))
    else:
        if "Hvem der indstiller" not in f.notes:
            f.notes.append("Hvem der indstiller")
        head, _, tail = t.fraser.indstilling.format_map({"indstiller": MARK}).partition(MARK)
        lead = spans(head, placeholder("hvem der indstiller, fx centerchefen"), tail)
    return [Para(lead), Numbered(_clauses(f, t))]


def bilag(f: CaseFacts) -> list[Block]:
    items = [spans(f"{role}: {name}") for role, name in f.bilag]
    return [Numbered(items)] if items else [Para(spans("Ingen bilag."))]


def beslutning(f: CaseFacts) -> list[Block]:
    return [Para(spans("Fraværende: ")), Para(spans(placeholder("udvalgets beslutning")))]


def sagsgang(f: CaseFacts) -> list[Block]:
    kind = "Orienteringssag" if f.orientering else "Beslutningssag"
    chain = [f.fagudvalg or "(udvalget er ikke angivet)", *f.videre]
    return [Para(spans(f"{kind}. Sagen behandles i {' → '.join(chain)}."))]


def kompetence(f: CaseFacts) -> list[Block]:
    if f.fagudvalg is None:
        return [Para(spans(placeholder("udvalget, der beslutter")))]
    chain = " → ".join([f.fagudvalg, *f.videre])
    return [Para(spans(chain + "."))]


def tidsperspektiv(f: CaseFacts) -> list[Block]:
    parts = []
    deadline = deadline_text(f)
    parts.append(f"Ansøgningsfristen er {deadline}." if deadline
                 else "Ansøgningsfristen er ikke oplyst i puljens data.")
    period = period_text(f)
    parts.append(f"Projektperioden er {period}." if period
                 else "Projektperioden er ikke oplyst i puljens data.")
    return [Para(spans(" ".join(parts)))]


_BLOCKS: dict[str, Callable[[CaseFacts], list[Block]]] = {
    "beslutningstema": beslutningstema, "baggrund": baggrund,
    "retligt_grundlag": retligt_grundlag, "handlemuligheder": handlemuligheder,
    "vurdering": vurdering, "oekonomi": oekonomi, "personale": personale,
    "andre_udvalg": andre_udvalg, "alternativ_indstilling": alternativ_indstilling,
    "alternativ_beskrivelse": alternativ_beskrivelse, "bilag": bilag,
    "beslutning": beslutning, "hoering": hoering, "historik": historik,
    "sagsgang": sagsgang, "kompetence": kompetence, "tidsperspektiv": tidsperspektiv,
}


def _case_data(f: CaseFacts, t: Udvalgsskabelon) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for item in t.sagsdata:
        if item == "sagsnr":
            out.append(("Sagsnr.", f.sagsnr or "(ikke angivet)"))
        elif item == "doknr":
            out.append(("Dok.nr.", f.doknr or "(ikke angivet)"))
        elif item == "kle":
            out.append(("KLE", f.kle or "(ikke angivet)"))
        elif item == "aabent":
            out.append(("", "Åbent" if f.aabent else "Lukket"))
        elif item == "kompetence":
            out.append(("Kompetence", f.fagudvalg or "(udvalget er ikke angivet)"))
        elif item == "moede":
            out.append(("Møde", day(f.moede) if f.moede else "(ikke angivet)"))
    return out


def build_case(f: CaseFacts, t: Udvalgsskabelon) -> PlainDoc:
    """The committee case for the facts in the template's form."""
    title = (TITLE_O if f.orientering else TITLE).format_map({"pulje": f.pulje})
    doc = PlainDoc(
        title=t.titel.format_map({"titel": title, "bogstav": f.letter}),
        facts=_case_data(f, t),
        header=f"{f.kommune or t.kommune} · Sagsfremstilling",
        subject=f.projekt or f.pulje, author=f.kommune or "",
    )
    if f.fagudvalg is None:
        f.notes.append("Udvalget, der beslutter")
    for section in t.afsnit:
        heading = section.overskrift.format_map({
            "udvalg": f.fagudvalg or "udvalget",
            "dato": day(f.moede) if f.moede else "(mødedato ikke angivet)"})
        doc.add(Heading(heading, level=section.niveau))
        for block in section.indhold:
            doc.add(*(indstilling(f, t) if block == "indstilling" else _BLOCKS[block](f)))
    return doc


def places_for_a_person(doc: PlainDoc) -> list[str]:
    """The headings under which a person must still write."""
    out: list[str] = []
    heading = ""
    for block in doc.blocks:
        if isinstance(block, Heading):
            heading = block.text
        elif any(s.placeholder for s in _spans(block)) and heading not in out:
            out.append(heading)
    return out


def _spans(block: Block) -> list[Span]:
    if isinstance(block, Para):
        return list(block.content)
    if isinstance(block, Numbered | Bullets):
        return [s for item in block.items for s in item]
    return []
