"""PAG: the application keeps within the pool's page limit, and the user learns where to cut.

Pure functions over page counts and section spans; the build supplies them from the PDF.
"""

from __future__ import annotations

from collections.abc import Sequence

from pulje.diagnostics import N_, NP_, Diagnostic, Location, Plural, Severity
from pulje.diagnostics.codes import define
from pulje.office import SectionSpan, beyond_limit

PAG001 = define(
    "PAG001", Severity.FEJL, "Ansøgningen fylder flere sider end puljen tillader",
    'Runden: sidegraense (skemaet: "Ansøgningen må fylde maks. 15 sider.")',
)
PAG002 = define(
    "PAG002", Severity.ADVARSEL, "Ansøgningen er tæt på sidegrænsen (90 % eller mere)",
    "Projektkontorets praksis: advar nær en grænse, fejl over den (som NIH eRA)",
)
PAG003 = define("PAG003", Severity.FEJL, "Dokumentet kunne ikke gøres til PDF",
                "LibreOffice headless (sidetal findes kun i et opsat dokument)")
PAG004 = define("PAG004", Severity.ADVARSEL,
                "Et afsnits overskrift blev ikke fundet i PDF'en; siderne pr. afsnit er usikre",
                "Skabelonens overskrifter (documents/form.py: section_headings)")

WARN_SHARE = 0.9


def page_findings(
    document: str, pages: int, limit: int | None, spans: Sequence[SectionSpan],
    expected: Sequence[tuple[str, str]] = (),
) -> list[Diagnostic]:
    """PAG findings for a document of ``pages`` pages against the round's ``limit`` (None: the
    round has no page limit)."""
    out: list[Diagnostic] = []
    if limit is None:
        pass
    elif pages > limit:
        over = beyond_limit(spans, limit)
        names = ", ".join(f"{s.title} (s. {s.start_page}–{s.end_page})" for s in over) or "-"
        out.append(PAG001(
            N_("The application is {pages} pages; the pool allows {limit}."),
            Plural(NP_("Shorten the answers by {excess} page. Beyond page {limit}: "
                       "{sections}.",
                       "Shorten the answers by {excess} pages. Beyond page {limit}: "
                       "{sections}."), "excess"),
            pages=pages, limit=limit, excess=pages - limit, sections=names,
        ).at(Location(document, page=limit + 1, section=over[0].title if over else None)))
    elif pages >= WARN_SHARE * limit:
        out.append(PAG002(
            N_("The application is {pages} of at most {limit} pages."),
            N_("There is little room left: longer answers may push it over the limit."),
            pages=pages, limit=limit,
        ).at(Location(document, page=pages)))
    found = {s.key for s in spans}
    for key, title in expected:
        if key not in found:
            out.append(PAG004(
                N_("The heading \"{title}\" was not found in the PDF."),
                N_("Check that the section is in the document; its pages are not counted."),
                title=title,
            ).at(Location(document, section=title)))
    return out


def at_least_finding(
    location: Location, at_least: int, limit: int, longest: tuple[str, int] | None = None,
) -> Diagnostic:
    """PAG001 for a document whose text alone needs more pages than ``limit`` (a lower bound
    found without laying it out, see ``office.estimate``). ``longest`` is the longest answer
    (its place, as the answer file names it, and its words), where the user should cut."""
    if longest is None:
        hint = N_("Shorten the answers: even in the tightest layout the text needs more than "
                  "{limit} pages.")
        return PAG001(
            N_("The application needs at least {pages} pages; the pool allows {limit}."),
            hint, pages=at_least, limit=limit,
        ).at(location)
    return PAG001(
        N_("The application needs at least {pages} pages; the pool allows {limit}."),
        N_("Shorten the answers: even in the tightest layout the text needs more than {limit} "
           "pages. The longest answer is {field}, with {words} words."),
        pages=at_least, limit=limit, field=longest[0], words=longest[1],
    ).at(location)
