"""Write docs/rules.md: one table of every diagnostic code with its source, then each rule's
what / why / example from its docstring. Run ``python -m pulje.tools.docs`` (``make docs``).

It imports every module that defines codes (importing fills the register), from every layer,
so it stands on the top one."""

from __future__ import annotations

import sys
from pathlib import Path

import pulje.answers.codes
import pulje.archive.codes
import pulje.documents.committee.codes
import pulje.documents.followup.codes
import pulje.documents.templatecheck
import pulje.drafts.codes
import pulje.profile.codes
import pulje.report.pagecheck
import pulje.yamlsource.codes
from pulje.checks import RULES
from pulje.diagnostics.codes import FAMILIES, all_codes

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "docs" / "rules.md"

# Every module that defines codes (the rules' codes come with pulje.checks).
CODE_MODULES = (
    pulje.yamlsource.codes, pulje.answers.codes, pulje.report.pagecheck,
    pulje.documents.templatecheck, pulje.archive.codes, pulje.drafts.codes,
    pulje.profile.codes, pulje.documents.committee.codes, pulje.documents.followup.codes,
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render() -> str:
    docs = {r.code.code: r.doc for r in RULES}
    lines = [
        "# Diagnostiske koder",
        "",
        "Genereret af `python -m pulje.tools.docs` ud fra kodernes register — ret ikke i hånden.",
        "Alvor: **fejl** blokerer en endelig ansøgning, **advarsel** bør ses af et menneske, "
        "**info** oplyser.",
        "",
        "| Kode | Alvor | Hvad | Kilde |",
        "|---|---|---|---|",
    ]
    codes = list(all_codes())
    for c in codes:
        lines.append(
            f"| {c.code} | {c.severity.value} | {_cell(c.summary)} | {_cell(c.source)} |"
        )
    lines += ["", "## Familier", ""]
    for prefix, name in FAMILIES.items():
        lines.append(f"- `{prefix}`: {name}")
    lines += ["", "## Reglerne i detaljer", ""]
    for c in codes:
        doc = docs.get(c.code) or c.doc
        if not doc:
            continue
        lines += [f"### {c.code} ({c.severity.value}): {c.summary}", "", doc, ""]
    return "\n".join(lines).rstrip() + "\n"


def main() -> int:
    TARGET.parent.mkdir(exist_ok=True)
    TARGET.write_text(render(), encoding="utf-8")
    print(f"{TARGET.relative_to(ROOT)} skrevet")
    return 0


if __name__ == "__main__":
    sys.exit(main())
