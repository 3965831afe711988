"""BUD007 and BUD011 (checks.audit): the audit the grant's size calls for, and what the budget
sets aside for it, in Danish and English."""

from __future__ import annotations

from answer_edits import EXAMPLE_TEXT, diagnostics_of, edit

from pulje.diagnostics import Translator
from pulje.diagnostics.report import message_text

EN, DA = Translator("en"), Translator("da")


def _audit(text: str) -> tuple[str, str, str, str]:
    [info] = [d for d in diagnostics_of(text) if d.code == "BUD011"]
    da, da_hint = message_text(info, DA)
    en, en_hint = message_text(info, EN)
    return da, da_hint, en, en_hint


def test_the_audit_info_names_what_the_budgets_audit_line_sets_aside() -> None:
    """The example budgets the audit (kategori revision, 2 × 12.500 kr.): the info says so,
    instead of asking to budget the auditor's fee."""
    da, da_hint, en, en_hint = _audit(EXAMPLE_TEXT)
    assert da == ("Et tilskud på 2.150.000,00 kr. kræver revision og forvaltningsrevision ved en "
                  "registreret eller statsautoriseret revisor. Budgettet afsætter 25.000,00 kr. "
                  "til revision (kategorien Revision).")
    assert "afsætte" not in da_hint and "dækker revisors honorar" in da_hint
    assert en == ("A grant of DKK 2,150,000.00 calls for audit and performance audit "
                  "(forvaltningsrevision) by a registered or state-authorised auditor. The "
                  "budget sets aside DKK 25,000.00 for audit (category Revision).")
    assert en_hint == "Check that the amount covers the auditor's fee for this audit."


def test_without_an_audit_line_the_audit_info_asks_to_budget_the_fee() -> None:
    text = edit("    - kategori: revision\n", "    - kategori: oevrige\n")
    da, da_hint, en, en_hint = _audit(text)
    assert da.endswith("ved en registreret eller statsautoriseret revisor.")
    assert "Budgettet afsætter" not in da
    assert da_hint == "Afsæt revisors honorar i budgettet: en linje med 'kategori: revision'."
    assert en == ("A grant of DKK 2,150,000.00 calls for audit and performance audit "
                  "(forvaltningsrevision) by a registered or state-authorised auditor.")
    assert en_hint == "Budget the auditor's fee: a line with 'kategori: revision'."
