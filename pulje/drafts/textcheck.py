"""What can be checked in a document's text alone (a PDF, or a Word file without controls):
which of the form's headings and questions it has, and the amount applied for.

The text comes from a laid-out PDF, page by page. Lines repeated at the top or bottom of most
pages (the header with the pool's name, "Side 3 af 14") are dropped first. Texts are then
compared with case, spaces, line breaks, hyphens and soft hyphens ignored, so a question broken
over three lines or a word hyphenated at a line end still matches. In the form a question
stands in the left column of a table and its answer in the right; where a row breaks over a
page, the PDF's text has the rest of the question after the first part of the answer, so a
question may be found in up to three pieces, in order and close together.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from pulje.diagnostics import N_, Diagnostic, Kr, Location
from pulje.documents.word.styles import STYLE_QUESTION
from pulje.drafts import codes
from pulje.drafts.controls import run_text, w
from pulje.drafts.package import open_docx
from pulje.drafts.reader import blank_form
from pulje.pools import Pool, Runde, all_pools
from schemas.types import parse_money

AMOUNT_LABEL = "Angiv det ansøgte beløb"
APPLIED = "oekonomi.ansoegt_beloeb"
MAX_PIECES = 3
MAX_GAP = 4000  # characters of (normalised) answer text between two pieces of a question
MIN_PIECE = 6
_DROP = re.compile(r"[\s\u00ad\u200b\u2010\u2011\u2012\u2013\u2014\-¬]+")
_AMOUNT = re.compile(r"(\d{1,3}(?:[.\u00a0 ]\d{3})+|\d+)(?:,(\d{1,2}))?(?!\d)")


def normal(text: str) -> str:
    """Case, spaces, line breaks and hyphens out: what is compared."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text).casefold())


def _line_key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()))


def body_text(pages: Sequence[str], keep: Collection[str] = ()) -> str:
    """The pages' text without repeated headers and footers, pages joined by newlines.

    Lines in ``keep`` (such as a placeholder that ends many pages) are never taken for a
    header or footer."""
    if len(pages) < 2:
        return "\n".join(pages)
    seen: Counter[str] = Counter()
    split = [[ln for ln in page.splitlines() if ln.strip()] for page in pages]
    for lines in split:
        seen.update({_line_key(ln) for ln in lines[:2] + lines[-2:]})
    kept = {_line_key(k) for k in keep}
    furniture = {k for k, n in seen.items() if n >= 2 and n * 2 > len(pages) and k not in kept}
    out: list[str] = []
    for lines in split:
        keep = list(lines)
        while keep[:1] and _line_key(keep[0]) in furniture:
            keep.pop(0)
        while keep[-1:] and _line_key(keep[-1]) in furniture:
            keep.pop()
        out.append("\n".join(keep))
    return "\n".join(out)


def _longest_prefix(needle: str, hay: str, start: int, end: int) -> tuple[int, int]:
    """(length, position) of the longest prefix of ``needle`` found in ``hay[start:end]``."""
    low, high, where = 0, len(needle), -1
    while low < high:
        mid = (low + high + 1) // 2
        pos = hay.find(needle[:mid], start, end)
        if pos >= 0:
            low, where = mid, pos
        else:
            high = mid - 1
    if low and where < 0:
        where = hay.find(needle[:low], start, end)
    return low, where


def contains(hay: str, text: str) -> bool:
    """Whether the normalised ``hay`` holds ``text`` whole, or in up to ``MAX_PIECES`` pieces
    in order with at most ``MAX_GAP`` characters between them."""
    needle = normal(text)
    if not needle:
        return True
    if needle in hay:
        return True
    start = 0
    while True:
        first, pos = _longest_prefix(needle, hay, start, len(hay))
        if first < MIN_PIECE or pos < 0:
            return False
        if _rest_follows(needle[first:], hay, pos + first, 1):
            return True
        start = pos + 1


def _rest_follows(rest: str, hay: str, cursor: int, pieces: int) -> bool:
    while rest:
        pieces += 1
        if pieces > MAX_PIECES:
            return False
        length, pos = _longest_prefix(rest, hay, cursor, cursor + MAX_GAP + len(rest))
        if length < min(MIN_PIECE, len(rest)) or pos < 0:
            return False
        rest, cursor = rest[length:], pos + length
    return True


@lru_cache(maxsize=8)
def form_questions(pool_id: str, runde_id: str) -> tuple[tuple[str, str], ...]:
    """(section heading, question) for the form's questions and answer labels, as the blank
    form prints them, in order."""
    package = open_docx(blank_form(pool_id, runde_id), "blank.docx")
    styles = package.xml("word/styles.xml") if package.has("word/styles.xml") else None
    questions, headings = {STYLE_QUESTION}, {"Heading1", "Title"}
    if styles is not None:
        for style in styles.iter(w("style")):
            name = style.find(w("name"))
            value = name.get(w("val")) if name is not None else None
            if value == STYLE_QUESTION:
                questions.add(style.get(w("styleId"), ""))
            elif value in ("heading 1", "Title"):
                headings.add(style.get(w("styleId"), ""))
    out: list[tuple[str, str]] = []
    section = ""
    for p in package.xml(package.main).iter(w("p")):
        style = p.find(f"{w('pPr')}/{w('pStyle')}")
        value = style.get(w("val")) if style is not None else None
        text = " ".join(run_text(p).split())
        if value in headings and text:
            section = text
        elif value in questions and text:
            out.append((section, text))
    return tuple(out)


