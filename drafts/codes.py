"""DOC: drafts read from Word and PDF — every code the project office's desk and the Word import
emit, defined once.

DOC001–DOC004: the file itself cannot be read (status "ulæselig"). DOC005–DOC008: the content
controls of a Word draft. DOC009–DOC013: what is read from the text of a PDF or a Word file
without controls. DOC014–DOC015: the budget a Word draft carries. DOC016–DOC018: the paths
given. DOC019: a draft whose controls lost their tags.
"""

from diagnostics import Severity
from diagnostics.codes import define

_OPC = "ECMA-376 del 2 (Open Packaging Conventions): en .docx er en zip-pakke med XML-dele"
_LIMITS = (
    "pulje's grænser for Word-filer: 50 MB pr. del og 200 MB i alt udpakket (værn mod "
    "zip-bomber, OWASP 'File Upload Cheat Sheet')"
)
_SDT = (
    "pulje's Word-konvention: hvert svar står i en indholdskontrol (w:sdt, ECMA-376 del 1 "
    "§ 17.5.2) mærket med feltets sti (rendering/form.py)"
)
_FORM = "Ansøgningsskemaets faste tekst (../shared/spec/bedre-ressourceforloeb-form.md)"
_PART = "pulje's budgetdel: en brugerdefineret XML-del (ECMA-376 del 1 § 15.2.5) i .docx-filen"

DOC001 = define(
    "DOC001", Severity.FEJL,
    "Filen kan ikke læses som Word-dokument (ikke en .docx, beskadiget eller krypteret)", _OPC,
)
DOC002 = define(
    "DOC002", Severity.FEJL, "Word-filen pakker ud til mere end pulje vil læse (zip-bombe?)",
    _LIMITS,
)
DOC003 = define(
    "DOC003", Severity.FEJL, "PDF'en kan ikke læses (beskadiget eller beskyttet med adgangskode)",
    "ISO 32000-1 (PDF 1.7) § 7.5 filstruktur og § 7.6 kryptering; pypdf",
)
DOC004 = define(
    "DOC004", Severity.FEJL,
    "LibreOffice kunne ikke gøre Word-filen til PDF (fejl eller tidsgrænse), så siderne "
    "kendes ikke",
    "LibreOffice headless (sidetal findes kun i et opsat dokument)",
)
DOC005 = define("DOC005", Severity.FEJL, "Et felt fra skemaet mangler som indholdskontrol", _SDT)
DOC006 = define(
    "DOC006", Severity.FEJL, "En indholdskontrol er mærket med et felt, som skemaet ikke har",
    _SDT,
)
DOC007 = define("DOC007", Severity.FEJL, "Samme felt står i flere indholdskontroller", _SDT)
DOC008 = define(
    "DOC008", Severity.FEJL,
    "Teksten i en indholdskontrol passer ikke til feltet (fx tekst, hvor der skal stå et tal)",
    _SDT + "; felttyperne i schemas/",
)
DOC009 = define("DOC009", Severity.FEJL, "En af skemaets overskrifter mangler i dokumentet", _FORM)
DOC010 = define("DOC010", Severity.FEJL, "Et af skemaets spørgsmål mangler i dokumentet", _FORM)
DOC011 = define(
    "DOC011", Severity.INFO, "Det ansøgte beløb, læst i dokumentets tekst",
    _FORM + ': "Angiv det ansøgte beløb"',
)
DOC012 = define(
    "DOC012", Severity.ADVARSEL, "Det ansøgte beløb kunne ikke findes i dokumentets tekst",
    _FORM + ': "Angiv det ansøgte beløb"',
)
DOC013 = define(
    "DOC013", Severity.FEJL, "Det kan ikke afgøres, hvilken pulje dokumentet er en ansøgning til",
    "Puljedefinitionerne under templates/ (puljens navn står i skemaets overskrift)",
)
DOC014 = define(
    "DOC014", Severity.ADVARSEL, "Word-udkastet bærer intet detaljeret budget", _PART,
)
DOC015 = define("DOC015", Severity.FEJL, "Budgettet i Word-udkastet kan ikke læses", _PART)
DOC016 = define(
    "DOC016", Severity.FEJL, "Filen eller mappen findes ikke eller kan ikke læses", "pulje check",
)
DOC017 = define(
    "DOC017", Severity.FEJL, "Filtypen kan ikke kontrolleres (kun .yaml, .yml, .docx og .pdf)",
    "pulje check",
)
DOC019 = define(
    "DOC019", Severity.ADVARSEL,
    "Indholdskontrollerne har mistet deres feltnavne; kun dokumentets tekst kontrolleres", _SDT,
)
DOC018 = define(
    "DOC018", Severity.ADVARSEL, "Mappen rummer ingen svarfiler, Word- eller PDF-filer",
    "pulje check",
)

#: The codes that mean the file could not be read at all: its status is "ulæselig".
UNREADABLE = frozenset({"DOC001", "DOC002", "DOC003", "DOC016", "DOC017"})
