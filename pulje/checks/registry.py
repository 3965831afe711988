"""The rule register: each rule is a small pure function over the model yielding diagnostics."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from pulje.diagnostics import Diagnostic
from pulje.diagnostics.codes import Code
from pulje.pools import Pool, Runde
from schemas.common import Application, Budget, Oekonomi

_T = TypeVar("_T")


@dataclass(frozen=True)
class Context:
    """What a rule may look at: the answers, the pool and the round they apply to."""

    model: Application
    pool: Pool
    runde: Runde

    def part(self, name: str, kind: type[_T]) -> _T:
        """A shared part of the form; a form without it gets an empty one."""
        value = getattr(self.model, name, None)
        return value if isinstance(value, kind) else kind()

    @property
    def model_budget(self) -> Budget:
        return self.part("budget", Budget)

    @property
    def model_oekonomi(self) -> Oekonomi:
        return self.part("oekonomi", Oekonomi)


RuleFn = Callable[[Context], Iterable[Diagnostic]]


@dataclass(frozen=True)
class Rule:
    """A rule and the sections (top-level keys) it needs whole.

    ``reads`` empty: the rule walks every section on its own, and what it says about a section
    that did not load is dropped. Otherwise the rule compares the sections it names (the
    amount applied for in ``oekonomi`` with the ``budget``), and cannot run when one of them
    did not load."""

    code: Code
    fn: RuleFn
    reads: frozenset[str] = field(default_factory=frozenset)

    @property
    def doc(self) -> str:
        return (self.fn.__doc__ or "").strip()


RULES: list[Rule] = []


def rule(code: Code, *, reads: Iterable[str] = ()) -> Callable[[RuleFn], RuleFn]:
    """Register ``fn`` as the rule behind ``code``."""

    def register(fn: RuleFn) -> RuleFn:
        RULES.append(Rule(code, fn, frozenset(reads)))
        return fn

    return register


@dataclass
class RuleRun:
    """What running the rules gave: their findings, the rules that could not run for want of
    a section (``skipped``) and the rules that failed with an unexpected error (``broken``)."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    skipped: list[Rule] = field(default_factory=list)
    broken: list[tuple[Rule, BaseException]] = field(default_factory=list)


def run_rules(ctx: Context, failed: Iterable[str] = ()) -> RuleRun:
    """Every rule over ``ctx``; the sections in ``failed`` did not load (they are empty).

    One rule's unexpected error does not stop the others: it is kept in ``broken``."""
    lost = frozenset(failed)
    out = RuleRun()
    for r in RULES:
        if r.reads & lost:
            out.skipped.append(r)
            continue
        try:
            found = list(r.fn(ctx))
        except Exception as exc:  # a fault in one rule must not hide the rest
            out.broken.append((r, exc))
            continue
        out.diagnostics += [d for d in found if not (d.path and str(d.path[0]) in lost)]
    return out
