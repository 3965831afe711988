"""``pulje init``: a starter answer file with every question of the round's form as a comment.

A loop over the form's sections: each section's heading and introduction as a comment block,
then each question as its kind writes it (``Kind.starter``).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from pulje.files import write_text
from pulje.pools import Pool, Runde, load_pool
from schemas.kinds.base import RoundFacts

WIDTH = 96


def comment_lines(text: str, indent: str) -> list[str]:
    out: list[str] = []
    for para in text.split("\n"):
        out += textwrap.wrap(para, WIDTH - len(indent) - 2) or [""]
    return [f"{indent}# {line}".rstrip() for line in out]


class _Writer:
    """The lines of a starter file (``schemas.kinds.base.Starter``)."""

    def __init__(self, runde: RoundFacts) -> None:
        self.runde = runde
        self.lines: list[str] = []

    def comment(self, text: str, indent: str) -> None:
        self.lines += comment_lines(text, indent)

    def line(self, text: str) -> None:
        self.lines.append(text)


def _accounts(runde: Runde) -> str:
    if not runde.konti:
        return ""
    word = "finanslovskonto" if len(runde.konti) == 1 else "finanslovskonti"
    return f" ({word} {' og '.join(runde.konti)})"


def starter_text(pool: Pool, runde: Runde | None = None) -> str:
    """The text of a starter answer file for ``pool``'s newest (or the given) round."""
    runde = runde or pool.runde()
    w = _Writer(runde)
    w.lines += [
        f"# Svarfil til {pool.navn}{_accounts(runde)}, runde {runde.id}.",
        "# Skriv svarene under hvert spørgsmål. Tjek filen med:  pulje validate <denne fil>",
        "# Tekstsvar: afsnit adskilles af en tom linje; punktlister skrives med '- ' først.",
        f"pulje: {pool.id}",
        f'runde: "{runde.id}"',
    ]
    for section in runde.form.afsnit:
        w.line("")
        w.line(f"# {'=' * (WIDTH - 2)}")
        w.comment(section.overskrift or section.id, "")
        if section.intro:
            w.comment(section.intro, "")
        if section.svar is not None:
            section.svar.kind.starter(section.svar, w, "")
            continue
        w.line(f"{section.id}:")
        for q in section.spoergsmaal:
            q.kind.starter(q, w, "  ")
    return "\n".join(w.lines) + "\n"


def write_starter(pool_id: str, target: Path, runde_id: str | None = None) -> Path:
    """Write a starter file for ``pool_id`` (its newest round, or ``runde_id``); never over an
    existing file."""
    pool = load_pool(pool_id)
    return write_text(target, starter_text(pool, pool.runde(runde_id)))
