"""SCH: the codes of reading an answer file as YAML (encoding, characters, syntax, keys twice,
tags). The codes of its form (types, keys, pool) are in ``pulje.answers.codes``."""

from pulje.diagnostics import Severity
from pulje.diagnostics.codes import define

SCH001 = define("SCH001", Severity.FEJL, "Filen er ikke gyldig YAML", "YAML 1.1 (PyYAML)")
SCH002 = define(
    "SCH002", Severity.FEJL, "Tegn som Words XML ikke kan rumme",
    "XML 1.0 § 2.2 (tilladte tegn); engineering-notes § 3",
)
SCH005 = define("SCH005", Severity.FEJL, "Filen er ikke UTF-8", "YAML 1.1 § 5.2 (tegnsæt)")
SCH007 = define("SCH007", Severity.FEJL, "Samme nøgle står to gange", "YAML 1.1 § 3.2.1.1")
SCH010 = define(
    "SCH010", Severity.ADVARSEL, "Et YAML-mærke (!!int, !!timestamp, !python/…) ignoreres",
    "YAML 1.1: mærker (tags); pulje læser værdien som den står (skemaets typer afgør den)",
)
