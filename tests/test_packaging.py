"""An installed pulje works from any folder: a wheel built from this tree, installed in a fresh
venv, has the engine, its message catalogue and the pools as package data, adds exactly
pulje, schemas and cli to site-packages, and runs `pulje pools` and `pulje build` elsewhere."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "applications" / "albertslund-bedre-ressourceforloeb.yaml"
# What a build of the source tree never needs (and what is not the project's).
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".hypothesis",
    "__pycache__", "*.egg-info", "build", "dist", "outputs",
)


def _run(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(cmd, capture_output=True, text=True, check=False,
                          **kwargs)  # type: ignore[call-overload]
    assert done.returncode == 0, f"{cmd}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel of this tree, built from a copy (a build writes build/ and *.egg-info)."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "src"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    _run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q",
          "-w", str(base / "dist")])
    (found,) = (base / "dist").glob("pulje-*.whl")
    return found


@pytest.fixture(scope="module")
def venv(wheel: Path) -> Path:
    """A fresh venv with the wheel installed. Its dependencies come from this venv's
    site-packages through a .pth file: a plain path entry, so that the editable install's own
    .pth (which maps pulje to the checkout) is not run there."""
    home = wheel.parent / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(home)])
    python = home / "bin" / "python"
    purelib = Path(_run([str(python), "-c",
                         "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
                        ).stdout.strip())
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (purelib / "zz_deps_of_the_test_venv.pth").write_text("\n".join(sorted(ours)) + "\n")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
          "--no-index", "-q", str(wheel)])
    return home


def _environment(venv: Path, home: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items()
            if k not in ("PYTHONPATH", "PULJE_TEMPLATES", "PULJE_ARKIV", "VIRTUAL_ENV")
            and not k.startswith(("LC_", "LANG", "PULJE_"))}
    return {**keep, "PATH": f"{venv / 'bin'}{os.pathsep}{keep.get('PATH', '')}",
            "HOME": str(home)}


def test_the_wheel_adds_only_pulje_schemas_and_cli_and_carries_the_data(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
    top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert top == {"pulje", "schemas", "cli.py"}
    assert {
        "pulje/locale/da/LC_MESSAGES/pulje.mo",
        "pulje/templates/bedre-ressourceforloeb/pool.yaml",
        "pulje/templates/bedre-ressourceforloeb/2016/runde.yaml",
        "pulje/templates/bedre-ressourceforloeb/2016/skema.yaml",
        "schemas/sections/identifikation.yaml",
        "pulje/checks/data/kommuner.txt",
    } <= set(names)
    # pulje web's pages: every template and static file of the tree
    web = {p.relative_to(ROOT).as_posix() for d in ("templates", "static")
           for p in (ROOT / "pulje" / "web" / d).iterdir()}
    assert web and web <= set(names), sorted(web - set(names))
    modules = {n for n in names if n.endswith(".py")}
    in_tree = {p.relative_to(ROOT).as_posix() for d in ("pulje", "schemas")
               for p in (ROOT / d).rglob("*.py")}
    assert in_tree <= modules, sorted(in_tree - modules)  # no module left out of the wheel


def test_an_installed_pulje_builds_the_example_from_another_folder(
    venv: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "et andet sted"
    elsewhere.mkdir()
    answers = elsewhere / EXAMPLE.name
    shutil.copy(EXAMPLE, answers)
    env = _environment(venv, tmp_path / "home")
    pulje = str(venv / "bin" / "pulje")

    pools = _run([pulje, "pools"], cwd=elsewhere, env=env).stdout
    assert "bedre-ressourceforloeb: Pulje til Bedre ressourceforløb" in pools
    assert "Dage tilbage" in pools and "skelet" in pools  # Danish: the catalogue came with it
    assert "17.46.65.40" in pools and "17.41.12.20" in pools  # every pool's data with it

    _run([pulje, "build", answers.name, "-o", "ud", "--no-pdf"], cwd=elsewhere, env=env)
    out = elsewhere / "ud"
    stem = EXAMPLE.stem
    for name in (f"{stem}.docx", f"{stem}-bilag-budget.docx", f"{stem}-budget.xlsx"):
        assert (out / name).stat().st_size > 1000, name
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["pulje"] == "bedre-ressourceforloeb" and len(report["filer"]) == 3
    assert not [d for d in report["diagnostics"] if d["severity"] == "fejl"]

    where = json.loads(_run([str(venv / "bin" / "python"), "-c",
                             "import json, cli, pulje, schemas, pulje.pools as p; print(json.dumps("
                             "[cli.__file__, pulje.__file__, schemas.__file__, "
                             "str(p.templates_dir())]))"],
                            cwd=elsewhere, env=env).stdout)
    for path in map(Path, where):
        assert path.resolve().is_relative_to(venv.resolve()), path
        assert not path.resolve().is_relative_to(ROOT), path


def test_pyproject_names_every_package_of_the_tree() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    in_tree = {".".join(p.parent.relative_to(ROOT).parts) for d in ("pulje", "schemas")
               for p in (ROOT / d).rglob("__init__.py")}
    assert listed == in_tree | {"pulje.templates"}
    assert config["tool"]["setuptools"]["package-dir"] == {"pulje.templates": "templates"}
