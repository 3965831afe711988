"""Small rules of Danish wording shared by every text pulje writes: a unit's plural after a
number, a label joined to its value without double punctuation, a long text shortened at a
word with "…"."""

from __future__ import annotations

from decimal import Decimal

#: The common Danish unit words of a budget and their plurals; a compound word takes its last
#: part's plural ("opfølgningsdag" → "opfølgningsdage").
DANISH_PLURALS = {
    "måned": "måneder", "time": "timer", "kursusdag": "kursusdage", "dag": "dage",
    "uge": "uger", "år": "år", "stk.": "stk.", "stk": "stk.", "person": "personer",
    "deltager": "deltagere", "gang": "gange", "forløb": "forløb", "kursus": "kurser",
    "lektion": "lektioner", "måling": "målinger",
}


def unit_word(unit: str, count: Decimal | int) -> str:
    """The Danish unit word for ``count`` of it: its plural unless the count is 1."""
    if not unit or count == 1:
        return unit
    head, _, last = unit.rpartition(" ")
    lower = last.lower()
    for singular in sorted(DANISH_PLURALS, key=len, reverse=True):
        stem = last[: len(last) - len(singular)]
        if lower.endswith(singular) and (stem.isalpha() or not stem):
            plural = DANISH_PLURALS[singular]
            if last[len(stem):][:1].isupper():
                plural = plural[:1].upper() + plural[1:]
            return f"{head} {stem}{plural}" if head else f"{stem}{plural}"
    return unit


#: What may end a label or a heading already; no ":" or "." is put after these.
_ENDS = (":", "?", "!", "…")


def labelled(label: str, value: str) -> str:
    """``label: value``, without double punctuation: a label ending in ":" (or "?", "!")
    gets no other; a sentence ending in "." loses its full stop ("... på månedsbasis: 4 → 6"),
    an abbreviation keeps it ("Sagsnr.: 12")."""
    return f"{colon(label)} {value}"


def colon(label: str) -> str:
    """The label with its ":" (``labelled`` without the value), for a bold label in Word."""
    label = label.rstrip()
    return label if label.endswith(_ENDS) else f"{bare(label)}:"


def bare(text: str) -> str:
    """A heading or a label without the punctuation that closes it, to be used inside a
    sentence or before ":" ("Beslutning i udvalget den 23. august 2016:" → "... 2016");
    the full stop of an abbreviation ("Sagsnr.", "stk.") stays."""
    text = text.rstrip()
    while text.endswith((":", ";", ",")):
        text = text[:-1].rstrip()
    if text.endswith(".") and " " in text and not text.rsplit(" ", 1)[1].endswith(_ABBREV):
        text = text[:-1].rstrip()
    return text


_ABBREV = ("stk.", "nr.", "kr.", "bl.a.", "m.m.", "mv.", "osv.", "pkt.", "ca.")


def shorten(text: str, limit: int) -> str:
    """``text`` on one line in at most ``limit`` characters: cut at the last whole word that
    fits, with "…" (a single word longer than the limit is cut inside it)."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(",;:") + "…"
