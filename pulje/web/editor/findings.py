"""The engine's findings on a draft, placed on the page: the answer file of the version is
loaded and checked exactly as ``pulje validate`` checks it (``answers.loader.load_text`` and
``checks.check``), and each finding's path is drawn at the nearest field on that path, listed
in the block of the question (or section) it belongs to. Findings with no place on the form
(about the file as a whole) are in the summary only.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from pulje.answers.loader import LoadedApplication, load_text
from pulje.checks import check
from pulje.diagnostics import Diagnostic, Severity, Translator
from pulje.diagnostics.report import SEVERITY_WORDS, message_text, sort_key
from pulje.web.editor.names import normal
from pulje.web.editor.view import Layout

_RANK = {Severity.FEJL: 0, Severity.ADVARSEL: 1, Severity.INFO: 2}


@dataclass
class Finding:
    """A finding as the page shows it: where (``target``: the id of the field or place it
    concerns, ``field``: that id when it is an input to mark invalid, ``block``: the id of the
    list it stands in, ``where``: the field's label when it is not the question itself)."""

    id: str
    code: str
    severity: str
    severity_text: str
    message: str
    hint: str
    target: str | None
    field: str | None
    block: str | None
    where: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def checked(text: str, file_name: str) -> tuple[LoadedApplication, list[Diagnostic]]:
    """The version's answer file, loaded and checked as ``pulje validate`` does."""
    loaded = load_text(text, file_name)
    return loaded, check(loaded)


def place(diagnostics: list[Diagnostic], layout: Layout, tr: Translator) -> list[Finding]:
    """The findings in the form's order (errors before warnings before notes at one place),
    each at its place on the page."""
    out: list[Finding] = []
    ordered = sorted(diagnostics, key=lambda d: (sort_key(d)[1:3], _RANK[d.severity]))
    for n, d in enumerate(ordered, start=1):
        target = field = block = None
        where = ""
        path = normal(d.path)
        for depth in range(len(path), 0, -1):
            prefix = path[:depth]
            if target is None and prefix in layout.fields:
                target, where, is_input = layout.fields[prefix]
                field = target if is_input else None
            if prefix in layout.blocks:
                block = layout.blocks[prefix]
                break
        if block is not None and where == layout.labels.get(block):
            where = ""
        message, hint = message_text(d, tr)
        out.append(Finding(f"fund-{n}", d.code, d.severity.value,
                           tr.gettext(SEVERITY_WORDS[d.severity]), message, hint,
                           target or block, field, block, where))
    return out


def of_gauge(items: list[dict[str, str]], target: str | None = None) -> list[Finding]:
    """The page gauge's PAG findings (as ``pulje build`` and ``pulje pages`` give them) as
    findings of the summary, at the gauge (``target``); a failure without a code is the gauge's
    own text only."""
    return [Finding(f"fund-sider-{n}", item["code"], item["severity"], item["severity_text"],
                    item["message"], item["hint"], target, None, None, "")
            for n, item in enumerate((i for i in items if i.get("code")), start=1)]


def counts(findings: list[Finding]) -> dict[str, int]:
    out = {s.value: 0 for s in Severity}
    for f in findings:
        out[f.severity] += 1
    return out


def by_block(findings: list[Finding]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in findings:
        if f.block is not None:
            out.setdefault(f.block, []).append(f)
    return out


def by_field(findings: list[Finding]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in findings:
        if f.field is not None:
            out.setdefault(f.field, []).append(f)
    return out
