"""Work folders: what a killed run leaves is found and removed; nothing else ever is."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from pulje.files.workdir import MARKER, clean, leftovers, workdir

ROOT = Path(__file__).resolve().parents[2]


def _killed_run(parent: Path) -> Path:
    """A child process that makes a work folder and is killed inside it (SIGKILL)."""
    code = textwrap.dedent(f"""
        import os, signal, sys
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from pulje.files.workdir import workdir
        with workdir(Path({str(parent)!r}), "ansoegning", "submit") as folder:
            (folder / "pakke").mkdir()
            print(folder, flush=True)
            os.kill(os.getpid(), signal.SIGKILL)
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == -signal.SIGKILL, done.stderr
    return Path(done.stdout.strip())


def test_a_work_folder_is_marked_and_removed_when_done(tmp_path: Path) -> None:
    with workdir(tmp_path, "ansoegning", "build") as folder:
        assert folder.parent == tmp_path and folder.name.startswith(".ansoegning.")
        record = json.loads((folder / MARKER).read_text(encoding="ascii"))
        assert record["kind"] == "build" and record["pid"] == os.getpid()
        assert leftovers(tmp_path) == []  # in use: never a leftover
        assert clean(tmp_path) == [] and folder.is_dir()
    assert list(tmp_path.iterdir()) == []


def test_what_a_killed_run_leaves_is_found_and_cleaned(tmp_path: Path) -> None:
    folder = _killed_run(tmp_path)
    assert folder.is_dir()
    assert leftovers(tmp_path) == [folder]
    assert clean(tmp_path) == [folder]
    assert not folder.exists()


def test_a_folder_of_a_live_run_is_left_alone(tmp_path: Path) -> None:
    code = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from pulje.files.workdir import workdir
        with workdir(Path({str(tmp_path)!r}), "ansoegning", "submit") as folder:
            print(folder, flush=True)
            sys.stdin.read()
    """)
    child = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        folder = Path(child.stdout.readline().strip())
        assert folder.is_dir()
        assert leftovers(tmp_path) == []
        assert clean(tmp_path) == []
        assert folder.is_dir()
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(timeout=60)
    assert not folder.exists()


def test_look_alikes_are_never_taken_for_leftovers(tmp_path: Path) -> None:
    real = _killed_run(tmp_path)
    plain = tmp_path / ".ansoegning.abcd1234"  # the name, but no marker
    plain.mkdir()
    (plain / "mine.docx").write_bytes(b"mine")
    forged = tmp_path / ".noter.abcd1234"  # a marker that is not pulje's format
    forged.mkdir()
    (forged / MARKER).write_text('{"format": "noget andet"}', encoding="ascii")
    linked = tmp_path / ".link.abcd1234"  # a symlink to a real work folder
    linked.symlink_to(real, target_is_directory=True)
    marker_link = tmp_path / ".markerlink.abcd1234"  # the marker itself a symlink
    marker_link.mkdir()
    (marker_link / MARKER).symlink_to(real / MARKER)
    (tmp_path / ".fil.abcd1234").write_bytes(b"a file")
    visible = tmp_path / "synlig"  # not hidden
    visible.mkdir()
    (visible / MARKER).write_bytes((real / MARKER).read_bytes())
    assert leftovers(tmp_path) == [real]
    assert clean(tmp_path) == [real]
    for kept in (plain, forged, marker_link, visible):
        assert kept.is_dir()
    assert linked.is_symlink() and (plain / "mine.docx").read_bytes() == b"mine"
