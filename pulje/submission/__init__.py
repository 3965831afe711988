"""``pulje submit``: the final documents as a submission package, an e-mail draft, a zip, and
an archive entry (issue 5, item 1).

``submit(application, out_dir=…, archive_root=…)`` refuses an application with fejl or over the
page limit (nothing written); otherwise it builds the documents, makes the package (see
``submission.workflow`` for its layout and ``submission.mail`` for the e-mail draft), zips it
and archives it. ``describe(result, tr)`` is the Danish account the CLI prints.
"""

from pulje.submission.channels.email import EML_NAME
from pulje.submission.errors import (
    ApplicationChanged,
    NotArchived,
    PackageExists,
    PackageNotWritten,
    SubmissionError,
)
from pulje.submission.mail import Attachment, Contact, draft_email, eml_bytes
from pulje.submission.report import describe
from pulje.submission.workflow import PACKAGE_PREFIX, SubmitResult, submit

__all__ = [
    "EML_NAME",
    "PACKAGE_PREFIX",
    "ApplicationChanged",
    "Attachment",
    "Contact",
    "NotArchived",
    "PackageExists",
    "PackageNotWritten",
    "SubmissionError",
    "SubmitResult",
    "describe",
    "draft_email",
    "eml_bytes",
    "submit",
]
