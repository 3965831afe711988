"""SCH: the form of an answer file (YAML, types, keys) — before any rule looks at its content."""

from pulje.diagnostics import Severity
from pulje.diagnostics.codes import define

_PYD = "pulje's answer-file schema (schemas/)"
SCH001 = define("SCH001", Severity.FEJL, "Filen er ikke gyldig YAML", "YAML 1.1 (PyYAML)")
SCH002 = define(
    "SCH002", Severity.FEJL, "Tegn som Words XML ikke kan rumme",
    "XML 1.0 § 2.2 (tilladte tegn); engineering-notes § 3",
)
SCH003 = define("SCH003", Severity.FEJL, "Ukendt nøgle (med forslag)", _PYD)
SCH004 = define("SCH004", Severity.FEJL, "Påkrævet felt eller afsnit mangler", _PYD)
SCH005 = define("SCH005", Severity.FEJL, "Filen er ikke UTF-8", "YAML 1.1 § 5.2 (tegnsæt)")
SCH006 = define("SCH006", Severity.FEJL, "Forkert type eller ugyldig værdi", _PYD)
SCH007 = define("SCH007", Severity.FEJL, "Samme nøgle står to gange", "YAML 1.1 § 3.2.1.1")
SCH008 = define(
    "SCH008", Severity.FEJL, "Filen er tom eller ikke en ansøgning",
    "pulje's answer-file format",
)
SCH009 = define(
    "SCH009", Severity.FEJL, "Ukendt pulje eller ansøgningsrunde",
    "puljedefinitionerne under templates/",
)
SCH010 = define(
    "SCH010", Severity.ADVARSEL, "Et YAML-mærke (!!int, !!timestamp, !python/…) ignoreres",
    "YAML 1.1: mærker (tags); pulje læser værdien som den står (skemaets typer afgør den)",
)
SCH011 = define(
    "SCH011", Severity.INFO, "Reglerne kunne ikke kontrollere et afsnit med fejl",
    "pulje's kontrol: afsnit med fejl i formen springes over af reglerne, resten kontrolleres",
)
SCH012 = define(
    "SCH012", Severity.FEJL, "pulje fejlede uventet på filen (en fejl i pulje, ikke i filen)",
    "pulje's kontrol: en uventet fejl bliver et fund for den ene fil, resten kontrolleres",
)
