"""The register of diagnostic codes: one entry per code, documented in docs/rules.md.

Every module that emits a code defines it here once with ``define``; ``make docs`` writes the
table from this register, and a test checks that the table and the register agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pulje.diagnostics.model import Diagnostic, Path, Severity


@dataclass(frozen=True)
class Code:
    """A stable code: its severity, a one-line summary (Danish), and the source of the rule."""

    code: str
    severity: Severity
    summary: str
    source: str
    doc: str = ""

    def __call__(
        self, message: str, hint: str = "", path: Path = (), **params: Any
    ) -> Diagnostic:
        return Diagnostic(self.code, self.severity, message, hint, params, path)


REGISTRY: dict[str, Code] = {}

FAMILIES: Mapping[str, str] = {
    "SCH": "Svarfilens form (skema)",
    "BUD": "Budget og økonomi",
    "MAL": "Målgruppe",
    "TID": "Tidsplan",
    "MAA": "Måltal",
    "TXT": "Svar og tekst",
    "KON": "Kontaktoplysninger",
    "FOR": "Formalia før indsendelse (frist, kanal, ansøgere, bilag); se også BUD005, BUD006, "
           "BUD013 og PAG001",
    "PAG": "Sider og layout",
    "TPL": "Skabelon",
    "DOC": "Udkast læst fra Word/PDF",
    "REG": "Budgetregnearket læst fra Excel",
    "ARK": "Arkiv",
    "PRF": "Kommuneprofil",
    "UDV": "Udvalgssag",
    "OPF": "Opfølgning: tilsagn, rapporter og regnskab",
}


def define(code: str, severity: Severity, summary: str, source: str, doc: str = "") -> Code:
    """Register a code once; defining the same code twice is a programming error."""
    if code in REGISTRY:
        raise ValueError(f"code {code} defined twice")
    if code[:3] not in FAMILIES:
        raise ValueError(f"code {code} has no known family")
    entry = Code(code, severity, summary, source, doc)
    REGISTRY[code] = entry
    return entry


def all_codes() -> Iterable[Code]:
    return (REGISTRY[k] for k in sorted(REGISTRY))
