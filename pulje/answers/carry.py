"""``pulje init ROUND --from OLD.yaml``: last year's application as the start of this year's.

Every answer of the old file whose question the new round still asks is carried over — the
question matched by its stable id, or by its text where it was reworded or moved
(``pulje.pools.matching``) — with a comment that says so (``# overført fra 2016``). A new
question gets no answer: it is written as ``pulje init`` writes it. The questions that are new,
changed or gone are listed at the top of the new file (and returned, for the command to print);
the answers of the questions that are gone stand as comments at the end, so nothing is lost.

Answers bound to the old round's calendar are carried, but flagged where they do not fit the
new round: budget years and time-plan years outside its project period, target months that are
not its measurement months, a baseline level of another month, a choice among options the
round no longer has. The flags say what to do; nothing is moved or changed by guessing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pulje.answers.answerfile import entry
from pulje.answers.loader import load_application
from pulje.answers.starter import comment_lines, starter_text
from pulje.diagnostics import N_, NP_, Plural, Translator
from pulje.diagnostics.errors import PuljeError
from pulje.files import write_text
from pulje.pools import Pool, Runde, load_pool
from pulje.pools.matching import Item, Match, match
from pulje.profile import Kommuneprofil
from schemas.form import Question
from schemas.types import format_month, parse_month


@dataclass
class Carried:
    """What a carry-over did: the new file's text, the matches, and what to look at."""

    text: str
    old_file: str
    old_round: str
    new_round: str
    carried: list[Match] = field(default_factory=list)  # answered in the new file
    new: list[Item] = field(default_factory=list)  # asked now, not before: left unanswered
    changed: list[Match] = field(default_factory=list)  # reworded or moved, with an answer
    gone: list[tuple[Item, Any]] = field(default_factory=list)  # answered before, not asked
    flags: list[tuple[Item, str]] = field(default_factory=list)  # carried, but look at it


def _given(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, dict | list):
        return bool(value)
    return True


