"""Write docs/rules.md: one table of every diagnostic code with its source, then each rule's
what / why / example from its docstring. Run ``python -m pulje.checks.docs`` (``make docs``)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from pulje.diagnostics.codes import FAMILIES, all_codes

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "docs" / "rules.md"

# Every module that defines codes; importing them fills the register.
CODE_MODULES = [
    "pulje.answers.codes", "pulje.checks", "pulje.rendering.pagecheck",
    "pulje.rendering.templatecheck", "pulje.archive.codes", "pulje.drafts.codes",
]


def load_all() -> None:
    for name in CODE_MODULES:
        importlib.import_module(name)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render() -> str:
    load_all()
    from pulje.checks import RULES

    docs = {r.code.code: r.doc for r in RULES}
    lines = [
        "# Diagnostiske koder",
        "",
        "Genereret af `python -m pulje.checks.docs` ud fra kodernes register — ret ikke i hånden.",
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
