"""``make clean`` removes only pulje's own, unchanged outputs; edits, notes and archives stay."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from pulje.tools.clean import clean_outputs
from pulje.tools.clean import main as clean_main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "applications" / "albertslund-bedre-ressourceforloeb.yaml"
DOCX = "albertslund-bedre-ressourceforloeb.docx"


@pytest.fixture
def outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PULJE_ARKIV", str(tmp_path / "arkiv"))
    out = tmp_path / "outputs"
    result = CliRunner().invoke(main, ["build", str(EXAMPLE), "--no-pdf", "-o",
                                       str(out / "app")])
    assert result.exit_code == 0, result.output
    return out


def test_an_unchanged_build_is_removed(outputs: Path) -> None:
    cleaned = clean_outputs(outputs)
    assert cleaned.removed == [outputs / "app"] and not cleaned.kept
    assert not (outputs / "app").exists()


def test_a_file_edited_in_word_keeps_its_folder(outputs: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    docx = outputs / "app" / DOCX
    docx.write_bytes(docx.read_bytes() + b"\0")
    assert clean_main([str(outputs)]) == 0
    printed = capsys.readouterr().out
    assert (f"Beholdt {outputs / 'app'}: ingen af pulje's optegnelser viser, at {DOCX} er "
            "pulje's egne") in printed
    assert docx.is_file() and (outputs / "app" / "report.json").is_file()


@pytest.mark.parametrize("extra", ["noter.txt", "arkiv/index.sqlite", "arkiv/objects/x"])
def test_notes_and_archives_are_kept(outputs: Path, extra: str) -> None:
    path = outputs / "app" / extra
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("mine", encoding="utf-8")
    cleaned = clean_outputs(outputs)
    assert cleaned.removed == [] and path.read_text(encoding="utf-8") == "mine"


def test_a_link_is_never_followed(outputs: Path, tmp_path: Path) -> None:
    precious = tmp_path / "andet"
    precious.mkdir()
    (precious / "vigtig.docx").write_bytes(b"x")
    os.symlink(precious, outputs / "app" / "genvej")
    assert clean_outputs(outputs).removed == []
    assert (precious / "vigtig.docx").read_bytes() == b"x"


def test_a_fifo_is_not_read(outputs: Path) -> None:
    os.mkfifo(outputs / "app" / "kanal")
    assert clean_outputs(outputs).removed == []


def test_a_submission_package_and_its_zip_are_removed(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULJE_ARKIV", str(tmp_path / "arkiv"))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["submit", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    [app] = (tmp_path / "outputs").iterdir()
    assert any(p.suffix == ".zip" for p in app.iterdir())
    assert clean_outputs(tmp_path / "outputs").removed == [app]
    assert (tmp_path / "arkiv").is_dir()  # the archive is elsewhere, and untouched


def test_make_clean_keeps_an_edited_build(tmp_path: Path) -> None:
    """The Makefile's own target, run on a copy of its rule's folder layout."""
    rule = [line for line in (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
            if "pulje.tools.clean" in line]
    assert rule, "make clean no longer asks pulje which outputs are its own"
    out = tmp_path / "outputs" / "app"
    out.mkdir(parents=True)
    (out / "mit.docx").write_bytes(b"redigeret")
    done = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-m", "pulje.tools.clean",
                           "outputs"], cwd=tmp_path, capture_output=True, text=True,
                          check=True, env={**os.environ, "PULJE_LANG": "da"})
    assert "Beholdt outputs/app: ingen af pulje's optegnelser viser, at mit.docx" in done.stdout
    assert (out / "mit.docx").is_file()
