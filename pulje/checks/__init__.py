"""Consistency checks: rules over a loaded answer file, and the validate workflow."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pulje.answers import codes
from pulje.answers.loader import LoadedApplication, load_application

# The rule modules register themselves on import; the order is the order of the docs.
from pulje.checks import (  # noqa: F401
    audit,
    budget,
    contact,
    formalia,
    maalgruppe,
    maaltal,
    text,
    tidsplan,
)
from pulje.checks.registry import RULES, Context, Rule, RuleRun, names_of, run_rules
from pulje.diagnostics import N_, Diagnostic, Hint, Location
from pulje.diagnostics.errors import PuljeError
from schemas.form import Form

__all__ = ["RULES", "Context", "Rule", "Validation", "check", "validate_files"]

#: After a section's errors: what to do, in the answer file, the form or the workbook.
_AGAIN = Hint(N_("Correct the errors and run validate again to see its other findings."),
              word=N_("Correct the errors in the form and check it again to see the section's "
                      "other findings."),
              excel=N_("Correct the errors in the workbook and check it again to see the "
                       "budget's other findings."))
REPORT = N_("This is a fault in pulje, not in your file: please report it to whoever runs "
            "pulje, with the file.")


def check(loaded: LoadedApplication, *, dato: date | None = None,
          indsendelse: bool = False) -> list[Diagnostic]:
    """The schema findings of a loaded file plus every rule's findings on the sections that
    loaded, and a note (SCH011) for each section the rules could not check. The formalia (FOR)
    are judged as of ``dato`` (default today), as for a submission when ``indsendelse``."""
    out = list(loaded.diagnostics)
    if loaded.pool is None or loaded.runde is None:
        return out
    model = loaded.model or loaded.partial
    if model is None:
        if loaded.failed or loaded.diagnostics:
            out.append(codes.SCH011(
                N_("Because of the errors above, no rule could check the file."),
                N_("Correct them and run validate again to see the other findings."),
            ).at(Location(loaded.file, 1, 1)))
        return out
    ctx = Context(model, loaded.pool, loaded.runde, dato, indsendelse)
    run = run_rules(ctx, loaded.failed)
    out += [d.at(loaded.locate(d.path)) for d in run.diagnostics]
    out += _not_checked(loaded, ctx.form, run)
    for r, exc in run.broken:
        out.append(codes.SCH012(
            N_("The rule {rule} failed on this file ({error})."), REPORT,
            rule=r.code.code, error=type(exc).__name__,
        ).at(Location(loaded.file, 1, 1)))
    return out


def _not_checked(loaded: LoadedApplication, form: Form, run: RuleRun) -> list[Diagnostic]:
    out = []
    for section, key in loaded.failed.items():
        name = f"'{section}'"
        part = form.section(section)
        heading = part.overskrift if part is not None else None
        if heading:
            name += f" ({heading})"
        names = names_of(form, section)
        skipped = sorted(r.code.code for r in run.skipped if r.reads & names)
        where = loaded.source.locate((key,), key=True)
        if skipped:
            out.append(codes.SCH011(
                N_("Because of the errors in {section}, the rules did not check it, and the "
                   "rules that need it could not run ({count}: {codes})."),
                _AGAIN, (section,), section=name, count=len(skipped), codes=", ".join(skipped),
            ).at(where))
        else:
            out.append(codes.SCH011(
                N_("Because of the errors in {section}, the rules did not check it."),
                _AGAIN, (section,), section=name,
            ).at(where))
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


def validate_files(paths: Sequence[Path], *, dato: date | None = None) -> Validation:
    """Load and check each answer file (formalia as of ``dato``, default today). A file that
    cannot be read is noted and skipped; an unexpected error in one file becomes a finding
    (SCH012) for that file, and the others are checked all the same."""
    out = Validation()
    for path in paths:
        try:
            loaded = load_application(path)
        except PuljeError as exc:
            out.unreadable.append((path, exc))
            continue
        except Exception as exc:  # one file's fault must not end the batch
            out.results.append(_broken(path, exc))
            continue
        try:
            found = check(loaded, dato=dato)
        except Exception as exc:  # likewise
            found = [*loaded.diagnostics, _broken(path, exc)[1][0]]
        out.results.append((loaded, found))
    return out


def _broken(path: Path, exc: BaseException) -> tuple[LoadedApplication, list[Diagnostic]]:
    from pulje.yamlsource import SourceMap

    name = str(path)
    diag = codes.SCH012(
        N_("pulje failed while checking this file ({error})."), REPORT,
        error=type(exc).__name__,
    ).at(Location(name, 1, 1))
    return LoadedApplication(name, SourceMap(name), [diag]), [diag]