def _value_at(data: Any, path: Sequence[str]) -> Any:
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def tidy(value: Any, q: Question | None = None) -> Any:
    """A value as the old file holds it, as a person would write it again: texts without the
    line break a ``|`` block ends with, ja/nej as ja/nej (not the text "nej")."""
    if q is not None and q.type == "janej":
        if isinstance(value, str):
            return _yes_no(value)
        if isinstance(value, dict) and isinstance(value.get(q.opts.svar), str):
            value = {**value, q.opts.svar: _yes_no(value[q.opts.svar])}
    if isinstance(value, str):
        return value.rstrip("\n") if "\n" in value else value
    if isinstance(value, dict):
        return {k: tidy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [tidy(v) for v in value]
    return value


def _yes_no(text: str) -> Any:
    from schemas.types import parse_ja_nej

    try:
        return parse_ja_nej(text)
    except ValueError:
        return text  # not ja/nej: carried as written, and validate says so


def _label(item: Item) -> str:
    return f"{item.heading}: {item.text}" if item.text != item.heading else item.heading


# --- what does not fit the new round ----------------------------------------------------------

def _years(runde: Runde) -> list[int] | None:
    return runde.periode.years if runde.periode is not None else None


def _period(runde: Runde) -> str:
    period = runde.periode
    return f"{period.start.year}–{period.end.year}" if period is not None else "?"


def _keys(value: Any) -> list[Any]:
    return list(value) if isinstance(value, dict) else []


def _outside(found: Iterable[int], years: list[int]) -> list[int]:
    return sorted({y for y in found if isinstance(y, int) and y not in years})


def flags_for(q: Question, value: Any, runde: Runde, old: Runde | None) -> list[str]:
    """What of a carried answer does not fit ``runde`` (Danish: it is written in the file)."""
    out: list[str] = []
    years = _years(runde)
    if q.type == "budget" and isinstance(value, dict):
        lines = [line for part in ("udgifter", "finansiering")
                 for line in value.get(part) or [] if isinstance(line, dict)]
        found = [y for line in lines for y in _keys(line.get("fordeling"))]
        if years is None and found:
            out.append("Runden oplyser ingen projektperiode: kontrollér budgettets år "
                       f"({', '.join(str(y) for y in sorted(set(found)))}).")
        elif years is not None:
            bad = _outside(found, years)
            if bad:
                out.append(f"Budgettets år {', '.join(map(str, bad))} ligger uden for rundens "
                           f"projektperiode ({_period(runde)}): flyt beløbene under "
                           "'fordeling' til rundens år (BUD004).")
    elif q.type == "tidsplan" and isinstance(value, dict):
        if years is None:
            out.append("Runden oplyser ingen projektperiode: kontrollér tidsplanens år.")
        else:
            bad = _outside(_keys(value), years)
            if bad:
                out.append(f"Tidsplanens år {', '.join(map(str, bad))} ligger uden for rundens "
                           f"projektperiode ({_period(runde)}): flyt aktiviteterne (TID001).")
    elif q.type in ("maaltal", "maanedstal") and isinstance(value, dict):
        months = {format_month(m) for m in runde.maalinger}
        given = _keys(value.get("maal")) if q.type == "maaltal" else _keys(value)
        odd = sorted(str(m) for m in given if _month(m) not in months)
        if odd:
            wanted = ", ".join(sorted(months)) or "ingen"
            out.append(f"Målingsmånederne {', '.join(odd)} er ikke rundens ({wanted}): skriv "
                       "målene for rundens måneder (MAA004).")
        if (q.type == "maaltal" and value.get("niveau") is not None and old is not None
                and old.baseline_maaned != runde.baseline_maaned):
            out.append(f"Niveauet er for {_month_text(old.baseline_maaned)}; runden bruger "
                       f"{_month_text(runde.baseline_maaned)}: skriv niveauet for den måned.")
    elif q.type == "valg":
        options = {o.id for o in q.opts.muligheder}
        chosen = value if isinstance(value, list) else [value]
        gone = [str(c) for c in chosen if c not in options]
        if gone:
            out.append(f"Valget {', '.join(gone)} findes ikke i runden; vælg en af: "
                       f"{', '.join(sorted(options))}.")
    return out


def _month(value: Any) -> str | None:
    try:
        return format_month(parse_month(value))
    except ValueError:
        return None


def _month_text(value: date | None) -> str:
    return format_month(value) if value is not None else "ingen måned"


# --- the carry-over ---------------------------------------------------------------------------

def carry_over(old_file: Path, pool: Pool, runde: Runde,
               profile: Kommuneprofil | None = None) -> Carried:
    """The new answer file for ``runde`` of ``pool`` with the answers of ``old_file`` (the
    kommune ``profile`` fills in the identification where the old file has no answer)."""
    loaded = load_application(old_file)
    if not isinstance(loaded.data, dict) or loaded.runde is None or loaded.pool is None:
        first = loaded.diagnostics[0] if loaded.diagnostics else None
        raise PuljeError(
            N_("{file} cannot be carried over: pulje cannot tell its pool and round{why}."),
            N_("Run 'pulje validate {file}' and correct what it says at the top of the file."),
            file=str(old_file),
            why=f" ({first.location.line}:{first.location.col})" if first and first.location
            and first.location.line else "",
        )
    old_round, data = loaded.runde, loaded.data
    matches = match(old_round.form, runde.form)
    out = Carried("", str(old_file), old_round.id, runde.id)
    answers: dict[tuple[str, ...], list[str]] = {}
    for m in matches:
        if m.how == "new" and m.new is not None:
            out.new.append(m.new)
            continue
        if m.old is None:
            continue
        value = _value_at(data, m.old.path)
        if not _given(value):
            continue
        if m.how == "removed":
            out.gone.append((m.old, tidy(value)))
            continue
        assert m.new is not None
        out.carried.append(m)
        if m.how != "same":
            out.changed.append(m)
    for m in out.carried:
        assert m.new is not None and m.old is not None
        found = runde.form.question_at(m.new.path)
        assert found is not None
        q = found[0]
        value = tidy(_value_at(data, m.old.path), q)
        notes = flags_for(q, value, runde, old_round)
        out.flags += [(m.new, n) for n in notes]
        answers[m.new.path] = _answer_lines(q, m, value, notes, old_round.id)

    def answer(q: Question, path: tuple[str, ...], indent: str) -> list[str] | None:
        lines = answers.get(path)
        if lines is None:
            return None
        return [f"{indent}{line}" if line else line for line in lines]

    out.text = starter_text(pool, runde, profile, answer=answer,
                            preamble=_preamble(out, old_file), trailer=_trailer(out))
    return out


def _answer_lines(q: Question, m: Match, value: Any, notes: list[str],
                  old_round: str) -> list[str]:
    assert m.old is not None and m.new is not None
    lines = comment_lines(q.tekst or q.id, "")
    what = f"overført fra {old_round}"
    if m.how == "reworded":
        what += f" (omformuleret; før: {m.old.text})"
    elif m.how == "moved":
        what += f" (flyttet fra {m.old.heading} [{m.old.dotted}])"
    lines += comment_lines(what, "")
    lines += comment_lines("\n".join(f"OBS: {n}" for n in notes), "") if notes else []
    lines += entry(q.id, value, is_text=lambda path: q.type == "tekst" and len(path) == 1)
    return lines


def _preamble(out: Carried, old_file: Path) -> list[str]:
    text = [f"Overført fra {old_file.name} (runde {out.old_round}) med pulje init --from: "
            f"{len(out.carried)} svar overført; hvert er mærket '# overført fra "
            f"{out.old_round}'."]
    if out.new:
        text.append("Nye spørgsmål (ikke besvaret):")
        text += [f"- {_label(i)} [{i.dotted}]" for i in out.new]
    if out.changed:
        text.append("Ændrede spørgsmål (læs svaret igen):")
        for m in out.changed:
            assert m.old is not None and m.new is not None
            how = "flyttet" if m.how == "moved" else "omformuleret"
            text.append(f"- {_label(m.new)} [{m.new.dotted}] ({how}; før: {_label(m.old)} "
                        f"[{m.old.dotted}])")
    if out.gone:
        text.append("Spørgsmål, der ikke findes mere (svarene står nederst i filen):")
        text += [f"- {_label(i)} [{i.dotted}]" for i, _v in out.gone]
    if out.flags:
        text.append("Skal ses efter:")
        text += [f"- {i.heading}: {note}" for i, note in out.flags]
    lines: list[str] = []
    for paragraph in text:
        lines += _listed(paragraph)
    return lines


def _listed(text: str) -> list[str]:
    """A comment paragraph; a list item ("- …") wraps under its text, not under the dash."""
    import textwrap

    if not text.startswith("- "):
        return comment_lines(text, "")
    return [f"# {line}" for line in textwrap.wrap(text, 94, subsequent_indent="  ")]


def _text_value(path: tuple[Any, ...]) -> bool:
    """The gone answers are comments: a text stands as a block, as the person wrote it."""
    return len(path) == 1


def _trailer(out: Carried) -> list[str]:
    if not out.gone:
        return []
    lines = ["", f"# {'=' * 94}"]
    lines += comment_lines(f"Svar fra runde {out.old_round} til spørgsmål, runden ikke "
                           "stiller mere (kun til orientering; de læses ikke):", "")
    for item, value in out.gone:
        lines += comment_lines(f"{_label(item)} [{item.dotted}]", "")
        lines += [f"# {line}".rstrip() for line in entry(item.id, value, is_text=_text_value)]
    return lines


def write_carried(pool_id: str, target: Path, old_file: Path, runde_id: str | None = None,
                  profile: Kommuneprofil | None = None) -> Carried:
    """Write the carried-over answer file for ``pool_id``'s round; never over a file."""
    pool = load_pool(pool_id)
    out = carry_over(old_file, pool, pool.runde(runde_id), profile)
    write_text(target, out.text)
    return out


_CARRIED = Plural(NP_(
    "Wrote {file}: {count} answer carried over from {old} (round {old_round} → {new_round}), "
    "marked '# overført fra {old_round}'.",
    "Wrote {file}: {count} answers carried over from {old} (round {old_round} → {new_round}), "
    "each marked '# overført fra {old_round}'."), "count")


def describe_carried(out: Carried, target: Path, tr: Translator) -> str:
    """What ``pulje init --from`` prints: how many answers came over, and the questions to
    look at (their texts are the form's, in Danish)."""
    lines = [tr.format(_CARRIED,
                       {"file": str(target), "count": len(out.carried), "old": out.old_file,
                        "old_round": out.old_round, "new_round": out.new_round})]
    groups = [
        (N_("New questions (not answered):"), [f"{_label(i)} [{i.dotted}]" for i in out.new]),
        (N_("Changed questions (read the answer again):"),
         [f"{_label(m.new)} [{m.new.dotted}]" for m in out.changed if m.new is not None]),
        (N_("Questions that are gone (their answers stand at the end of the file):"),
         [f"{_label(i)} [{i.dotted}]" for i, _v in out.gone]),
        (N_("To look at:"), [f"{i.heading}: {note}" for i, note in out.flags]),
    ]
    for title, items in groups:
        if items:
            lines.append(tr.gettext(title))
            lines += [f"  - {item}" for item in items]
    lines.append(tr.format(N_("Then run: pulje validate {file}"), {"file": str(target)}))
    return "\n".join(lines)
