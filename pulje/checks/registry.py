"""The rule register: each rule is a small pure function over the model yielding diagnostics.

Rules walk the round's form by kind (``Context.answers``), not by field name: a rule runs where
its part of the form exists, on every question of its kind, in the sections that apply. The
round's facts (period, months, maximum, budget rules) come from the round (``Context.runde``).
A rule of one pool names it (``puljer=``) and lives with the pool's other rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, TypeVar

from pulje.diagnostics import Diagnostic, Path
from pulje.diagnostics.codes import Code
from pulje.pools import Pool, Runde
from schemas.common import Application
from schemas.form import Form, Question, value_at
from schemas.kinds.budget import Budget

_T = TypeVar("_T")

#: The answers of the shared section økonomi that the budget rules compare.
APPLIED = ("oekonomi", "ansoegt_beloeb")
OTHER_FUNDING = ("oekonomi", "anden_finansiering")


@dataclass(frozen=True)
class Context:
    """What a rule may look at: the answers, the pool and the round they apply to, the day the
    formalia are judged as of (``dato``; None: today) and whether the application is being
    submitted (``indsendelse``: ``pulje submit``, where a passed deadline is a fejl)."""

    model: Application
    pool: Pool
    runde: Runde
    dato: date | None = None
    indsendelse: bool = False

    @cached_property
    def form(self) -> Form:
        return self.runde.form

    @cached_property
    def _budget(self) -> tuple[Question, Path] | None:
        found = next(iter(self.form.of_kind("budget")), None)
        return (found[0], found[1]) if found is not None else None

    def answers(self, *kinds: str, dependents: bool = True) -> Iterator[tuple[Question, Path,
                                                                              Any]]:
        """(question, path, answer) of every question of ``kinds`` in the sections that apply,
        in the form's order."""
        for q, path, section in self.form.walk(dependents=dependents):
            if (not kinds or q.type in kinds) and self.form.active(self.model, section.id):
                yield q, path, value_at(self.model, path)

    def value(self, path: Path) -> Any:
        """The answer at ``path`` (None when the form does not ask it, or it is not given)."""
        return value_at(self.model, path)

    def asks(self, path: Path) -> bool:
        """Whether the round's form asks the question at ``path``."""
        return self.form.has(".".join(str(p) for p in path))

    def part(self, name: str, kind: type[_T]) -> _T:
        """A shared part of the form; a form without it gets an empty one."""
        value = getattr(self.model, name, None)
        return value if isinstance(value, kind) else kind()

    @property
    def budget_path(self) -> Path:
        """Where the detailed budget stands in the answers (the form's budget question)."""
        return self._budget[1] if self._budget is not None else ("budget",)

    @property
    def model_budget(self) -> Budget:
        value = self.value(self.budget_path)
        return value if isinstance(value, Budget) else Budget()

    @property
    def has_budget(self) -> bool:
        return self._budget is not None


RuleFn = Callable[[Context], Iterable[Diagnostic]]


@dataclass(frozen=True)
class Rule:
    """A rule and the sections (top-level keys, or the kinds they hold) it needs whole.

    ``reads`` empty: the rule walks every section on its own, and what it says about a section
    that did not load is dropped. Otherwise the rule compares the sections it names (the
    amount applied for in ``oekonomi`` with the ``budget``), and cannot run when one of them
    did not load. ``puljer``: the rule belongs to these pools only (empty: every pool)."""

    code: Code
    fn: RuleFn
    reads: frozenset[str] = field(default_factory=frozenset)
    puljer: frozenset[str] = field(default_factory=frozenset)

    @property
    def doc(self) -> str:
        return (self.fn.__doc__ or "").strip()

    def applies(self, ctx: Context) -> bool:
        return not self.puljer or ctx.pool.id in self.puljer


RULES: list[Rule] = []


def rule(code: Code, *, reads: Iterable[str] = (),
         puljer: Iterable[str] = ()) -> Callable[[RuleFn], RuleFn]:
    """Register ``fn`` as the rule behind ``code``."""

    def register(fn: RuleFn) -> RuleFn:
        RULES.append(Rule(code, fn, frozenset(reads), frozenset(puljer)))
        return fn

    return register


@dataclass
class RuleRun:
    """What running the rules gave: their findings, the rules that could not run for want of
    a section (``skipped``) and the rules that failed with an unexpected error (``broken``)."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    skipped: list[Rule] = field(default_factory=list)
    broken: list[tuple[Rule, BaseException]] = field(default_factory=list)


def names_of(form: Form, section_id: str) -> frozenset[str]:
    """A section's id and the kinds of its questions (what a rule's ``reads`` may name)."""
    section = form.section(section_id)
    kinds = {q.type for q in section.questions} if section is not None else set()
    return frozenset({section_id, *kinds})


def run_rules(ctx: Context, failed: Iterable[str] = ()) -> RuleRun:
    """Every rule over ``ctx``; the sections in ``failed`` did not load (they are empty).

    One rule's unexpected error does not stop the others: it is kept in ``broken``."""
    lost = frozenset(failed)
    lost_names = frozenset().union(*(names_of(ctx.form, s) for s in lost)) if lost else lost
    out = RuleRun()
    for r in RULES:
        if not r.applies(ctx):
            continue
        if r.reads & lost_names:
            out.skipped.append(r)
            continue
        try:
            found = list(r.fn(ctx))
        except Exception as exc:  # a fault in one rule must not hide the rest
            out.broken.append((r, exc))
            continue
        out.diagnostics += [d for d in found if not (d.path and str(d.path[0]) in lost)]
    return out
