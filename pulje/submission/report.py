"""The short account ``pulje submit`` prints after the findings."""

from __future__ import annotations

from pulje.archive.notes import CHECKLIST, PORTAL_FOLDER, SEND_NOTE
from pulje.diagnostics import Translator
from pulje.submission.workflow import SubmitResult


def describe(result: SubmitResult, tr: Translator) -> str:
    """Where the package, its zip and the e-mail draft are, to whom it goes, pages, archive ID."""
    if result.refused:
        return tr.gettext(
            "Nothing was submitted: no package was written and nothing was archived. Correct "
            "the errors (fejl) above and run »pulje submit« again."
        )
    lines = [
        tr.format("Submission package: {folder}", {"folder": str(result.package)}),
        tr.format("Zip of the package: {file}", {"file": str(result.zip)}),
    ]
    if result.kanal == "email":
        lines += _email(result, tr)
    elif result.kanal == "tilskudsportal":
        assert result.package is not None
        lines += [
            tr.format("For Tilskudsportalen: upload the files in {folder}",
                      {"folder": str(result.package / PORTAL_FOLDER)}),
            "  " + tr.format("and type in the facts of {file} (no e-mail draft: the round is "
                             "sent through the portal).",
                             {"file": str(result.package / CHECKLIST)}),
        ]
    else:
        assert result.package is not None
        lines.append(tr.format(
            "The round does not say how it is sent: see {file} (no e-mail draft).",
            {"file": str(result.package / SEND_NOTE)}))
    if result.pages is not None and result.limit is not None:
        lines.append(tr.format("{pages} of {limit} pages", {"pages": result.pages,
                                                              "limit": result.limit}))
    lines += [notice.text(tr) for notice in result.notices]
    if result.archived is not None:
        entry = result.archived.entry
        params = {"id": entry.id, "version": entry.udgave, "root": str(result.archive_root)}
        if not result.archived.created:
            lines.append(tr.format(
                "Already in the archive {root} as {id} (version {version}).", params))
        elif entry.previous_id:
            lines.append(tr.format(
                "Archived in {root} as {id}: version {version}, new; the previous version is "
                "{previous}.", {**params, "previous": entry.previous_id}))
        else:
            lines.append(tr.format(
                "Archived in {root} as {id}: version {version}, new.", params))
    return "\n".join(lines)


def _email(result: SubmitResult, tr: Translator) -> list[str]:
    lines = [tr.format("E-mail draft: {file}", {"file": str(result.eml)})]
    if result.eml is not None:
        lines.append("  " + tr.format(
            "Open {file} in Outlook or Thunderbird, check it and send it; it is sent from your "
            "own account.", {"file": result.eml.name}))
        lines.append("  " + tr.gettext(
            "In Thunderbird, choose Edit As New Message (Ctrl+E) to send it."))
    missing = tr.gettext("not given by the round: fill it in from the pool's call")
    lines.append("  " + tr.format("To: {to}", {"to": result.to or missing}))
    if result.cc:
        lines.append("  " + tr.format("Cc: {cc}", {"cc": ", ".join(result.cc)}))
    lines.append("  " + tr.format("Subject: {subject}", {"subject": result.subject or missing}))
    return lines
