"""DOC: drafts read from Word and PDF — every code the project office's desk and the Word import
emit, defined once.

DOC001–DOC004: the file itself cannot be read (status "ulæselig"). DOC005–DOC008: the content
controls of a Word draft. DOC009–DOC013: what is read from the text of a PDF or a Word file
without controls. DOC014–DOC015: the budget a Word draft carries. DOC016–DOC018: the paths
given. DOC019: a draft whose controls lost their tags. DOC020–DOC023: more that is read from a
document's text. DOC024–DOC029: pulje's own output (budget attachment, report, manifest).
DOC030–DOC037: entries of a folder that are not checked, and why. DOC038: pulje's own error.
DOC039: a folder too large to check whole. DOC040: a
Word form with nothing filled in. REG001–REG012: the budget workbook (Excel) read
beside its form.
"""

from pulje.diagnostics import Severity
from pulje.diagnostics.codes import define

_OPC = "ECMA-376 del 2 (Open Packaging Conventions): en .docx er en zip-pakke med XML-dele"
_LIMITS = (
    "pulje's grænser for Word-filer: 50 MB pr. del og 200 MB i alt udpakket (værn mod "
    "zip-bomber, OWASP 'File Upload Cheat Sheet')"
)
_SDT = (
    "pulje's Word-konvention: hvert svar står i en indholdskontrol (w:sdt, ECMA-376 del 1 "
    "§ 17.5.2) mærket med feltets sti (documents/form.py)"
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
    "DOC014", Severity.FEJL,
    "Word-udkastet bærer intet detaljeret budget, og budgetregnearket ligger ikke ved siden af",
    _PART + "; budgetregnearket fra 'pulje init PULJE --docx SKEMA.docx'",
)
DOC015 = define("DOC015", Severity.FEJL, "Budgettet i Word-udkastet kan ikke læses", _PART)
DOC016 = define(
    "DOC016", Severity.FEJL, "Filen eller mappen findes ikke eller kan ikke læses", "pulje check",
)
DOC017 = define(
    "DOC017", Severity.INFO,
    "Filtypen kontrolleres ikke (pulje kontrollerer svarfiler, .docx og .pdf og genkender sine "
    "egne filer)",
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

_MARK = (
    "pulje's udkast: 'pulje build --draft' mærker hver side UDKAST (documents/form.py, "
    "documents/budget_docx.py); et udkast er ikke den endelige ansøgning"
)
_ANSWERED = "Ansøgningsskemaet: alle spørgsmål skal besvares (som TXT001)"
_OUTPUT = (
    "pulje's egne filer: 'pulje build' skriver report.json og 'pulje submit' manifest.json "
    "med SHA-256 for hver fil, den har lavet (report/record.py, archive/manifest.py)"
)
_ENTRY = "pulje check: hver post i en mappe får en linje; intet springes over i stilhed"

DOC020 = define(
    "DOC020", Severity.FEJL, "Dokumentet er mærket UDKAST: det er ikke den endelige ansøgning",
    _MARK,
)
DOC021 = define(
    "DOC021", Severity.FEJL, "Et svar viser stadig skemaets pladsholdertekst (ikke udfyldt)",
    _ANSWERED + "; pladsholderteksterne i drafts/controls.py og Words egne",
)
DOC022 = define(
    "DOC022", Severity.FEJL, "Et svarfelt i dokumentet er tomt", _ANSWERED + "; " + _FORM,
)
DOC023 = define(
    "DOC023", Severity.INFO,
    "Kun dokumentets tekst og sider er kontrolleret, ikke værdierne i svarene", _SDT,
)
DOC024 = define(
    "DOC024", Severity.INFO, "Dokumentet er ansøgningens budgetbilag",
    "pulje's budgetbilag 'Bilag: Detaljeret budget' (documents/budget_docx.py); skemaets "
    "afsnit Økonomi beder om et detaljeret budget som bilag",
)
DOC025 = define(
    "DOC025", Severity.FEJL,
    "Budgetbilaget og ansøgningsskemaet angiver forskellige ansøgte beløb",
    _FORM + ': "Angiv det ansøgte beløb"; budgetbilagets "Ansøgt fra puljen"',
)
DOC026 = define(
    "DOC026", Severity.INFO, "Filen er uændret, siden pulje lavede den", _OUTPUT,
)
DOC027 = define(
    "DOC027", Severity.ADVARSEL,
    "Filen er ændret, efter pulje lavede den; filerne ved siden af er fra før ændringen",
    _OUTPUT,
)
DOC028 = define("DOC028", Severity.INFO, "En af pulje's egne filer (rapport, manifest)", _OUTPUT)
DOC029 = define(
    "DOC029", Severity.ADVARSEL, "En fil, som pulje's rapport nævner, mangler i mappen", _OUTPUT,
)
DOC030 = define(
    "DOC030", Severity.ADVARSEL,
    "Et dokument i et format, pulje ikke kan læse (fx .doc, .odt, .rtf, .txt): gem det som .docx",
    _ENTRY,
)
DOC031 = define(
    "DOC031", Severity.ADVARSEL, "Ikke en almindelig fil (enhed, FIFO, sokkel); den læses aldrig",
    _ENTRY + "; POSIX stat(2) filtyper",
)
DOC032 = define(
    "DOC032", Severity.ADVARSEL, "Et link til en mappe; pulje følger det ikke", _ENTRY,
)
DOC033 = define(
    "DOC033", Severity.FEJL, "Et link, der peger på noget, som ikke findes", _ENTRY,
)
DOC034 = define(
    "DOC034", Severity.INFO, "En skjult fil eller mappe; den kontrolleres ikke", _ENTRY,
)
DOC035 = define(
    "DOC035", Severity.ADVARSEL,
    "Words låsefil: dokumentet er åbent i Word, så filen er måske ikke gemt", _ENTRY,
)
DOC036 = define(
    "DOC036", Severity.ADVARSEL, "En mappe med et navn som en fil (fx udkast.docx)", _ENTRY,
)
DOC037 = define(
    "DOC037", Severity.INFO, "Samme fil er givet mere end én gang; den kontrolleres én gang",
    _ENTRY,
)
DOC038 = define(
    "DOC038", Severity.FEJL,
    "pulje fik en uventet fejl under kontrollen af filen (en fejl i pulje; meld den)",
    "pulje check: én fil stopper aldrig kontrollen af de andre",
)
DOC039 = define(
    "DOC039", Severity.ADVARSEL,
    "Mappen er for stor eller for dyb til at blive kontrolleret helt", _ENTRY,
)
DOC040 = define(
    "DOC040", Severity.FEJL,
    "Word-skemaet er slet ikke udfyldt: ingen af dets svarfelter har et svar (ét fund for hele "
    "skemaet i stedet for et pr. spørgsmål)",
    _ANSWERED + "; " + _SDT,
)

_XLSX = ("ECMA-376 (SpreadsheetML): en .xlsx er en zip-pakke med XML-dele; pulje's "
         "budgetregneark (documents/budget_layout.py)")
_GUIDE = "STAR: Guide til udarbejdelse af projektbudgetter (2016/2018)"
REG001 = define(
    "REG001", Severity.FEJL,
    "Filen kan ikke læses som Excel-regneark (ikke en .xlsx, beskadiget, krypteret eller for "
    "stor)", _XLSX,
)
REG002 = define(
    "REG002", Severity.FEJL,
    "Regnearket har ikke budgettets opstilling (ingen overskriftsrække med Post og Beskrivelse)",
    _XLSX,
)
REG003 = define(
    "REG003", Severity.FEJL, "En celle i budgettet har ikke et tal eller beløb, hvor der skal "
    "stå et", _XLSX,
)
REG004 = define(
    "REG004", Severity.FEJL, "En budgetlinje har ingen eller en ukendt udgiftskategori",
    _GUIDE + ": udgiftskategorierne",
)
REG005 = define(
    "REG005", Severity.FEJL, "En budgetlinje mangler beskrivelse eller beløb",
    _GUIDE + ": specificerede linjer, antal enheder × pris pr. enhed",
)
REG006 = define(
    "REG006", Severity.ADVARSEL,
    "Et tal, regnearket selv har regnet ud, svarer ikke til budgetlinjerne (pulje regner selv)",
    _XLSX + "; pulje stoler ikke på gemte formelresultater",
)
REG007 = define(
    "REG007", Severity.FEJL, "Flettede celler dækker flere af en budgetlinjes felter", _XLSX,
)
REG008 = define(
    "REG008", Severity.FEJL,
    "Beløb i en kolonne, hvis overskrift ikke er et år, kvartal eller en måned", _XLSX,
)
REG009 = define(
    "REG009", Severity.ADVARSEL,
    "Regnearket hører ikke til skemaet (pulje's mærker nævner en anden pulje, runde eller "
    "periodisering)", _XLSX,
)
REG010 = define(
    "REG010", Severity.FEJL,
    "En formel i en indtastningscelle har intet gemt resultat", _XLSX,
)
REG011 = define(
    "REG011", Severity.FEJL,
    "Det ansøgte beløb i skemaet og i budgetregnearket er forskellige",
    "Ansøgningsskemaets afsnit Økonomi; " + _GUIDE,
)

REG012 = define(
    "REG012", Severity.INFO,
    "Et budgetregneark uden sit Word-skema ved siden af: kun regnearket er læst", _XLSX,
)

#: The codes that mean the file could not be read at all: its status is "ulæselig".
UNREADABLE = frozenset({"DOC001", "DOC002", "DOC003", "DOC016", "DOC033", "REG001"})
