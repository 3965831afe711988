"""A batch laid out for the engine's ``pulje check`` (``drafts.check_paths``), under names
made here, and the check's result told back in the names the files were uploaded with.

The desk reads some things from names: the suffix (what a file is), a budget attachment
beside its form (``x-bilag-budget.pdf`` after ``x.docx``), a hidden file (``.x``) or Word's
lock file (``~$x.docx``) in a folder, and pulje's own ``report.json``/``manifest.json``. The
made names keep exactly these (``f0003.docx``, ``f0003-bilag-budget.pdf``, ``.f0004``,
``~$f0005.docx``); nothing else of an uploaded name reaches the file system. Files uploaded by
themselves are given to the check one by one (as ``pulje check a.docx b.pdf``); a zip's or a
folder's files as a folder (as ``pulje check mappe/``), with their sub-folders.

The stage lies inside the batch's folder and holds hard links to its files (a copy where links
are not possible); it is removed after the check.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pulje.diagnostics import Diagnostic
from pulje.drafts import DeskResult
from pulje.drafts.deskmodel import attachment_name, folder_order
from pulje.drafts.entries import CANDIDATES, OTHER_DOCUMENTS
from pulje.web.desk.batches import Batch, BatchStore, StoredFile

#: pulje's own records, which name the files beside them: kept as they are.
_RECORDS = ("report.json", "manifest.json")


@dataclass
class Staged:
    root: Path
    paths: list[Path] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # staged path → uploaded name

    def shown(self, text: str) -> str:
        """``text`` with every staged path in it told as the uploaded name."""
        if text in self.names:
            return self.names[text]
        if str(self.root) not in text:
            return text
        for staged in sorted(self.names, key=len, reverse=True):
            text = text.replace(staged, self.names[staged])
        return text.replace(str(self.root), "…")


def _base(stored: StoredFile) -> str:
    return PurePosixPath(stored.name.replace("\\", "/")).name or stored.name


def _suffix(base: str) -> str:
    suffix = os.path.splitext(base)[1].lower()
    return suffix if suffix in CANDIDATES or suffix in OTHER_DOCUMENTS else ""


def _made_names(files: list[StoredFile]) -> dict[int, str]:
    """File number → the name it gets in its folder of the stage."""
    bases = {f.number: _base(f) for f in files}
    order = folder_order(sorted(bases.values()))
    rank = {name: n for n, name in enumerate(order)}
    ordered = sorted(files, key=lambda f: (rank[bases[f.number]], f.number))
    stems: dict[str, str] = {}  # an uploaded stem → its made stem
    made: dict[int, str] = {}
    taken: set[str] = set()
    for n, stored in enumerate(ordered, start=1):
        base = bases[stored.number]
        if base in _RECORDS and base not in taken:
            name = base
        else:
            match = attachment_name().match(base)
            if match and match["stem"] in stems:
                name = stems[match["stem"]] + base[len(match["stem"]):].lower()
            else:
                stem = f"f{n:04d}"
                stems.setdefault(os.path.splitext(base)[0], stem)
                prefix = "~$" if base.startswith("~$") else "." if base.startswith(".") else ""
                name = prefix + stem + _suffix(base)
        if name in taken:
            name = f"f{n:04d}x{_suffix(base)}"
        taken.add(name)
        made[stored.number] = name
    return made


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _groups(batch: Batch) -> Iterator[tuple[str, list[StoredFile]]]:
    seen: dict[str, list[StoredFile]] = {}
    for stored in batch.files:
        seen.setdefault(stored.group, []).append(stored)
    yield from seen.items()


def stage(store: BatchStore, batch: Batch) -> Staged:
    """Lay ``batch`` out for the check (in a new folder inside the batch's)."""
    root = Path(tempfile.mkdtemp(prefix="stage-", dir=store.folder(batch.id)))
    staged = Staged(root)
    loose = root / "filer"
    loose.mkdir()
    for number, (group, files) in enumerate(_groups(batch), start=1):
        if not group:
            made = _made_names(files)
            for stored in files:  # in the order uploaded, as on a command line
                target = loose / made[stored.number]
                _link(store.file_path(batch, stored.number), target)
                staged.paths.append(target)
                staged.names[str(target)] = stored.name
            continue
        top = root / f"g{number:02d}"
        top.mkdir()
        staged.paths.append(top)
        staged.names[str(top)] = batch.groups.get(group, group[2:])
        folders: dict[str, list[StoredFile]] = {}
        for stored in files:
            folders.setdefault(stored.folder, []).append(stored)
        made_dirs: dict[str, Path] = {"": top}
        for folder_key in sorted(folders, key=lambda k: (k.count("/"), k)):
            where = _folder(made_dirs, folder_key, staged, files)
            made = _made_names(folders[folder_key])
            for stored in folders[folder_key]:
                target = where / made[stored.number]
                _link(store.file_path(batch, stored.number), target)
                staged.names[str(target)] = stored.name
    return staged


def _folder(made: dict[str, Path], key: str, staged: Staged, files: list[StoredFile]) -> Path:
    """The stage's folder for a folder key ("a/b"), made with its parents (d01, d02, …)."""
    if key in made:
        return made[key]
    parent_key = key.rpartition("/")[0]
    parent = _folder(made, parent_key, staged, files)
    path = parent / f"d{len(made):02d}"
    path.mkdir()
    made[key] = path
    shown_parent = staged.names[str(parent)]
    staged.names[str(path)] = f"{shown_parent}/{key.rpartition('/')[2]}"
    return path


def _diagnostic(d: Diagnostic, staged: Staged) -> Diagnostic:
    params = {k: staged.shown(v) if type(v) is str else v for k, v in d.params.items()}
    location = (dataclasses.replace(d.location, file=staged.shown(d.location.file))
                if d.location is not None else None)
    return dataclasses.replace(d, params=params, location=location)


def relabel(result: DeskResult, staged: Staged) -> DeskResult:
    """The check's rows and findings with the uploaded names in place of the stage's."""
    rows = [dataclasses.replace(row, file=staged.shown(row.file),
                                diagnostics=[_diagnostic(d, staged) for d in row.diagnostics])
            for row in result.files]
    return DeskResult(files=rows, missing=result.missing)


def remove(staged: Staged) -> None:
    shutil.rmtree(staged.root, ignore_errors=True)

