"""Errors of ``pulje submit``; all are ``PuljeError`` so the CLI shows them in Danish."""

from __future__ import annotations

from pathlib import Path

from pulje.diagnostics.errors import PuljeError, WouldOverwrite
from pulje.diagnostics.i18n import N_, Translator


class SubmissionError(PuljeError):
    """Root of the errors of ``pulje submit``."""


class PackageExists(WouldOverwrite):
    """The folder (or .zip) chosen for the package exists already."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            N_("{path} exists already; pulje never writes a submission package over it."),
            N_("Choose a new folder with -o, or leave -o out to get a new dated folder."),
            path=str(path),
        )


class ApplicationChanged(SubmissionError):
    """The answer file changed while the package was being made."""

    def __init__(self, application: Path) -> None:
        super().__init__(
            N_(
                "The answer file {file} was changed while the submission package was being "
                "made, so the documents might not match it. Nothing was written."
            ),
            N_("Save the answer file, and run »pulje submit« again."),
            file=str(application),
        )


class PackageNotWritten(SubmissionError):
    """The package could not be moved into place (disk full, no permission, …)."""

    def __init__(self, folder: Path, reason: str) -> None:
        super().__init__(
            N_("The submission package could not be written to {folder}: {reason}. "
               "Nothing was written."),
            N_("Free space or choose another folder with -o."),
            folder=str(folder), reason=reason,
        )


class NotArchived(SubmissionError):
    """The package was written, but the archive refused or failed to take it.

    Shows the archive's own error after saying where the package is, so nothing is lost: the
    user can archive the package later with ``pulje archive add``.
    """

    def __init__(self, package: Path, zip_path: Path, cause: PuljeError) -> None:
        super().__init__(
            N_("The submission package was written to {folder} (and {zip}), but it was not "
               "archived:"),
            N_("When the cause is fixed, archive the package with: pulje archive add {folder}"),
            folder=str(package), zip=str(zip_path),
        )
        self.package = package
        self.cause = cause
        self.exit_code = cause.exit_code

    def text(self, tr: Translator) -> str:
        head = tr.format(self.message, self.params)
        cause = "\n".join("  " + line for line in self.cause.text(tr).splitlines())
        hint = f"  {tr.gettext('hint')}: {tr.format(self.hint, self.params)}"
        return f"{head}\n{cause}\n{hint}"
