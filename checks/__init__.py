"""Consistency checks: rules over a loaded answer file, and the validate workflow."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from answers.loader import LoadedApplication, load_application

# The rule modules register themselves on import; the order is the order of the docs.
from checks import budget, contact, maalgruppe, maaltal, text, tidsplan  # noqa: F401
from checks.registry import RULES, Context, Rule, run_rules
from diagnostics import Diagnostic
from diagnostics.errors import PuljeError, UnreadableInput

__all__ = ["RULES", "Context", "Rule", "Validation", "check", "validate_files"]


def check(loaded: LoadedApplication) -> list[Diagnostic]:
    """The schema findings of a loaded file plus, if its model loaded, every rule's findings."""
    out = list(loaded.diagnostics)
    if loaded.model is not None and loaded.pool is not None and loaded.runde is not None:
        ctx = Context(loaded.model, loaded.pool, loaded.runde)
        for d in run_rules(ctx):
            out.append(d.at(loaded.source.locate(d.path)))
    return out


@dataclass
class Validation:
    """The outcome of validating answer files: findings per file, in the order given, and the
    files that could not be read at all."""

    results: list[tuple[LoadedApplication, list[Diagnostic]]] = field(default_factory=list)
    unreadable: list[tuple[Path, PuljeError]] = field(default_factory=list)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for _, diags in self.results for d in diags]


def validate_files(paths: Sequence[Path]) -> Validation:
    """Load and check each answer file; a file that cannot be read is noted and skipped."""
    out = Validation()
    for path in paths:
        try:
            loaded = load_application(path)
        except UnreadableInput as exc:
            out.unreadable.append((path, exc))
            continue
        out.results.append((loaded, check(loaded)))
    return out
