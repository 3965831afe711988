"""``pulje pools``: every round of every pool as one line of a table, filtered the way a project
office looks for a round — open now, by deadline, by applicant type, by konto, by text — and
the same rounds as JSON (``pulje``, ``runde``, ``frist`` … as pulje's other JSON), judged as of
a day (today by default).

A round is open from its opening day (``aabningsdato``) to its deadline. Where no source gives
the opening day, a deadline after the day does not make the round open: ``--open`` shows such
rounds apart, as "deadline after the day; opening date not given"."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pulje.diagnostics import N_, Translator
from pulje.pools import Pool, Runde, all_pools
from pulje.pools.deadline import Judged, Opening, judge, left, opening, today, when
from pulje.pools.facts import MARKS, Fact, facts
from pulje.pools.round import EmailKanal, PortalKanal


@dataclass(frozen=True)
class Filters:
    """What ``pulje pools`` shows: rounds open as of ``dato`` (``aaben``), with a deadline in a
    range, for an applicant type, on a konto (a prefix: ``17.46.43``), or holding a text."""

    dato: date | None = None
    aaben: bool = False
    frist_efter: date | None = None
    frist_foer: date | None = None
    ansoeger: str | None = None
    konto: str | None = None
    soeg: str | None = None

    @property
    def day(self) -> date:
        return self.dato or today()


@dataclass
class Row:
    pool: Pool
    runde: Runde
    judged: Judged

    @property
    def opening(self) -> Opening | None:
        return opening(self.runde.aabningsdato, self.judged)


@dataclass
class Listing:
    """The rounds shown, as of ``dato``, and how many there are in all."""

    dato: date
    rows: list[Row] = field(default_factory=list)
    #: With ``--open``: the rounds whose deadline lies after the day but whose opening day is
    #: not given (open only if STAR had announced them by then).
    unsure: list[Row] = field(default_factory=list)
    aaben: bool = False
    total: int = 0
    sorted_by_deadline: bool = False
    #: With ``--open`` and no round open: the latest deadline of all (pool, round, deadline).
    latest: tuple[Pool, Runde] | None = None


def _text_of(pool: Pool, r: Runde) -> str:
    """What ``--soeg`` looks in: names, notes, sources and the form's headings and questions."""
    parts: list[str] = [pool.id, pool.navn, pool.formaal or "", r.id, r.titel or "",
                        *r.bemaerkninger, r.tilskudsansvarlig or "", *(b.tekst for b in r.bilag)]
    form = r.form
    for section in form.afsnit:
        parts += [section.overskrift or "", section.intro or ""]
        parts += [q.tekst or "" for q in section.questions]
    return " ".join(parts).casefold()


def _keep(pool: Pool, r: Runde, f: Filters) -> bool:
    if f.frist_efter is not None and (r.frist is None or r.frist.dato < f.frist_efter):
        return False
    if f.frist_foer is not None and (r.frist is None or r.frist.dato > f.frist_foer):
        return False
    if f.ansoeger is not None and f.ansoeger not in r.ansoegere:
        return False
    if f.konto is not None and not any(k.startswith(f.konto.strip()) for k in r.konti):
        return False
    return not (f.soeg and f.soeg.casefold().strip() not in _text_of(pool, r))


def select(f: Filters, pools: Sequence[Pool] | None = None) -> Listing:
    """The rounds that pass the filters: by pool and round, or soonest deadline first when
    only open rounds (or a range of deadlines) are asked for."""
    found = all_pools() if pools is None else list(pools)
    out = Listing(f.day, aaben=f.aaben)
    for pool in found:
        for r in pool.runder:
            out.total += 1
            row = Row(pool, r, judge(r.frist, f.dato))
            if not _keep(pool, r, f):
                continue
            if not f.aaben or row.opening == "aaben":
                out.rows.append(row)
            elif row.opening == "aabningsdato_ukendt":
                out.unsure.append(row)
    if f.aaben and not out.rows and not out.unsure:
        dated = [(r.frist.dato, pool.id, r.id, pool, r) for pool in found for r in pool.runder
                 if r.frist is not None]
        if dated:
            *_key, pool, r = max(dated, key=lambda d: d[:3])
            out.latest = (pool, r)
    if f.aaben or f.frist_efter or f.frist_foer:
        out.sorted_by_deadline = True
        for rows in (out.rows, out.unsure):
            rows.sort(key=lambda row: (row.runde.frist.dato if row.runde.frist else date.max,
                                       row.pool.id, row.runde.id))
    return out


# --- text ------------------------------------------------------------------------------------

def _kanal(r: Runde, tr: Translator) -> str:
    if isinstance(r.kanal, EmailKanal):
        return tr.gettext("e-mail")
    if isinstance(r.kanal, PortalKanal):
        return tr.gettext("portal")
    return "?"


