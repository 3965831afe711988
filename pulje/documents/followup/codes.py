"""OPF: after the grant — the reports' account and results (``pulje report``)."""

from pulje.diagnostics import Severity
from pulje.diagnostics.codes import define

_SPEC = "../shared/spec/after-the-application.md § 2 (statusrapporter, slutrapport, regnskab)"
OPF001 = define(
    "OPF001", Severity.ADVARSEL, "En budgetlinje er overskredet (forbrugt mere end budgettet)",
    _SPEC + ": tilskuddet er et nettotilskud og forhøjes ikke ved overskridelser "
    "(star-budget-guide.md)",
)
OPF002 = define(
    "OPF002", Severity.ADVARSEL, "En afvigelse på en budgetlinje er over grænsen og har ingen "
    "begrundelse",
    _SPEC + ": afvigelser og deres årsager; grænsen er rundens (opfoelgning.afvigelse), ellers "
    "pulje's standard 10 % og 10.000 kr. (ingen STAR-kilde giver en grænse)",
)
OPF003 = define(
    "OPF003", Severity.INFO, "Et måltal er ikke nået", _SPEC + ": resultater mod måltallene",
)
OPF004 = define(
    "OPF004", Severity.ADVARSEL, "Et faktisk tal mangler (aktivitet, måltal eller budgetlinje)",
    _SPEC,
)
OPF005 = define(
    "OPF005", Severity.FEJL, "Filen med faktiske tal nævner en budgetlinje eller et måltal, "
    "ansøgningen ikke har", "pulje's fil med faktiske tal (docs/after.md)",
)
OPF006 = define(
    "OPF006", Severity.FEJL, "Filen med faktiske tal har ingen tal udfyldt (ingen status, "
    "måltal eller forbrug)", "pulje's fil med faktiske tal (docs/after.md)",
)
