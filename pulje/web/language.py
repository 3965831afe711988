"""The page's language: the user's choice (a cookie set by the language switch), else the
browser's Accept-Language, else Danish. Every text comes from pulje's one catalogue."""

from __future__ import annotations

from pulje.diagnostics.i18n import LANGUAGES

COOKIE = "pulje_lang"
DEFAULT = "da"


def from_accept_language(header: str | None) -> str | None:
    """The first of pulje's languages the browser asks for, by its q-values."""
    if not header:
        return None
    wanted: list[tuple[float, int, str]] = []
    for n, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        base = tag.strip().lower().split("-")[0]
        if q > 0:
            wanted.append((-q, n, base))
    for _q, _n, base in sorted(wanted):
        if base in LANGUAGES:
            return base
        if base in ("nb", "nn", "no", "sv"):  # Scandinavians read Danish before English
            return "da"
    return None


def choose(cookie: str | None, accept_language: str | None) -> str:
    if cookie in LANGUAGES:
        return cookie
    return from_accept_language(accept_language) or DEFAULT
