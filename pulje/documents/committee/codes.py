"""UDV: the committee case (``pulje committee``)."""

from pulje.diagnostics import Severity
from pulje.diagnostics.codes import define

_SPEC = "../shared/spec/after-the-application.md § 1 (udvalgssagen)"
UDV001 = define(
    "UDV001", Severity.ADVARSEL, "Udvalgsmødet ligger efter puljens ansøgningsfrist",
    _SPEC + ": et møde efter fristen gør sagen til en orientering, eller ansøgningen må "
    "sendes med forbehold",
)
UDV002 = define(
    "UDV002", Severity.INFO, "Et faktum, sagen bruger, er ikke oplyst: pladsen står tom",
    "docs/pools.md: det, ingen kilde oplyser, opfindes aldrig",
)
UDV003 = define(
    "UDV003", Severity.INFO, "Sagen har pladser, som kun et menneske kan skrive",
    _SPEC + " (Vurdering, Handlemuligheder …)",
)
UDV004 = define(
    "UDV004", Severity.FEJL, "Udvalgsskabelonen kan ikke bruges",
    "docs/after.md (skabelonens form)",
)
