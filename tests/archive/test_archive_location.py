"""The archive lives in the user's data folder, never under outputs/; an old one is not lost."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from archive_helpers import ROOT, PackageFactory
from click.testing import CliRunner

import pulje.archive.location as location
from cli import main
from pulje.archive import OLD_ROOT, Archive, default_root, locate
from pulje.diagnostics import Translator

DA = Translator("da")


def _old_archive(where: Path, make_package: PackageFactory) -> str:
    """A real archive with one entry at ``where``; its entry ID."""
    return Archive(where).add(make_package("gammel")).entry.id


def _cli(*args: str) -> object:
    return CliRunner().invoke(main, ["--lang", "da", *args])


def test_the_default_is_the_platforms_data_folder_not_outputs(
    own_data_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert default_root() == own_data_folder / "pulje" / "arkiv"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_root() == tmp_path / "home" / ".local" / "share" / "pulje" / "arkiv"
    assert "outputs" not in default_root().parts


def test_env_and_root_still_choose(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert locate(tmp_path / "valgt").root == tmp_path / "valgt"
    monkeypatch.setenv("PULJE_ARKIV", str(tmp_path / "env"))
    assert locate().root == tmp_path / "env"
    assert locate().notices == ()


def test_an_old_archive_in_outputs_is_moved_whole_with_a_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_package: PackageFactory,
    own_data_folder: Path,
) -> None:
    work = tmp_path / "arbejde"
    work.mkdir()
    monkeypatch.chdir(work)
    entry = _old_archive(work / OLD_ROOT, make_package)
    res = _cli("archive", "list")
    assert res.exit_code == 0, res.output
    new = own_data_folder / "pulje" / "arkiv"
    assert entry in res.stdout
    assert "Arkivet er flyttet fra outputs/arkiv til" in res.stderr and str(new) in res.stderr
    assert not (work / OLD_ROOT).exists()
    assert [e.id for e in Archive(new).list()] == [entry]
    verify = _cli("archive", "verify")
    assert verify.exit_code == 0, verify.output
    assert "flyttet" not in verify.output  # said once, when it happened


def test_an_old_archive_that_cannot_be_moved_is_used_with_a_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_package: PackageFactory,
) -> None:
    monkeypatch.chdir(tmp_path)
    entry = _old_archive(tmp_path / OLD_ROOT, make_package)

    def across_disks(src: object, dst: object) -> None:
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))

    monkeypatch.setattr(location.os, "rename", across_disks)
    found = locate()
    assert found.root == OLD_ROOT
    assert len(found.notices) == 1
    text = found.notices[0].text(DA)
    assert "bruges, hvor det ligger" in text and "PULJE_ARKIV" in text
    res = _cli("archive", "list")
    assert entry in res.stdout and "bruges, hvor det ligger" in res.stderr


@pytest.mark.sqlite_only  # SQLite's own file
@pytest.mark.parametrize("env", [False, True])
def test_an_old_archive_beside_a_new_one_is_named_not_orphaned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_package: PackageFactory,
    own_data_folder: Path, env: bool,
) -> None:
    monkeypatch.chdir(tmp_path)
    _old_archive(tmp_path / OLD_ROOT, make_package)
    if env:
        monkeypatch.setenv("PULJE_ARKIV", str(tmp_path / "valgt"))
    else:
        Archive(own_data_folder / "pulje" / "arkiv").add(make_package("ny"))
    found = locate()
    assert found.root != OLD_ROOT
    assert (tmp_path / OLD_ROOT / "index.sqlite").is_file()  # left whole
    (notice,) = found.notices
    text = notice.text(DA)
    assert "outputs/arkiv" in text and "--root outputs/arkiv" in text


def test_submit_archives_in_the_data_folder(own_data_folder: Path) -> None:
    # The submission module resolves the default the same way (checked without LibreOffice).
    from pulje.submission import workflow

    assert workflow.locate(None).root == own_data_folder / "pulje" / "arkiv"


def test_make_clean_leaves_every_archive_whole(tmp_path: Path) -> None:
    """Runs the real recipe of the Makefile's clean target in a copy of the project's layout."""
    make = shutil.which("make")
    assert make, "make is needed for the project's own targets"
    tree = tmp_path / "projekt"
    tree.mkdir()
    shutil.copy(ROOT / "Makefile", tree / "Makefile")
    (tree / ".venv" / "bin").mkdir(parents=True)
    # the copy's pulje is this one (make clean asks pulje which outputs are its own)
    python = tree / ".venv" / "bin" / "python"
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    python.chmod(0o755)
    (tree / "outputs").mkdir()
    (tree / "outputs" / ".gitkeep").write_text("")
    built = tree / "outputs" / "ansoegning"  # made again by build
    made = CliRunner().invoke(main, ["build", str(ROOT / "applications" /
                                                  "albertslund-bedre-ressourceforloeb.yaml"),
                                     "--no-pdf", "-o", str(built)])
    assert made.exit_code == 0, made.output
    old = tree / "outputs" / "arkiv"  # where an older pulje kept it
    (old / "objects" / "ab").mkdir(parents=True)
    (old / "index.sqlite").write_bytes(b"index")
    (old / "objects" / "ab" / ("c" * 62)).write_bytes(b"blob")
    chosen = tree / "outputs" / "mit-arkiv"  # a PULJE_ARKIV someone pointed under outputs/
    chosen.mkdir()
    (chosen / "index.sqlite").write_bytes(b"index")
    data_archive = tmp_path / "data" / "pulje" / "arkiv"
    data_archive.mkdir(parents=True)
    (data_archive / "index.sqlite").write_bytes(b"index")
    before = {p: p.read_bytes() for p in (*old.rglob("*"), *chosen.rglob("*"),
                                          *data_archive.rglob("*")) if p.is_file()}
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    done = subprocess.run([make, "-s", "clean"], cwd=tree, env=env, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert not (tree / ".venv").exists()
    assert not built.exists()
    assert (tree / "outputs" / ".gitkeep").exists()
    assert {p: p.read_bytes() for p in before} == before
    assert "outputs/arkiv" in done.stdout  # says what it kept, and why
