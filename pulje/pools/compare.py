"""``pulje pools diff POOL A B``: what changed between two rounds of a pool — each fact that
differs (old → new), and the questions of the form: new, reworded, moved and removed (matched
by ``pulje.pools.matching``)."""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass, field
from typing import Any

from pulje.diagnostics import N_, Translator
from pulje.pools import load_pool
from pulje.pools.facts import Fact, facts
from pulje.pools.matching import Match, match


@dataclass
class RoundDiff:
    pulje: str
    navn: str
    old: str
    new: str
    facts: list[tuple[Fact, Fact]] = field(default_factory=list)
    questions: list[Match] = field(default_factory=list)

    @property
    def changed_questions(self) -> list[Match]:
        return [m for m in self.questions if m.how != "same"]


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
    out.questions = match(old.form, new.form)
    return out


WIDTH = 96
_HOW = {"new": N_("New"), "reworded": N_("Reworded"), "moved": N_("Moved"),
        "removed": N_("Removed")}


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
    if not changed:
        lines.append(f"  {tr.gettext('The form asks the same questions.')}")
    for how in ("new", "reworded", "moved", "removed"):
        group = [m for m in changed if m.how == how]
        if not group:
            continue
        lines.append(f"  {tr.gettext(_HOW[how])} ({len(group)}):")
        for m in group:
            for n, line in enumerate(_question(m, tr)):
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
                         "fra": _item(m.old), "til": _item(m.new)} for m in diff.questions],
    }, ensure_ascii=False, indent=2)
