"""E-mail: the draft to the round's recipients (``mailkladde.eml``), as before the channels
were data — plus the applicant's own attachments. What is attached of each document: the
formats the round's e-mail asks for (Den centrale pulje 2016: Word and PDF), else the files the
document sends (the form and budget attachment as PDF, the workbook as .xlsx)."""

from __future__ import annotations

from collections.abc import Mapping

from pulje.pools import EmailKanal
from pulje.submission.channels import Made, Parcel, write_new
from pulje.submission.mail import Attachment, draft_email, eml_bytes, safe_filename

EML_NAME = "mailkladde.eml"
#: What the e-mail's body says after a file that has no pages to count.
_FORMAT_NOTES = {"xlsx": "Excel", "docx": "Word", "csv": "CSV"}


def _note(kind: str, pages: int | None) -> str:
    if kind != "pdf":
        return _FORMAT_NOTES.get(kind, kind.upper())
    if pages is None:
        return "PDF"
    return "1 side" if pages == 1 else f"{pages} sider"


def sent_kinds(sends: tuple[str, ...], files: Mapping[str, object], kanal: object) -> list[str]:
    """The kinds of a document's files that go to the pool."""
    wanted: list[str] = list(kanal.formater or []) if isinstance(kanal, EmailKanal) else []
    chosen = [kind for kind in files if kind in wanted]
    return chosen or [kind for kind in sends if kind in files]


def make(parcel: Parcel) -> Made:
    kanal = parcel.runde.kanal
    assert isinstance(kanal, EmailKanal)
    attachments = [
        Attachment(doc.files[kind], safe_filename(
            f"{doc.document.mail_name} - {parcel.kommune}.{kind}"), _note(kind, doc.pages))
        for doc in parcel.documents
        for kind in sent_kinds(doc.document.sends, doc.files, kanal)
    ]
    attachments += [Attachment(path, own.name, own.tekst) for own, path in parcel.attachments]
    subject = kanal.emne or f"Ansøgning til {parcel.pool.navn}"  # FOR011 says so
    message = draft_email(parcel.pool, kommune=parcel.kommune, projektnavn=parcel.projekt,
                          runde=parcel.runde.id, amount=parcel.amount, attachments=attachments,
                          contact=parcel.contact, subject=subject)
    write_new(parcel.stage / EML_NAME, eml_bytes(message))
    record = {"type": "email", "fil": EML_NAME, "til": kanal.modtager, "cc": list(kanal.cc),
              "emne": subject}
    return Made("email", {"eml": EML_NAME}, record, kanal.modtager, list(kanal.cc), subject)
