"""PRF: the kommune profile (``pulje profile``)."""

from pulje.diagnostics import Severity
from pulje.diagnostics.codes import define

_OWN = "pulje's kommuneprofil (pulje/profile/model.py, docs/after.md)"
PRF001 = define("PRF001", Severity.FEJL, "Kommuneprofilen har en ukendt nøgle eller en ugyldig "
                "værdi", _OWN)
PRF002 = define(
    "PRF002", Severity.ADVARSEL, "CVR-nummerets kontrolciffer passer ikke",
    "CVR-nummerets modulus 11-kontrol (vægte 2, 7, 6, 5, 4, 3, 2, 1)",
)
PRF003 = define(
    "PRF003", Severity.INFO, "Kommuneprofilen mangler en oplysning, som dokumenterne bruger",
    _OWN,
)
