"""The e-mail draft of a submission: an ``.eml`` file that Outlook or Thunderbird opens.

The draft is addressed exactly as the round says (its ``kanal``: ``modtager`` as To, ``cc`` as
Cc, ``emne`` as Subject, word for word; what the round does not give is left for the sender to
fill in), has a short Danish body naming the project, the kommune
and the amount, and carries the form as PDF, the budget attachment as PDF and the budget as
.xlsx — the very bytes that are in the submission package.

Choices:

* **No From, no Date, no Message-ID.** The draft is sent from whoever opens it: Outlook and
  Thunderbird fill in the sender's own account and stamp the date and ID when it is sent. A
  placeholder address would be sent as it is if nobody noticed it; an empty sender cannot be.
* **``X-Unsent: 1``** makes Outlook open the file as a new message ready to send, not as a
  received one. Thunderbird shows it as a message; "Edit as new" (Ctrl+E) turns it into one.
* **The body is always Danish** (it goes to STAR), whatever language pulje speaks to its user.
* **Attachment names** are Danish and readable ("Ansøgningsskema - Albertslund Kommune.pdf");
  non-ASCII names are encoded by RFC 2231 (``filename*=utf-8''…``) in Content-Disposition and
  also given as ``name`` in Content-Type for older mail programs.
* **The same draft gives the same bytes**: the MIME boundary is derived from the content.
* **CRLF line endings** (RFC 5322), as Outlook expects of an .eml file.
"""

from __future__ import annotations

import email.policy
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from email.message import EmailMessage
from pathlib import Path

from pulje.diagnostics import Translator
from pulje.diagnostics.errors import PuljeError
from pulje.files.hashing import sha256_bytes
from pulje.pools import Pool, Runde

#: How the .eml is serialised: RFC 5322 with CRLF, non-ASCII headers and parameters encoded.
POLICY = email.policy.SMTP

MIME_TYPES: dict[str, tuple[str, str]] = {
    ".pdf": ("application", "pdf"),
    ".xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
}

_UNSAFE = re.compile(r'[\x00-\x1f\x7f\\/:*?"<>|]+')
MAX_NAME = 120


@dataclass(frozen=True)
class Attachment:
    """A file attached to the draft: where its bytes are, and the name the recipient sees."""

    path: Path
    filename: str
    note: str = ""  # shown after the name in the body, e.g. "14 sider"


@dataclass(frozen=True)
class Contact:
    """Who signs the e-mail: the application's project and grant manager, as far as given."""

    navn: str | None = None
    adresse: str | None = None
    telefon: str | None = None
    email: str | None = None


def safe_filename(name: str) -> str:
    """``name`` made safe as a file name on Windows, macOS and Linux (Danish letters kept)."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    stem = " ".join(_UNSAFE.sub("-", stem).split()).strip(" .-") or "bilag"
    stem = stem[: MAX_NAME - len(suffix) - 1].rstrip(" .-")
    return f"{stem}.{suffix}" if suffix else stem


def mime_type(path: Path) -> tuple[str, str]:
    return MIME_TYPES.get(path.suffix.lower(), ("application", "octet-stream"))


def round_of(pool: Pool, runde: str) -> Runde:
    """The round an application names (its id); the newest if the pool has no such round."""
    try:
        return pool.runde(runde)
    except PuljeError:
        return pool.runde()


def _accounts(facts: Runde) -> str:
    if not facts.konti:
        return ""
    word = "finanslovskonto" if len(facts.konti) == 1 else "finanslovskonti"
    return f"{word} {' og '.join(facts.konti)}, "


def body_text(
    pool: Pool,
    *,
    kommune: str,
    projektnavn: str,
    runde: str,
    amount: Decimal,
    attachments: Sequence[Attachment],
    contact: Contact | None = None,
) -> str:
    """The Danish body of the draft."""
    kr = Translator("da").kroner(amount)
    facts = round_of(pool, runde)
    lines = [
        f"Til {pool.styrelse}",
        "",
        f"Hermed sender {kommune} sin ansøgning til {pool.navn} "
        f"({_accounts(facts)}ansøgningsrunde {runde}).",
        "",
        f"Projekt: {' '.join(projektnavn.split())}",
        f"Ansøger: {kommune}",
        f"Ansøgt beløb: {kr}",
        "",
        "Vedhæftet:",
        *(f"- {a.filename}" + (f" ({a.note})" if a.note else "") for a in attachments),
        "",
        "Med venlig hilsen",
        "",
    ]
    signature = [
        contact.navn if contact else None,
        kommune,
        contact.adresse if contact else None,
        f"Tlf. {contact.telefon}" if contact and contact.telefon else None,
        contact.email if contact else None,
    ]
    lines += [s.strip() for s in signature if s and s.strip()]
    return "\n".join(lines) + "\n"


def draft_email(
    pool: Pool,
    *,
    kommune: str,
    projektnavn: str,
    runde: str,
    amount: Decimal,
    attachments: Sequence[Attachment],
    contact: Contact | None = None,
    subject: str | None = None,
) -> EmailMessage:
    """The draft as a message: To, Cc, Subject from the round (``subject`` where the round
    gives none), the body, the attachments."""
    facts = round_of(pool, runde)
    msg = EmailMessage(policy=POLICY)
    if facts.modtager:
        msg["To"] = facts.modtager
    if facts.cc:
        msg["Cc"] = ", ".join(facts.cc)
    if facts.emne or subject:
        msg["Subject"] = facts.emne or subject
    msg["X-Unsent"] = "1"
    msg.set_content(
        body_text(pool, kommune=kommune, projektnavn=projektnavn, runde=runde, amount=amount,
                  attachments=attachments, contact=contact),
        charset="utf-8",
    )
    for attachment in attachments:
        maintype, subtype = mime_type(attachment.path)
        msg.add_attachment(
            attachment.path.read_bytes(), maintype=maintype, subtype=subtype,
            filename=attachment.filename, params={"name": attachment.filename},
        )
    msg.set_boundary(_boundary(msg))
    return msg


def _boundary(msg: EmailMessage) -> str:
    """A boundary derived from the content, so the same draft gives the same bytes.

    "=_" never occurs in quoted-printable or base64 text, so it cannot clash with a part.
    """
    # The hash of the parts one after another (as hashing them in turn would give).
    digest = sha256_bytes(b"".join(part.as_bytes(policy=POLICY) for part in msg.iter_parts()))
    return f"=_pulje_{digest[:32]}"


def eml_bytes(msg: EmailMessage) -> bytes:
    """The message as the bytes of an .eml file (CRLF line endings)."""
    return msg.as_bytes(policy=POLICY)
