"""The budget workbook's layout: what its writer puts where and its reader looks for.

One sheet, "Budget". A head (title, project, applicant, pool, project period, periodisation),
then the expense table under a head row ("Post", "Beskrivelse", "Antal", "Enhedspris",
"Enhed", a column per period of the round, "Ikke fordelt", "I alt", "Bemærkning"): one row per
line, its category (the guide's words) in column A, the lines of a category followed by
"<category> i alt"; "Udgifter i alt". Then the financing table (head "Finansiering",
"Beskrivelse / kilde" … "Beløb"): "Ansøgt fra puljen", the lines of each financing type,
"Finansiering i alt"; and the balance. The reader finds rows by the labels in column A and
columns by the words of the head rows, so rows added or deleted and columns widened do not
matter.

pulje's marks are custom document properties (File > Properties > Custom in Excel), which
Excel and LibreOffice Calc keep when they save: ``pulje.format`` (``FORMAT``), ``pulje.pulje``,
``pulje.runde``, ``pulje.periodisering``, and for a workbook made beside a blank form
``pulje.skema`` (the form's file name) and ``pulje.par`` (an id the form's data part holds too).
"""

from __future__ import annotations

import re

#: The value of the ``pulje.format`` property: the layout's name and version.
FORMAT = "pulje-budgetark/1"
PROPERTY_PREFIX = "pulje."
SHEET = "Budget"

POST, BESKRIVELSE, ANTAL, ENHEDSPRIS, ENHED = "Post", "Beskrivelse", "Antal", "Enhedspris", "Enhed"
IKKE_FORDELT, I_ALT, BEMAERKNING = "Ikke fordelt", "I alt", "Bemærkning"
FINANSIERING, KILDE, BELOEB = "Finansiering", "Beskrivelse / kilde", "Beløb"
EXPENSES_TOTAL = "Udgifter i alt"
FINANCING_TOTAL = "Finansiering i alt"
BALANCE = "Balance (udgifter − finansiering)"
BALANCE_NOTE = "Budgettet balancerer, når balancen er 0,00."
SUBTOTAL_SUFFIX = " i alt"
#: The description of a financing type without lines in a workbook built from an answer file.
NONE_TEXT = "Ingen"
#: The name of the list of categories the category cells are validated against.
CATEGORY_LIST = "Udgiftskategorier"
FINANCING_LIST = "Finansieringstyper"


def folded(text: object) -> str:
    """A head's or label's words as the reader compares them: case, blanks and dashes do not
    count ("I ALT", "i  alt", "Balance (udgifter - finansiering)")."""
    if not isinstance(text, str):
        return ""
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text.casefold())
    return " ".join(text.replace("\u00a0", " ").split())


def property_name(key: str) -> str:
    """The custom property of a mark: ``pulje.runde``."""
    return PROPERTY_PREFIX + key
