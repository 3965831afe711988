"""What a reader sees in a document's text that says it is not finished: the UDKAST mark,
placeholder text left in answers, and answers left empty — and whether the document is the
budget attachment rather than the form.

Empty answers are found against the blank form of the pool's round: in it, every answer is a
content control between two pieces of the form's fixed text (a question and the next
question, heading or table header). When a document's text has those two pieces directly one
after the other, with nothing between them, the answer between them is empty. Only answers
that must be given count (the questions of the form and the identification's fields, as
``checks.text`` asks for them), so a question that applies only sometimes is never reported.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from pulje.diagnostics import N_, NP_, Count, Diagnostic, Kr, Location, Msg, Plural
from pulje.diagnostics.i18n import PAGES
from pulje.documents.budget import APPLIED_LABEL, TITLE
from pulje.drafts import codes
from pulje.drafts.controls import PLACEHOLDERS, w
from pulje.drafts.fields import resolve
from pulje.drafts.package import open_docx
from pulje.drafts.reader import blank_form
from pulje.drafts.textcheck import body_text, normal
from pulje.pools import Pool, load_pool
from schemas.form import Form
from schemas.types import parse_money

DRAFT_MARK = "UDKAST"
_MARK = re.compile(rf"(?<![^\W\d_]){DRAFT_MARK}(?![^\W\d_])")
#: pulje's placeholders, and Word's own in Danish and English.
PLACEHOLDER_TEXTS = (*sorted(PLACEHOLDERS), "Click or tap here to enter text.",
                     "Click here to enter text.", "Klik her for at skrive tekst.")
_AMOUNT = re.compile(r"\d{1,3}(?:[.\u00a0 ]\d{3})+(?:,\d{1,2})?|\d+(?:,\d{1,2})?")


def _pages(numbers: Sequence[int]) -> str:
    return ", ".join(str(n) for n in numbers[:10]) + (" …" if len(numbers) > 10 else "")


def draft_mark(file: str, pages: Sequence[str]) -> list[Diagnostic]:
    """DOC020 when a page says UDKAST in capitals (the mark of ``pulje build --draft``)."""
    marked = [n for n, text in enumerate(pages, start=1)
              if _MARK.search(unicodedata.normalize("NFKC", text))]
    if not marked:
        return []
    return [codes.DOC020(
        N_("The document is marked {mark} (page {pages}): it is a draft, not the final "
           "application."),
        N_("Build the final documents without --draft (pulje build), or remove the mark."),
        file=file, mark=DRAFT_MARK, pages=_pages(marked),
    ).at(Location(file, page=marked[0]))]


def placeholders(file: str, pages: Sequence[str]) -> list[Diagnostic]:
    """DOC021 when answers still show a placeholder ("Klik eller tryk her for at skrive
    tekst.", "Skriv her")."""
    needles = [normal(t) for t in PLACEHOLDER_TEXTS]
    found: list[int] = []
    total = 0
    for number, text in enumerate(pages, start=1):
        hay = normal(text)
        hits = sum(hay.count(n) for n in needles)
        if hits:
            found.append(number)
            total += hits
    if not total:
        return []
    return [codes.DOC021(
        Plural(NP_("{count} answer still shows the form's placeholder text (page {pages}): "
                   "it is not filled in.",
                   "{count} answers still show the form's placeholder text (page {pages}): "
                   "they are not filled in."), "count"),
        N_("Write the answers in place of the grey placeholder text."),
        count=total, file=file, pages=_pages(found),
    ).at(Location(file, page=found[0]))]


# --- empty answers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """Answers of the blank form between two pieces of fixed text, as normalised texts
    (``after`` is empty for the form's last answers)."""

    section: str
    question: str
    before: str
    after: str


def _tag(sdt: Any) -> str:
    node = sdt.find(f"{w('sdtPr')}/{w('tag')}")
    return (node.get(w("val")) or "").strip() if node is not None else ""


def _styles(package: Any) -> tuple[set[str], set[str]]:
    from pulje.documents.word.styles import STYLE_QUESTION

    questions, headings = {STYLE_QUESTION}, {"Heading1", "Title"}
    if package.has("word/styles.xml"):
        for style in package.xml("word/styles.xml").iter(w("style")):
            name = style.find(w("name"))
            value = name.get(w("val")) if name is not None else None
            if value == STYLE_QUESTION:
                questions.add(style.get(w("styleId"), ""))
            elif value in ("heading 1", "Title"):
                headings.add(style.get(w("styleId"), ""))
    return questions, headings


_SKIP = {w("pPr"), w("rPr"), w("sdtPr"), w("sdtEndPr"), w("sectPr"), w("tblPr"), w("trPr"),
         w("tcPr"), w("tblGrid"), w("del"), w("instrText"), w("delText")}


def _atoms(package: Any) -> list[tuple[str, str, str]]:
    """The blank form in document order: ("text", text, style) and ("slot", tag, "")."""
    root = package.xml(package.main)
    atoms: list[tuple[str, str, str]] = []

    def slot_or_descend(sdt: Any, inline: Any) -> None:
        content = sdt.find(w("sdtContent"))
        tagged = _tag(sdt)
        holds_tags = content is not None and any(_tag(s) for s in content.iter(w("sdt")))
        if tagged and not holds_tags:
            atoms.append(("slot", tagged, ""))
        elif content is not None:
            inline(content)

    def block(node: Any) -> None:
        for child in node:
            if not isinstance(child.tag, str) or child.tag in _SKIP:
                continue
            if child.tag == w("sdt"):
                slot_or_descend(child, block)
            elif child.tag == w("p"):
                paragraph(child)
            else:
                block(child)

    def paragraph(p: Any) -> None:
        style_node = p.find(f"{w('pPr')}/{w('pStyle')}")
        style = style_node.get(w("val"), "") if style_node is not None else ""
        parts: list[str] = []

        def flush() -> None:
            text = " ".join("".join(parts).split())
            if text:
                atoms.append(("text", text, style))
            parts.clear()

        def inline(node: Any) -> None:
            for child in node:
                if not isinstance(child.tag, str) or child.tag in _SKIP:
                    continue
                if child.tag == w("sdt") and _tag(child):
                    flush()
                    slot_or_descend(child, inline)
                elif child.tag == w("t"):
                    parts.append(child.text or "")
                elif child.tag in (w("tab"), w("br"), w("cr")):
                    parts.append(" ")
                else:
                    inline(child)

        inline(p)
        flush()

    body = root.find(w("body"))
    if body is not None:
        block(body)
    return atoms


def _required(form: Form, tag: str) -> bool:
    """Whether the field a tag stands for must be answered (as ``checks.text`` asks)."""
    spec = resolve(form, tag)
    return spec is not None and spec.required and not (spec.in_list or spec.container)


#: How much of the fixed text after an answer (normalised characters, whole pieces) must follow
#: its question for the answer to count as empty: one short piece is not enough, as an answer
#: can begin with the same words as the heading after it (a choice "Spor 1" before the
#: section "Spor 1").
AFTER_MIN = 40


@lru_cache(maxsize=8)
def answer_slots(pool_id: str, runde_id: str) -> tuple[Slot, ...]:
    """The blank form's answers that must be given, each between two pieces of fixed text."""
    package = open_docx(blank_form(pool_id, runde_id), "blank.docx")
    questions, headings = _styles(package)
    model = load_pool(pool_id).runde(runde_id).form
    out: list[Slot] = []
    section = question = before = ""
    tags: list[str] = []
    growing = False  # the last slot's ``after`` takes the next fixed text too
    for kind, value, style in _atoms(package):
        if kind == "slot":
            tags.append(value)
            growing = False
            continue
        if tags and before and any(_required(model, t) for t in tags):
            out.append(Slot(section, question, normal(before), normal(value)))
            growing = True
        elif growing and len(out[-1].after) < AFTER_MIN:
            last = out[-1]
            out[-1] = Slot(last.section, last.question, last.before, last.after + normal(value))
        tags = []
        if style in headings:
            section = value
        elif style in questions:
            question = value
        before = value
    if tags and before and any(_required(model, t) for t in tags):
        out.append(Slot(section, question, normal(before), ""))  # the last answer
    return tuple(out)


def _positions(hay: str, needle: str) -> list[int]:
    found, start = [], hay.find(needle)
    while start >= 0:
        found.append(start)
        start = hay.find(needle, start + 1)
    return found


def empty_answers(file: str, pages: Sequence[str], pool: Pool, runde_id: str,
                  headings: Sequence[tuple[str, str]]) -> list[Diagnostic]:
    """DOC022 for each answer that must be given and stands empty in the document."""
    hay = normal(body_text(pages, keep=PLACEHOLDER_TEXTS))
    starts: list[tuple[int, str]] = []
    cursor = 0
    for _key, title in headings:
        at = hay.find(normal(title), cursor)
        if at >= 0:
            starts.append((at, title))
            cursor = at + 1

    def section_at(position: int) -> str:
        current = ""
        for at, title in starts:
            if at > position:
                break
            current = title
        return current

    out: list[Diagnostic] = []
    for slot in answer_slots(pool.id, runde_id):
        if not slot.before:
            continue
        if slot.after:
            hits = _positions(hay, slot.before + slot.after)
        else:  # the form's last answer: nothing may follow its question
            hits = [len(hay) - len(slot.before)] if hay.endswith(slot.before) else []
        if not any(section_at(at) == slot.section for at in hits):
            continue
        out.append(codes.DOC022(
            N_("The answer to \"{question}\" is empty."),
            N_("Write the answer in the form, next to or under the question."),
            question=slot.question or slot.section,
        ).at(Location(file, section=slot.section or None)))
    return out


# --- the budget attachment ---------------------------------------------------------------------


def is_budget_attachment(pages: Sequence[str]) -> bool:
    """Whether the document is pulje's budget attachment ("Bilag: Detaljeret budget")."""
    return bool(pages) and normal(TITLE) in normal(pages[0])


def attachment_amount(pages: Sequence[str]) -> Decimal | None:
    """The amount on the line "Ansøgt fra puljen … 2.150.000,00" of the attachment's text."""
    label = normal(APPLIED_LABEL)
    for text in pages:
        for line in text.splitlines():
            if normal(line).startswith(label):
                found = _AMOUNT.findall(line)
                if not found:
                    continue
                whole = re.sub(r"[.\u00a0 ]", "", found[-1])
                try:
                    return parse_money(whole)
                except ValueError:
                    return None
    return None


def attachment_findings(file: str, amount: Decimal | None, form: str | None,
                        form_amount: Decimal | None, pages: int | None) -> list[Diagnostic]:
    """DOC024 (the attachment, of which form) and DOC025 (its amount differs from the form's)."""
    where = Location(file)
    out = [codes.DOC024(
        N_("The budget attachment of the application {form} ({pages}, not counted in the "
           "form's page limit).") if form else
        N_("The budget attachment of an application ({pages}, not counted in the form's page "
           "limit)."),
        "", file=file, form=form or "",
        pages=Count(pages, *PAGES) if pages is not None else Msg(N_("pages unknown")),
    ).at(where)]
    if amount is not None and form_amount is not None and amount != form_amount:
        out.append(codes.DOC025(
            N_("The amount applied for differs: {amount} in the budget attachment, {form_amount} "
               "in the form {form}."),
            N_("Make the two agree: build both from the same answer file (pulje build)."),
            amount=Kr(amount), form=form or "", form_amount=Kr(form_amount),
        ).at(Location(file, section=APPLIED_LABEL)))
    return out
