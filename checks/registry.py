"""The rule register: each rule is a small pure function over the model yielding diagnostics."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from diagnostics import Diagnostic
from diagnostics.codes import Code
from pools import Pool, Runde
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
    code: Code
    fn: RuleFn

    @property
    def doc(self) -> str:
        return (self.fn.__doc__ or "").strip()


RULES: list[Rule] = []


def rule(code: Code) -> Callable[[RuleFn], RuleFn]:
    """Register ``fn`` as the rule behind ``code``."""

    def register(fn: RuleFn) -> RuleFn:
        RULES.append(Rule(code, fn))
        return fn

    return register


def run_rules(ctx: Context) -> Iterator[Diagnostic]:
    for r in RULES:
        yield from r.fn(ctx)
