"""ARK: the submission package and the archive — every code the archive emits, defined once.

ARK001–ARK005 are findings about a package before it is archived (``check_package``; ``add``
refuses a package with any of them). ARK010–ARK013 are tamper evidence found by ``verify``.
ARK020–ARK023 are notes and warnings about the archive folder that do not mean an entry is
damaged: an interrupted ``add`` may leave an unreferenced blob or a temporary file behind.
ARK024 refuses a manifest with absurd values (issue 8). ARK025–ARK028 are what ``verify`` says
when the archive cannot prove what it claims: no folder, an index missing or emptied while
archived files are there, a whole package the index does not list, an index row that cannot be
read. ARK029 is a work folder an interrupted ``pulje submit`` or ``build`` left behind.
"""

from pulje.diagnostics import Severity
from pulje.diagnostics.codes import define

_PKG = ("pulje's submission package format pulje-pakke/2, and pulje-pakke/1 still read "
        "(archive/manifest.py, archive/package.py)")
_ARK = ("pulje's archive: content-addressed files and index (archive/blobs.py, "
        "archive/index.py, archive/verify.py)")

ARK001 = define("ARK001", Severity.FEJL, "manifest.json mangler eller kan ikke læses", _PKG)
ARK002 = define(
    "ARK002", Severity.FEJL, "Et felt i manifest.json mangler eller er ugyldigt", _PKG
)
ARK003 = define("ARK003", Severity.FEJL, "En fil i manifestet mangler i pakken", _PKG)
ARK004 = define("ARK004", Severity.FEJL, "En fil i pakken passer ikke med manifestet", _PKG)
ARK005 = define("ARK005", Severity.FEJL, "En fil i pakken står ikke i manifestet", _PKG)

ARK010 = define("ARK010", Severity.FEJL, "En arkiveret fil mangler", _ARK)
ARK011 = define("ARK011", Severity.FEJL, "En arkiveret fil er ændret", _ARK)
ARK012 = define(
    "ARK012", Severity.FEJL, "Arkivets indeks passer ikke med det arkiverede manifest", _ARK
)
ARK013 = define("ARK013", Severity.FEJL, "Arkivets indeks er beskadiget", _ARK)

ARK020 = define(
    "ARK020", Severity.INFO, "Arkiveret fil uden arkivpost (fra en afbrudt arkivering)", _ARK
)
ARK021 = define(
    "ARK021", Severity.INFO, "Midlertidig fil fra en afbrudt arkivering", _ARK
)
ARK022 = define("ARK022", Severity.ADVARSEL, "Ukendt fil i arkivmappen", _ARK)
ARK023 = define("ARK023", Severity.INFO, "Arkivet findes ikke endnu eller er tomt", _ARK)

ARK024 = define(
    "ARK024", Severity.FEJL,
    "manifest.json har en urimelig værdi (for stor, ikke endelig, for dybt indlejret, for lang)",
    _PKG + "; grænser: tal under 10^19, beløb under 10^12 kr., dybde 16, tekst 1.000 tegn",
)
ARK025 = define("ARK025", Severity.FEJL, "Arkivmappen findes ikke", _ARK)
ARK026 = define(
    "ARK026", Severity.FEJL,
    "Arkivets indeks mangler eller er tomt, men der ligger arkiverede filer", _ARK,
)
ARK027 = define(
    "ARK027", Severity.FEJL, "En hel arkiveret pakke står ikke i arkivets indeks", _ARK
)
ARK028 = define(
    "ARK028", Severity.FEJL, "En arkivpost i indekset har en ugyldig eller urimelig værdi", _ARK
)
ARK029 = define(
    "ARK029", Severity.INFO,
    "Arbejdsmappe efterladt af en afbrudt pulje submit eller build",
    "pulje's arbejdsmapper (files/workdir.py): mærket og låst, mens de bruges",
)