def pool_in_text(pages: Sequence[str]) -> Pool | None:
    """The pool whose name stands on the first page (the form's title and header)."""
    first = normal(" ".join(pages[:1]))
    for pool in all_pools():
        if normal(pool.navn) in first:
            return pool
    return None


def round_in_text(pool: Pool, pages: Sequence[str]) -> Runde:
    """The round of ``pool`` whose form the text shows best: the most of its headings and
    questions found (the newest round on a tie). Rounds of one pool share a name; their
    forms differ (Den centrale pulje 2017 asks for one of two temaer, 2019 for success
    criteria)."""
    if len(pool.runder) == 1:
        return pool.runde()
    hay = normal(body_text(pages))

    def score(runde: Runde) -> int:
        form = runde.form
        texts = [s.overskrift for s in form.afsnit if s.overskrift]
        texts += [q.tekst for q, _path, _s in form.walk(dependents=False) if q.tekst]
        return sum(1 for text in texts if contains(hay, text))

    return max(enumerate(pool.runder), key=lambda pair: (score(pair[1]), pair[0]))[1]


def amount_label(runde: Runde) -> str | None:
    """The words the round's form asks for the amount applied for with ("Angiv det ansøgte
    beløb"; Den centrale pulje: "Ansøgt beløb"), or None when it does not ask."""
    found = runde.form.question_at(APPLIED)
    if found is None:
        return None
    return found[0].tekst or AMOUNT_LABEL


@dataclass
class TextFindings:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    amount: Decimal | None = None
    found_headings: int = 0
    found_questions: int = 0


def read_amount(text: str, label_text: str = AMOUNT_LABEL) -> Decimal | None:
    """The amount after ``label_text`` ("Angiv det ansøgte beløb") in a page text, if one
    stands there: after the first place the words stand with an amount after them (the words
    may stand in a heading too: "Budget, herunder ansøgt beløb")."""
    letters = [c for c in normal(label_text)]
    gap = r"[\s\u00ad\u200b\-]*"
    label = re.compile(gap.join(re.escape(c) for c in letters), re.IGNORECASE)
    folded = unicodedata.normalize("NFKC", text)
    for match in label.finditer(folded.casefold()):
        window = folded[match.end(): match.end() + 80]
        found = _AMOUNT.search(window)
        if found is None:
            continue
        whole = re.sub(r"[.\u00a0 ]", "", found.group(1))
        try:
            return parse_money(f"{whole},{found.group(2)}" if found.group(2) else whole)
        except ValueError:
            continue
    return None


def text_findings(file: str, pages: Sequence[str], pool: Pool, runde_id: str,
                  headings: Sequence[tuple[str, str]]) -> TextFindings:
    """DOC009/DOC010 for missing headings and questions, DOC011/DOC012 for the amount."""
    out = TextFindings()
    body = body_text(pages)
    hay = normal(body)
    form = pool.runde(runde_id).form
    switched = form.switches  # sections shown only when chosen: they may be left out
    optional = {part.overskrift for key in switched if (part := form.section(key)) is not None}
    for key, title in headings:
        if contains(hay, title):
            out.found_headings += 1
            continue
        if key in switched:
            continue
        out.diagnostics.append(codes.DOC009(
            N_("The form's heading \"{title}\" is not in the document."),
            N_("Use the pool's form ('pulje init {pool} --docx FILE'); keep every heading "
               "and question."),
            title=title, pool=pool.id,
        ).at(Location(file, section=title)))
    for section, question in form_questions(pool.id, runde_id):
        if section in optional:
            continue
        if contains(hay, question):
            out.found_questions += 1
            continue
        out.diagnostics.append(codes.DOC010(
            N_("The form's question \"{question}\" is not in the document."),
            N_("Keep every question of the form, also those you do not answer."),
            question=question,
        ).at(Location(file, section=section or None)))
    label = amount_label(pool.runde(runde_id))
    if label is None:
        return out
    out.amount = read_amount(body, label)
    if out.amount is None:
        out.diagnostics.append(codes.DOC012(
            N_("No amount was found after \"{label}\"."),
            N_("Write the amount applied for in the form, e.g. 2.150.000,00 kr."),
            label=label,
        ).at(Location(file, section=label)))
    else:
        out.diagnostics.append(codes.DOC011(
            N_("Amount applied for: {amount}"), "", amount=Kr(out.amount),
        ).at(Location(file, section=label)))
    return out
