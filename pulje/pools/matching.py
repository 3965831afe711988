"""The questions of two forms matched: the same question in two rounds of a pool (or two pools),
by its stable id, and by its text where it was reworded or moved.

Used by ``pulje init --from`` (which answers carry over) and ``pulje pools diff`` (what changed
between two rounds). A question is one answer of the answer file: a section's question, or a
section that is one answer (the time plan, the budget, a free text under a heading); a ja/nej
question with its dependent answers is one.

1. A question at the same path (section id, question id) of the same kind is the same question:
   ``same`` when its text is the same (normalised: case, punctuation and spacing aside),
   ``reworded`` when not.
2. The questions left are paired by their text: same kind, normalised text similarity (the
   ratio of matching words, ``difflib``) at least ``THRESHOLD``, best pairs first. A pair in
   two sections is ``moved``; in one section with another id, ``reworded``. A question with the
   same id and kind in another section is ``moved`` whatever its text.
3. What is left is ``new`` in the new form and ``removed`` from the old.

Never a guess beyond that: a new question gets no answer from an old one that is not its match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from schemas.form import Form, FormSection, Question

#: How alike two questions' texts must be (0–1: the share of words in common, in order) to be
#: one question reworded or moved. 0.75 pairs "Hvem skriver drejebogen?" with "Hvem skriver
#: drejebogen (2017)?" and keeps "Hvordan vil drejebogen blive implementeret?" apart from
#: "Hvordan vil drejebogen blive udarbejdet?" only when a better pair exists (both are taken).
THRESHOLD = 0.75

How = Literal["same", "reworded", "moved", "new", "removed"]


@dataclass(frozen=True)
class Item:
    """A question of a form: its path in the answer file, its text, kind and section."""

    path: tuple[str, ...]
    text: str
    kind: str
    section: str
    heading: str

    @property
    def id(self) -> str:
        return self.path[-1]

    @property
    def dotted(self) -> str:
        return ".".join(self.path)


@dataclass(frozen=True)
class Match:
    """One question's fate: ``old`` and ``new`` (one is None for ``new``/``removed``)."""

    how: How
    old: Item | None
    new: Item | None
    similarity: float = 1.0


def _heading(section: FormSection) -> str:
    """The section's heading; the identification (under the form's title) by its id."""
    return section.overskrift or section.id.replace("_", " ").capitalize()


def items(form: Form) -> list[Item]:
    """The questions of ``form`` in its order (a ja/nej question with its dependants is one)."""
    out: list[Item] = []
    for q, path, section in form.walk(dependents=False):
        out.append(Item(path, _text(q, section), q.type, section.id, _heading(section)))
    return out


def _text(q: Question, section: FormSection) -> str:
    return q.tekst or (section.overskrift if section.single else None) or q.id


def normalised(text: str) -> list[str]:
    """The words of a text, case, accents' forms, punctuation and spacing aside."""
    text = unicodedata.normalize("NFC", text).casefold()
    return re.findall(r"\w+", text)


def similarity(a: str, b: str) -> float:
    """How alike two texts are, word by word (0–1)."""
    wa, wb = normalised(a), normalised(b)
    if wa == wb:
        return 1.0
    return SequenceMatcher(None, wa, wb, autojunk=False).ratio()


def match(old: Form, new: Form) -> list[Match]:
    """Every question of both forms, matched (see the module's docstring): the new form's
    questions in its order, then the old form's removed ones in theirs."""
    olds, news = items(old), items(new)
    by_path = {i.path: i for i in olds}
    found: dict[tuple[str, ...], Match] = {}
    used: set[tuple[str, ...]] = set()
    for item in news:
        twin = by_path.get(item.path)
        if twin is not None and twin.kind == item.kind:
            score = similarity(twin.text, item.text)
            found[item.path] = Match("same" if score == 1.0 else "reworded", twin, item, score)
            used.add(twin.path)
    left_new = [i for i in news if i.path not in found]
    left_old = [i for i in olds if i.path not in used]
    for n, o, score in _pairs(left_old, left_new):
        if n.path in found or o.path in used:
            continue
        how: How = "moved" if o.section != n.section else "reworded"
        found[n.path] = Match(how, o, n, score)
        used.add(o.path)
    out = [found.get(i.path) or Match("new", None, i, 0.0) for i in news]
    out += [Match("removed", i, None, 0.0) for i in olds if i.path not in used]
    return out


def _pairs(olds: list[Item], news: list[Item]) -> Iterator[tuple[Item, Item, float]]:
    """Candidate (new, old, score) pairs, best first: the same id moved to another section,
    then texts alike enough."""
    pairs: list[tuple[float, int, int, Item, Item]] = []
    for ni, n in enumerate(news):
        for oi, o in enumerate(olds):
            if o.kind != n.kind:
                continue
            score = similarity(o.text, n.text)
            same_id = o.id == n.id and o.section != n.section
            if same_id or score >= THRESHOLD:
                # the same id moved ranks above any text likeness; ties keep the forms' order
                pairs.append((2.0 + score if same_id else score, -ni, -oi, n, o))
    pairs.sort(key=lambda p: (p[0], p[1], p[2]), reverse=True)
    for score, _ni, _oi, n, o in pairs:
        yield n, o, score - 2.0 if score > 1.0 else score
