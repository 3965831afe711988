"""SCH: the form of an answer file (types, keys, pool) — before any rule looks at its content.
The codes of reading the YAML itself are in ``pulje.yamlsource.codes``."""

from pulje.diagnostics import Severity
from pulje.diagnostics.codes import define

_PYD = "pulje's answer-file schema (schemas/)"
SCH003 = define("SCH003", Severity.FEJL, "Ukendt nøgle (med forslag)", _PYD)
SCH004 = define("SCH004", Severity.FEJL, "Påkrævet felt eller afsnit mangler", _PYD)
SCH006 = define("SCH006", Severity.FEJL, "Forkert type eller ugyldig værdi", _PYD)
SCH008 = define(
    "SCH008", Severity.FEJL, "Filen er tom eller ikke en ansøgning",
    "pulje's answer-file format",
)
SCH009 = define(
    "SCH009", Severity.FEJL, "Ukendt pulje eller ansøgningsrunde",
    "puljedefinitionerne under templates/",
)
SCH011 = define(
    "SCH011", Severity.INFO, "Reglerne kunne ikke kontrollere et afsnit med fejl",
    "pulje's kontrol: afsnit med fejl i formen springes over af reglerne, resten kontrolleres",
)
SCH012 = define(
    "SCH012", Severity.FEJL, "pulje fejlede uventet på filen (en fejl i pulje, ikke i filen)",
    "pulje's kontrol: en uventet fejl bliver et fund for den ene fil, resten kontrolleres",
)
