"""`pulje submit` and the files colleagues open (issue 8): modes follow the umask everywhere,
work folders of interrupted runs are reported and cleaned, messages name no work folder."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from cli import main
from pulje.archive import Archive
from pulje.diagnostics import Translator, render_text
from pulje.submission import submit

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "applications" / "albertslund-bedre-ressourceforloeb.yaml"


def _killed_run(parent: Path, name: str) -> Path:
    """The work folder a ``pulje submit`` killed with SIGKILL leaves behind."""
    code = textwrap.dedent(f"""
        import os, signal, sys
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from pulje.files.workdir import workdir
        with workdir(Path({str(parent)!r}), {name!r}, "submit") as folder:
            (folder / "pakke").mkdir()
            print(folder, flush=True)
            os.kill(os.getpid(), signal.SIGKILL)
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == -signal.SIGKILL, done.stderr
    return Path(done.stdout.strip())


@pytest.fixture(scope="module", params=[(0o022, 0o644), (0o077, 0o600)],
                ids=["umask022", "umask077"])
def run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
        ) -> SimpleNamespace:
    mask, mode = request.param
    place = tmp_path_factory.mktemp("modes")
    old = os.umask(mask)
    try:
        leftover = _killed_run(place, "pakke")
        result = submit(EXAMPLE, out_dir=place / "pakke", archive_root=place / "arkiv")
        assert result.archived is not None
        exported = Archive(place / "arkiv").export(result.archived.entry.id, place / "udtraek")
    finally:
        os.umask(old)
    return SimpleNamespace(place=place, mode=mode, result=result, exported=exported,
                           leftover=leftover)


def test_every_file_of_the_package_has_the_umasks_mode(run: SimpleNamespace) -> None:
    files = [p for p in run.result.package.rglob("*")]
    assert len(files) == 9
    for path in [*files, run.result.zip]:
        assert stat.S_IMODE(path.stat().st_mode) == run.mode, path.name
    # The main Word file too (tempfile.mkstemp used to make it 0600 whatever the umask).
    assert stat.S_IMODE(run.result.files["ansoegning.docx"].stat().st_mode) == run.mode


def test_zip_members_carry_the_umasks_mode(run: SimpleNamespace) -> None:
    with zipfile.ZipFile(run.result.zip) as zf:
        infos = zf.infolist()
    assert len(infos) == 9
    for info in infos:
        unix = info.external_attr >> 16
        assert stat.S_ISREG(unix), info.filename
        assert stat.S_IMODE(unix) == run.mode, info.filename


def test_an_archive_export_has_the_umasks_mode(run: SimpleNamespace) -> None:
    assert len(run.exported) == 9
    for path in run.exported:
        assert stat.S_IMODE(path.stat().st_mode) == run.mode, path.name


def test_a_killed_submits_work_folder_is_reported_then_cleaned(run: SimpleNamespace) -> None:
    notes = [d for d in run.result.diagnostics if d.code == "ARK029"]
    assert [d.params["folder"] for d in notes] == [str(run.leftover)]
    assert run.leftover.is_dir()  # reported, not removed behind the user's back
    res = CliRunner().invoke(main, ["--lang", "da", "submit", str(EXAMPLE), "--clean",
                                    "-o", str(run.place / "pakke")])
    assert res.exit_code == 0, res.output
    assert str(run.leftover) in res.output and "Fjernede 1 arbejdsmappe" in res.output
    assert not run.leftover.exists()
    assert run.result.package.is_dir()  # the package is not a leftover
    res = CliRunner().invoke(main, ["--lang", "da", "submit", str(EXAMPLE), "--clean",
                                    "-o", str(run.place / "pakke")])
    assert "Der blev ikke fundet" in res.output


def test_no_message_of_a_refused_submit_names_its_work_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    soffice = tmp_path / "soffice"
    soffice.write_text("#!/bin/sh\nexit 1\n")
    soffice.chmod(0o755)
    monkeypatch.setenv("PULJE_SOFFICE", str(soffice))
    target = tmp_path / "pakke"
    result = submit(EXAMPLE, out_dir=target, archive_root=tmp_path / "arkiv")
    assert result.refused
    failed = [d for d in result.diagnostics if d.code == "PAG003"]
    assert {d.params["file"] for d in failed} == {
        str(target / f"{EXAMPLE.stem}.docx"), str(target / f"{EXAMPLE.stem}-bilag-budget.docx")
    }
    shown = render_text(result.diagnostics, Translator("da"))
    assert f"{tmp_path}/." not in shown, shown
    assert sorted(p.name for p in tmp_path.iterdir()) == ["soffice"]


def test_the_command_line_shows_why_a_package_was_not_archived(tmp_path: Path) -> None:
    """The CLI prints errors through diagnostics.report.error_text: an error that composes its
    own text (the archive's cause, a refused package's findings) must keep it."""
    from pulje.archive import ArchiveReadOnly
    from pulje.diagnostics.report import error_text
    from pulje.submission import NotArchived

    cause = ArchiveReadOnly(tmp_path / "arkiv")
    text = error_text(NotArchived(tmp_path / "pakke", tmp_path / "pakke.zip", cause),
                      Translator("da"))
    assert f"Indsendelsespakken er gemt i {tmp_path / 'pakke'}" in text
    assert cause.text(Translator("da")).splitlines()[0] in text
    assert f"pulje archive add {tmp_path / 'pakke'}" in text
