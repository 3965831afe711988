"""Work folders that an interrupted ``pulje submit`` or ``pulje build`` left behind.

They lie hidden beside the package folder (``outputs/<application>/``) and beside the build's
target (``outputs/``). ``files.workdir`` marks and locks every work folder, so only folders
that are certainly pulje's, and that no running pulje uses, are reported and removed.
"""

from __future__ import annotations

from pathlib import Path

from pulje.archive.codes import ARK029
from pulje.diagnostics import N_, Diagnostic, Location, Translator
from pulje.files import workdir
from pulje.report.workflow import default_out_dir


def _folders(application: Path, out_dir: Path | None) -> list[Path]:
    package_parent = Path(out_dir).parent if out_dir is not None else default_out_dir(application)
    return list(dict.fromkeys([package_parent, default_out_dir(application).parent]))


def find(application: Path, out_dir: Path | None = None) -> list[Path]:
    """The leftover work folders where a submit of ``application`` would make its own."""
    return [folder for parent in _folders(application, out_dir)
            for folder in workdir.leftovers(parent)]


def notes(application: Path, out_dir: Path | None = None) -> list[Diagnostic]:
    """An ARK029 note for each leftover work folder."""
    return [
        ARK029(
            N_("{folder} is a work folder left by an interrupted »pulje submit« or »pulje "
               "build«; nothing in it was sent or archived."),
            N_("Remove it with »pulje submit --clean {application}«."),
            folder=str(folder), application=str(application),
        ).at(Location(str(folder)))
        for folder in find(application, out_dir)
    ]


def clean(application: Path, out_dir: Path | None = None) -> list[Path]:
    """Remove the leftover work folders; the folders removed."""
    return [folder for parent in _folders(application, out_dir)
            for folder in workdir.clean(parent)]


def describe_clean(removed: list[Path], tr: Translator) -> str:
    if not removed:
        return tr.gettext("No work folders left by interrupted runs were found.")
    lines = [tr.ngettext("Removed {n} work folder left by an interrupted run:",
                         "Removed {n} work folders left by interrupted runs:",
                         len(removed)).format(n=len(removed))]
    lines += [f"  {folder}" for folder in removed]
    return "\n".join(lines)
