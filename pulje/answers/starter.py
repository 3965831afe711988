"""``pulje init``: a starter answer file with every question of the round's form as a comment.

A loop over the form's sections: each section's heading and introduction as a comment block,
then each question as its kind writes it (``Kind.starter``).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from pulje.files import write_text
from pulje.pools import Pool, Runde, load_pool
from pulje.profile import Kommuneprofil, identification_prefill, yaml_text
from schemas.form import Question
from schemas.kinds.base import RoundFacts

WIDTH = 96
_KEY_LINE = re.compile(r"^( *)([a-z][a-z0-9_]*):[ \t]*$")


def comment_lines(text: str, indent: str) -> list[str]:
    out: list[str] = []
    for para in text.split("\n"):
        out += textwrap.wrap(para, WIDTH - len(indent) - 2) or [""]
    return [f"{indent}# {line}".rstrip() for line in out]


class _Writer:
    """The lines of a starter file (``schemas.kinds.base.Starter``)."""

    def __init__(self, runde: RoundFacts,
                 prefill: Mapping[tuple[str, ...], str] | None = None) -> None:
        self.runde = runde
        self.lines: list[str] = []
        #: Answers known beforehand (the kommune profile's), by path: written after their key.
        self.prefill = dict(prefill or {})
        self._path: list[str] = []

    def comment(self, text: str, indent: str) -> None:
        self.lines += comment_lines(text, indent)

    def line(self, text: str) -> None:
        key = _KEY_LINE.match(text)
        if key is not None:
            depth = len(key[1]) // 2
            self._path = [*self._path[:depth], key[2]]
            known = self.prefill.get(tuple(self._path))
            if known is not None:
                text = f"{text.rstrip()} {yaml_text(known)}"
        self.lines.append(text)


def _accounts(runde: Runde) -> str:
    if not runde.konti:
        return ""
    word = "finanslovskonto" if len(runde.konti) == 1 else "finanslovskonti"
    return f" ({word} {' og '.join(runde.konti)})"


#: Writes a question's answer into the file instead of the empty starter (``pulje init
#: --from``): given the question, its path and indent, the lines to write, or None.
Answer = Callable[[Question, tuple[str, ...], str], Sequence[str] | None]


def skeleton_note(runde: Runde) -> list[str]:
    """The starter's warning where the round's form is STAR's common skeleton."""
    if not runde.skeleton:
        return []
    return comment_lines(
        "OBS: Puljens egne spørgsmål er ikke skrevet af. Skemaet er STAR's fælles skelet med "
        "rundens krævede indhold (puljekataloget). Sammenlign med STAR's eget "
        "ansøgningsskema i puljeopslaget, før ansøgningen sendes.", "")


def starter_text(pool: Pool, runde: Runde | None = None,
                 profile: Kommuneprofil | None = None, *, answer: Answer | None = None,
                 preamble: Sequence[str] = (), trailer: Sequence[str] = ()) -> str:
    """The text of a starter answer file for ``pool``'s newest (or the given) round; with a
    kommune ``profile``, the applicant and contact person are filled in from it; with
    ``answer``, the questions it answers are written with their answers (they win over the
    profile's); ``preamble`` (comment lines) follows the header, ``trailer`` ends the file."""
    runde = runde or pool.runde()
    w = _Writer(runde, identification_prefill(profile, runde.form))
    w.lines += [
        f"# Svarfil til {pool.navn}{_accounts(runde)}, runde {runde.id}.",
        "# Skriv svarene under hvert spørgsmål. Tjek filen med:  pulje validate <denne fil>",
        "# Tekstsvar: afsnit adskilles af en tom linje; punktlister skrives med '- ' først.",
        *skeleton_note(runde),
        *preamble,
        f"pulje: {pool.id}",
        f'runde: "{runde.id}"',
    ]

    def write(q: Question, path: tuple[str, ...], indent: str) -> None:
        given = answer(q, path, indent) if answer is not None else None
        if given is None:
            q.kind.starter(q, w, indent)
        else:
            w.lines += list(given)

    for section in runde.form.afsnit:
        w.line("")
        w.line(f"# {'=' * (WIDTH - 2)}")
        w.comment(section.overskrift or section.id, "")
        if section.intro:
            w.comment(section.intro, "")
        if section.svar is not None:
            write(section.svar, (section.id,), "")
            continue
        w.line(f"{section.id}:")
        for q in section.spoergsmaal:
            write(q, (section.id, q.id), "  ")
    w.lines += list(trailer)
    return "\n".join(w.lines) + "\n"


def write_starter(pool_id: str, target: Path, runde_id: str | None = None,
                  profile: Kommuneprofil | None = None) -> Path:
    """Write a starter file for ``pool_id`` (its newest round, or ``runde_id``), filled in
    from the kommune ``profile`` where it knows the answer; never over an existing file."""
    pool = load_pool(pool_id)
    return write_text(target, starter_text(pool, pool.runde(runde_id), profile))
