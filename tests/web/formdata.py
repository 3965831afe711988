"""A form of a page as a browser sends it: every successful control of the form (text fields,
text areas as the browser reads them, the selected option, checked radios and boxes), none
inside a ``<template>``, no button unless it is the one pressed. So a TestClient test posts
exactly what the page offers."""

from __future__ import annotations

from html.parser import HTMLParser


class _Form(HTMLParser):
    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.template = 0
        self.fields: list[tuple[str, str]] = []
        self._textarea: tuple[str, list[str]] | None = None
        self._select: tuple[str, list[tuple[str, bool]]] | None = None
        self._option: tuple[str | None, bool, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.inside = a.get("id") == self.form_id
            return
        if not self.inside:
            return
        if tag == "template":
            self.template += 1
        if self.template or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("radio", "checkbox") and "checked" not in a:
                return
            self.fields.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self._textarea = (name, [])
        elif tag == "select" and name:
            self._select = (name, [])
        elif tag == "option" and self._select is not None:
            self._option = (a.get("value"), "selected" in a, [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "template" and self.template:
            self.template -= 1
        elif tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            name, parts = self._textarea
            text = "".join(parts)
            # HTML drops one newline right after <textarea>; browsers send CRLF
            text = text[1:] if text.startswith("\n") else text
            self.fields.append((name, text.replace("\n", "\r\n")))
            self._textarea = None
        elif tag == "option" and self._option is not None and self._select is not None:
            value, selected, parts = self._option
            self._select[1].append((value if value is not None else "".join(parts), selected))
            self._option = None
        elif tag == "select" and self._select is not None:
            name, options = self._select
            chosen = [v for v, s in options if s] or [v for v, _ in options[:1]]
            self.fields += [(name, v) for v in chosen[-1:]]
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1].append(data)
        elif self._option is not None:
            self._option[2].append(data)


def form_fields(html: str, form_id: str = "ansoegning") -> list[tuple[str, str]]:
    parser = _Form(form_id)
    parser.feed(html)
    return parser.fields


def replaced(fields: list[tuple[str, str]], values: dict[str, str]) -> list[tuple[str, str]]:
    """The fields with some values changed (by name), and new ones added."""
    wanted = dict(values)
    out = [(n, wanted.pop(n) if n in wanted else v) for n, v in fields]
    return out + list(wanted.items())
