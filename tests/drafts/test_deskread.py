"""``drafts.deskread``: the desk's reading is loaded by its reading thread, as LibreOffice starts
— ``pulje check`` on Word drafts gets as far as handing them to LibreOffice without Word's,
pydantic's or the rules' modules (they load while LibreOffice starts up), and the drafts are
still read and checked in full."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import drafts_samples as samples

ROOT = Path(__file__).resolve().parents[2]

_PROBE = """
import json, sys
from pathlib import Path
import cli  # what 'pulje check' imports before it checks
from pulje.drafts import check_paths
from pulje.drafts import desk

seen = {}
real = desk._convert_and_read

def converting(items, *args, **kw):
    heavy = ("pulje.drafts.deskread", "pulje.drafts.reader", "pulje.checks", "docx", "pydantic",
             "pulje.documents.form")
    seen.update({name: name in sys.modules for name in heavy})
    seen["files"] = sum(1 for item in items if item.docx is not None)
    return real(items, *args, **kw)

desk._convert_and_read = converting
result = check_paths([Path(sys.argv[1])])
seen["scopes"] = [row.scope for row in result.files]
print(json.dumps(seen))
"""


def test_the_drafts_go_to_libreoffice_before_the_reading_modules_load(tmp_path: Path) -> None:
    folder = tmp_path / "indbakke"
    folder.mkdir()
    built = samples.built(tmp_path / "kilde.docx")
    samples.edit_control(built, folder / "udkast.docx", "identifikation.ansvarlig.telefon",
                         "4368 7400")
    done = subprocess.run([sys.executable, "-c", _PROBE, str(folder)], cwd=ROOT,
                          capture_output=True, text=True, check=True, timeout=300)
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["files"] == 1
    assert not any(loaded for name, loaded in seen.items()
                   if name not in ("files", "scopes")), seen
    assert seen["scopes"] == ["fuld"]  # and the draft was read and checked in full
