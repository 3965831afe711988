"""Layers that never reach up: data flows one way (answer file → model → rules → documents →
pages → report → archive, with the desk and submission on top), and no package imports one on
its own layer or above it. Every import counts: at the top of a module, inside a function, under
``if TYPE_CHECKING:``. The table is the README's layout table ("which package may import which"):
a test keeps the two the same."""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Layer by layer, lowest first: a package may import only packages on a lower layer (and the
#: standard library and third-party libraries). Packages on one layer do not import each other.
LAYERS: list[tuple[str, ...]] = [
    ("pulje", "pulje.diagnostics"),  # findings, codes, messages, errors; pulje/__init__ is empty
    ("pulje.files",),                # files written whole or not at all
    ("pulje.yamlsource",),           # YAML with a source map: below pools and answers
    ("schemas",),                    # the pydantic answer models (top level, fixed by the design)
    ("pulje.pools", "pulje.profile"),  # pools and rounds (templates/); the kommune profile
    ("pulje.answers",),              # the answer file: loader, starter, writer
    ("pulje.checks",),               # the rules
    ("pulje.documents",),            # the writers: Word template, form, budget (Word, Excel)
    ("pulje.office",),               # LibreOffice → PDF, pages
    ("pulje.report",),               # build: documents + pages + report.json
    ("pulje.archive",),              # the archive
    ("pulje.portfolio",),            # the portfolio: status, dates, calendar (beside the archive)
    ("pulje.drafts", "pulje.submission", "pulje.lifecycle"),  # the desk, submission, and the
                                     # committee case, grant, change and reports
    ("pulje.web", "pulje.commands"),  # pulje in the browser; the command line's commands
    ("cli", "pulje.tools"),          # the command line; the maintainers' tools (docs, catalogue)
]
FIRST_PARTY = ("pulje", "schemas", "cli")


@dataclass(frozen=True)
class Upward:
    """One import that runs up (or sideways) a layer."""

    file: str
    line: int
    importer: str
    imported: str
    importer_layer: int
    imported_layer: int

    def __str__(self) -> str:
        return (f"{self.file}:{self.line}: {self.importer} (layer {self.importer_layer}) "
                f"imports {self.imported} (layer {self.imported_layer})")


def package_of(module: str, layers: list[tuple[str, ...]] = LAYERS) -> tuple[str, int] | None:
    """The package of the table ``module`` belongs to, and its layer (longest name wins). The
    bare ``pulje`` is its own ``__init__`` only: what lies inside it needs a row of its own."""
    best: tuple[str, int] | None = None
    for number, names in enumerate(layers):
        for name in names:
            inside = module.startswith(name + ".") and name != "pulje"
            if (module == name or inside) and (
                best is None or len(name) > len(best[0])
            ):
                best = (name, number)
    return best


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(tree: ast.AST, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, module) of every import in ``tree``, wherever it stands; ``from pulje import x``
    is ``pulje.x``, and relative imports are resolved against ``module``."""
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".")
                package = package if is_package else package[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join([*package, base] if base else package)
            out += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return out


def engine_modules(root: Path) -> list[Path]:
    files = sorted((root / "pulje").rglob("*.py")) + sorted((root / "schemas").rglob("*.py"))
    return [*files, root / "cli.py"]


def upward_imports(root: Path, layers: list[tuple[str, ...]] = LAYERS) -> tuple[
    list[Upward], list[str]
]:
    """Every import of a module of ``root`` that does not go down a layer, and every module or
    import of pulje's own that the table does not place."""
    upward: list[Upward] = []
    unplaced: list[str] = []
    for path in engine_modules(root):
        rel = path.relative_to(root).as_posix()
        module = module_name(path, root)
        here = package_of(module, layers)
        if here is None:
            unplaced.append(f"{rel}: {module} is on no layer of the table")
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
        for line, name in imported_modules(tree, module, path.name == "__init__.py"):
            if name.split(".")[0] not in FIRST_PARTY:
                continue
            there = package_of(name, layers)
            if there is None:
                unplaced.append(f"{rel}:{line}: imports {name}, which is on no layer")
            elif there[0] != here[0] and there[1] >= here[1]:
                upward.append(Upward(rel, line, here[0], there[0], here[1], there[1]))
    return upward, unplaced


def test_no_import_runs_up_or_sideways_a_layer() -> None:
    upward, unplaced = upward_imports(ROOT)
    assert not unplaced, "\n".join(unplaced)
    assert not upward, (
        "imports that run up (or sideways) a layer; move the code to the layer it belongs on "
        "(see the README's layout table):\n" + "\n".join(map(str, upward))
    )


def test_every_engine_package_is_on_a_layer() -> None:
    packages = {module_name(p.parent, ROOT) for p in (ROOT / "pulje").glob("*/__init__.py")}
    placed = {name for names in LAYERS for name in names}
    assert packages <= placed, sorted(packages - placed)
    assert len(engine_modules(ROOT)) > 80  # the walk found the code


# --- the checker finds what it must find -----------------------------------------------------

def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    for name in ("pulje/__init__.py", "schemas/__init__.py", "cli.py"):
        if not (root / name).exists():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text("", encoding="utf-8")
    return root


def test_the_checker_names_an_upward_import_anywhere_in_a_module(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "pulje/pools/__init__.py": """\
            from __future__ import annotations

            from typing import TYPE_CHECKING

            from pulje.diagnostics import N_

            if TYPE_CHECKING:
                from pulje.answers.loader import LoadedApplication


            def load() -> None:
                from pulje import answers
                import pulje.drafts.reader
        """,
        "pulje/drafts/desk.py": "from ..submission import workflow\nfrom . import reader\n",
        "pulje/answers/__init__.py": "from pulje.pools import load\n",
    })
    upward, unplaced = upward_imports(root)
    assert unplaced == []
    assert [str(u) for u in upward] == [
        "pulje/drafts/desk.py:1: pulje.drafts (layer 12) imports pulje.submission (layer 12)",
        "pulje/pools/__init__.py:8: pulje.pools (layer 4) imports pulje.answers (layer 5)",
        "pulje/pools/__init__.py:12: pulje.pools (layer 4) imports pulje.answers (layer 5)",
        "pulje/pools/__init__.py:13: pulje.pools (layer 4) imports pulje.drafts (layer 12)",
    ]


def test_the_checker_names_a_package_the_table_does_not_place(tmp_path: Path) -> None:
    root = _tree(tmp_path, {"pulje/kalender/__init__.py": "",
                            "cli.py": "import pulje.kalender\n"})
    _upward, unplaced = upward_imports(root)
    assert unplaced == [
        "pulje/kalender/__init__.py: pulje.kalender is on no layer of the table",
        "cli.py:1: imports pulje.kalender, which is on no layer",
    ]


# --- the README says the same ----------------------------------------------------------------

def _readme_layers() -> list[tuple[str, ...]]:
    """The README's layout table: (layer, folder) rows, as layers of dotted package names."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d+) \| (.+?) \|", text, re.MULTILINE)
    assert rows, "the README has no layout table with layer numbers"
    layers: dict[int, list[str]] = {}
    for number, folders in rows:
        for folder in re.findall(r"`([^`]+)`", folders):
            name = folder.rstrip("/").removesuffix(".py").removesuffix("/__init__").replace(
                "/", ".")
            layers.setdefault(int(number), []).append(name)
    assert sorted(layers) == list(range(len(layers)))
    return [tuple(layers[n]) for n in sorted(layers)]


def test_the_readme_layout_table_is_the_layer_table() -> None:
    assert [set(layer) for layer in _readme_layers()] == [set(layer) for layer in LAYERS]
