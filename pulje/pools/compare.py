"""``pulje pools diff POOL A B``: what changed between two rounds of a pool — each fact that
differs (old → new), and the questions of the form: new, reworded, changed, moved and removed
(matched by ``pulje.pools.matching``).

A question at the same place in both forms answered in another way (the time plan: a free text
in a round without a project period, a grid of years and quarters in one with it) is one
question *changed*, shown once with what changed — not as new and removed. ``matching`` keeps
them apart (an answer of one kind is never carried to another), so they are paired here."""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass, field
from typing import Any

from pulje.diagnostics import N_, Translator
from pulje.pools import load_pool
from pulje.pools.facts import Fact, facts
from pulje.pools.matching import Item, Match, match, similarity


@dataclass
class RoundDiff:
    pulje: str
    navn: str
    old: str
    new: str
    facts: list[tuple[Fact, Fact]] = field(default_factory=list)
    questions: list[Match] = field(default_factory=list)
    #: Questions at the same place answered in another way (old, new).
    changed: list[tuple[Item, Item]] = field(default_factory=list)

    @property
    def changed_questions(self) -> list[Match]:
        return [m for m in self.questions if m.how != "same"]


def _pair_changed(matches: list[Match]) -> tuple[list[Match], list[tuple[Item, Item]]]:
    """A new and a removed question at the same path (another kind of answer) as one changed
    question; the other matches as they are."""
    removed = {m.old.path: m.old for m in matches if m.how == "removed" and m.old is not None}
    paired = {m.new.path for m in matches
              if m.how == "new" and m.new is not None and m.new.path in removed}
    changed = [(removed[m.new.path], m.new) for m in matches
               if m.how == "new" and m.new is not None and m.new.path in paired]
    rest = [m for m in matches
            if not (m.how == "new" and m.new is not None and m.new.path in paired)
            and not (m.how == "removed" and m.old is not None and m.old.path in paired)]
    return rest, changed


def compare_rounds(pool_id: str, old_id: str, new_id: str, tr: Translator) -> RoundDiff:
    """The differences between rounds ``old_id`` and ``new_id`` of ``pool_id``."""
    pool = load_pool(pool_id)
    old, new = pool.runde(old_id), pool.runde(new_id)
    out = RoundDiff(pool.id, pool.navn, old.id, new.id)
    # The deadline is compared as a day and time, not as days left.
    before = {f.key: f for f in facts(old, tr, days=False)}
    for after in facts(new, tr, days=False):
        was = before.get(after.key)
        if was is not None and was.text != after.text:
            out.facts.append((was, after))
    out.questions, out.changed = _pair_changed(match(old.form, new.form))
    return out


WIDTH = 96
_HOW = {"new": N_("New"), "reworded": N_("Reworded"), "changed": N_("Changed"),
        "moved": N_("Moved"), "removed": N_("Removed")}
#: How an answer of a kind reads in "answered as … → …" (other kinds by their word).
_KIND = {"tekst": N_("free text"), "tidsplan": N_("time plan (year → quarter → activities)"),
         "linje": N_("one line"), "linjer": N_("lines"), "budget": N_("budget")}


def render_text(diff: RoundDiff, tr: Translator) -> str:
    """The differences as a person reads them (Danish by default)."""
    lines = [tr.format(N_("{pool}: round {old} → round {new}"),
                       {"pool": f"{diff.navn} ({diff.pulje})", "old": diff.old,
                        "new": diff.new})]
    lines += ["", tr.gettext("Facts")]
    if not diff.facts:
        lines.append(f"  {tr.gettext('No fact changed.')}")
    for was, now in diff.facts:
        lines.append(f"  {now.label}:")
        for sign, fact in (("-", was), ("+", now)):
            for line in fact.text.split("\n"):
                lines += textwrap.wrap(line, WIDTH, initial_indent=f"    {sign} ",
                                       subsequent_indent="      ", break_long_words=False,
                                       break_on_hyphens=False)
    lines += ["", tr.gettext("Questions")]
    changed = diff.changed_questions
    if not changed and not diff.changed:
        lines.append(f"  {tr.gettext('The form asks the same questions.')}")
    for how in ("new", "reworded", "changed", "moved", "removed"):
        texts = ([_changed(old, new, tr) for old, new in diff.changed] if how == "changed"
                 else [_question(m, tr) for m in changed if m.how == how])
        if not texts:
            continue
        lines.append(f"  {tr.gettext(_HOW[how])} ({len(texts)}):")
        for text in texts:
            for n, line in enumerate(text):
                lines += textwrap.wrap(line, WIDTH, initial_indent="    ",
                                       subsequent_indent="        " if n == 0 else "      ",
                                       break_long_words=False, break_on_hyphens=False)
    same = len(diff.questions) - len(changed)
    lines += ["", tr.format(N_("{same} questions are the same."), {"same": same})]
    return "\n".join(lines)


def _question(m: Match, tr: Translator) -> list[str]:
    if m.how == "new" and m.new is not None:
        return [f"{m.new.heading}: {m.new.text} [{m.new.dotted}]"]
    if m.how == "removed" and m.old is not None:
        return [f"{m.old.heading}: {m.old.text} [{m.old.dotted}]"]
    assert m.old is not None and m.new is not None
    out = [f"{m.new.heading}: {m.new.text} [{m.new.dotted}]"]
    if m.how == "moved":
        out.append("  " + tr.format(N_("was under {heading} [{path}]"),
                                    {"heading": m.old.heading, "path": m.old.dotted}))
    if m.old.text != m.new.text:
        out.append("  " + tr.format(N_("was: {text}"), {"text": m.old.text}))
    return out


def _kind(word: str, tr: Translator) -> str:
    return tr.gettext(_KIND[word]) if word in _KIND else word


def _changed(old: Item, new: Item, tr: Translator) -> list[str]:
    """A question answered in another way: where it is, and what changed."""
    out = [f"{new.heading}: {new.text} [{new.dotted}]",
           "  " + tr.format(N_("answered as {old} → {new}"),
                            {"old": _kind(old.kind, tr), "new": _kind(new.kind, tr)})]
    if old.heading != new.heading:
        out.append("  " + tr.format(N_("was under {heading} [{path}]"),
                                    {"heading": old.heading, "path": old.dotted}))
    if old.text != new.text:
        out.append("  " + tr.format(N_("was: {text}"), {"text": old.text}))
    return out


def _item(item: Any) -> dict[str, Any] | None:
    if item is None:
        return None
    return {"sti": item.dotted, "tekst": item.text, "type": item.kind,
            "afsnit": item.section, "overskrift": item.heading}


def render_json(diff: RoundDiff) -> str:
    return json.dumps({
        "pulje": diff.pulje,
        "fra_runde": diff.old,
        "til_runde": diff.new,
        "fakta": [{"noegle": now.key, "fra": was.text, "til": now.text}
                  for was, now in diff.facts],
        "spoergsmaal": [{"status": m.how, "lighed": round(m.similarity, 3),
                         "fra": _item(m.old), "til": _item(m.new)} for m in diff.questions]
        + [{"status": "changed", "lighed": round(similarity(old.text, new.text), 3),
            "fra": _item(old), "til": _item(new)} for old, new in diff.changed],
    }, ensure_ascii=False, indent=2)