def _pages(r: Runde, tr: Translator) -> str:
    if r.sidegraense is not None:
        return str(r.sidegraense)
    return tr.gettext("none") if r.ingen_sidegraense else "?"


def _cells(row: Row, tr: Translator, with_pool: bool) -> list[str]:
    r = row.runde
    cells = [row.pool.id] if with_pool else []
    cells += [
        r.id,
        ", ".join(r.konti) or "?",
        when(r.frist, tr, short=True) if r.frist else "?",
        left(row.judged, tr) if r.frist else tr.gettext("deadline not given"),
        "".join(MARKS[a] for a in r.ansoegere) or "?",
        _kanal(r, tr),
        _pages(r, tr),
        tr.gettext("skeleton") if r.skeleton else tr.gettext("form"),
    ]
    if r.frist is not None and r.frist.tid is None:
        cells[-6] += " *"  # the deadline's day without a time of day: see the legend
    if row.opening == "ikke_aabnet" and r.aabningsdato is not None:
        cells[-5] += " " + tr.format(N_("(opens {date})"), {"date": r.aabningsdato})
    return cells


def _table(head: list[str], rows: list[list[str]], indent: str = "") -> list[str]:
    widths = [max(len(c) for c in column) for column in zip(head, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        return (indent + "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True))
                ).rstrip()

    return [line(head), *(line(r) for r in rows)]


def render_text(listing: Listing, tr: Translator) -> str:
    """The table: a block per pool (its id and name, then a line per round), or one table by
    deadline when the rounds are sorted so; a legend and the day they were judged as of."""
    if not listing.total:
        return tr.gettext("No pools found.")
    if not listing.rows and not listing.unsure:
        empty = tr.format(N_("No round matches (of {total}; judged as of {date})."),
                          {"total": listing.total, "date": listing.dato})
        if listing.latest is None:
            return empty
        pool, r = listing.latest
        assert r.frist is not None
        return "\n".join([empty, tr.format(
            N_("The latest deadline pulje knows is {deadline} ({pool} {round}). A new round is "
               "added as data (README: 'Sådan tilføjes en runde'); --dato judges the deadlines "
               "as of another day."),
            {"deadline": r.frist.dato, "pool": pool.id, "round": r.id})])
    head = [tr.gettext("Round"), tr.gettext("Account"), tr.gettext("Deadline"),
            tr.gettext("Days left"), tr.gettext("Appl."), tr.gettext("Channel"),
            tr.gettext("Pages"), tr.gettext("Form")]
    lines: list[str] = []
    if listing.aaben:
        lines += _open_tables(listing, [tr.gettext("Pool"), *head], tr)
    elif listing.sorted_by_deadline:
        table = _table([tr.gettext("Pool"), *head],
                       [_cells(row, tr, True) for row in listing.rows])
        lines += table
    else:
        rows = [_cells(row, tr, False) for row in listing.rows]
        table = _table(head, rows, "  ")
        lines.append(table[0])
        current = None
        for row, text in zip(listing.rows, table[1:], strict=True):
            if row.pool.id != current:
                current = row.pool.id
                lines.append(f"{row.pool.id}: {row.pool.navn}")
            lines.append(text)
    summary = (tr.format(N_("{open} open and {unsure} with the opening date not given, of "
                            "{total} rounds, judged as of {date}."),
                         {"open": len(listing.rows), "unsure": len(listing.unsure),
                          "total": listing.total, "date": listing.dato})
               if listing.aaben else
               tr.format(N_("{rounds} of {total} rounds, judged as of {date}."),
                         {"rounds": len(listing.rows), "total": listing.total,
                          "date": listing.dato}))
    lines += [
        "",
        summary,
        tr.gettext("Applicants: K municipalities, A unemployment funds, B broad. * the time of "
                   "day is not given. ? not given."),
        tr.gettext("skeleton: STAR's own questions are not transcribed; the form is STAR's "
                   "common skeleton with the round's required contents — compare with STAR's "
                   "own form."),
        tr.gettext("All facts of a round: pulje pools show POOL --runde ROUND"),
    ]
    return "\n".join(lines)


def _open_tables(listing: Listing, head: list[str], tr: Translator) -> list[str]:
    """``--open``: the rounds open on the day (opened, deadline not passed), then apart those
    whose deadline lies after the day but whose opening day no source gives."""
    lines: list[str] = []
    if listing.rows:
        lines += _table(head, [_cells(row, tr, True) for row in listing.rows])
    else:
        lines.append(tr.format(N_("No round is known to be open on {date}."),
                               {"date": listing.dato}))
    if listing.unsure:
        lines += ["", tr.format(
            N_("Deadline after {date}; opening date not given ({count}): open only if STAR had "
               "announced the round by then."),
            {"date": listing.dato, "count": len(listing.unsure)})]
        lines += _table(head, [_cells(row, tr, True) for row in listing.unsure])
    return lines


# --- JSON ------------------------------------------------------------------------------------

def _money(value: Any) -> str | None:
    return None if value is None else f"{value:.2f}"


def round_record(pool: Pool, r: Runde, judged: Judged) -> dict[str, Any]:
    """A round as JSON: pulje's keys (``pulje``, ``runde``, amounts as kroner text)."""
    frist = r.frist
    tidspunkt = frist.tidspunkt if frist is not None else None
    return {
        "pulje": pool.id,
        "pulje_navn": pool.navn,
        "runde": r.id,
        "titel": r.titel,
        "konti": list(r.konti),
        "frist": (tidspunkt.isoformat() if tidspunkt is not None
                  else frist.dato.isoformat() if frist is not None else None),
        "frist_tid_oplyst": frist is not None and frist.tid is not None,
        "status": judged.state,
        "dage_tilbage": judged.days,
        "aabningsdato": r.aabningsdato.isoformat() if r.aabningsdato is not None else None,
        "aabning": opening(r.aabningsdato, judged),
        "ansoegere": list(r.ansoegere),
        "ikke_ansoegere": list(r.ikke_ansoegere),
        "faelles": r.faelles,
        "kanal": r.kanal.type if r.kanal is not None else None,
        "sidegraense": r.sidegraense,
        "ingen_sidegraense": r.ingen_sidegraense,
        "maksimum": _money(r.maksimum),
        "puljebeloeb": _money(r.puljebeloeb),
        "skema_kilde": r.skema_kilde,
        "kilde": ([r.kilde] if isinstance(r.kilde, str) else list(r.kilde or [])),
    }


def render_json(listing: Listing) -> str:
    return json.dumps({
        "dato": listing.dato.isoformat(),
        "antal": len(listing.rows) + len(listing.unsure),
        "i_alt": listing.total,
        "runder": [round_record(row.pool, row.runde, row.judged)
                   for row in (*listing.rows, *listing.unsure)],
    }, ensure_ascii=False, indent=2)


# --- one round -------------------------------------------------------------------------------

#: The form's title as the form prints it ("Ansøgningsskema for …"): given by the caller (the
#: documents layer renders it), so that this layer shows it without knowing the template.
TitleOf = Callable[[Pool, Runde], str]


def section_titles(pool: Pool, r: Runde, tr: Translator, title: TitleOf) -> list[str]:
    """The form's sections as the form prints them: each by its heading; a part without a
    heading of its own (the identification, a shared ``del:`` section) stands under the form's
    title, so it is shown by that title, never by its id."""
    out = []
    for s in r.form.afsnit:
        if s.overskrift:
            out.append(s.overskrift)
        else:
            out.append(tr.format(N_("{title} (the form's title; the identification below it)"),
                                 {"title": title(pool, r)}))
    return out


def show(pool: Pool, runde_id: str | None, tr: Translator, dato: date | None = None, *,
         title: TitleOf) -> str:
    """Every fact of a round (or of each round of the pool) and its sources; the form's
    sections by the titles the form prints (``title``: the form's title)."""
    rounds = [pool.runde(runde_id)] if runde_id is not None else list(pool.runder)
    blocks = []
    for r in rounds:
        lines = [f"{pool.navn} ({pool.id}), {tr.gettext('round')} {r.id}"]
        lines.append(f"  {tr.gettext('Authority')}: {pool.styrelse}")
        for fact in facts(r, tr, dato):
            lines += _fact_lines(fact)
        lines.append(f"  {tr.gettext('Sections of the form')}:")
        lines += [f"    {text}" for text in section_titles(pool, r, tr, title)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _fact_lines(fact: Fact) -> list[str]:
    first, *rest = fact.text.split("\n")
    if not rest:
        return [f"  {fact.label}: {first}"]
    return [f"  {fact.label}:", *(f"    {line}" for line in (first, *rest))]


def show_json(pool: Pool, runde_id: str | None, tr: Translator,
              dato: date | None = None, *, title: TitleOf) -> str:
    rounds = [pool.runde(runde_id)] if runde_id is not None else list(pool.runder)
    out = []
    for r in rounds:
        record = round_record(pool, r, judge(r.frist, dato))
        record["fakta"] = {f.key: f.text for f in facts(r, tr, dato)}
        record["runde_data"] = r.model_dump(mode="json")
        record["afsnit"] = [{"id": s.id, "overskrift": s.overskrift, "vises_som": text}
                            for s, text in zip(r.form.afsnit, section_titles(pool, r, tr, title),
                                               strict=True)]
        out.append(record)
    return json.dumps(out, ensure_ascii=False, indent=2)
