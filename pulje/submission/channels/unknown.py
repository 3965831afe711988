"""A round that does not say how its application is sent (most rounds of the catalogue): the
package has the documents and a note listing them with the round's facts, and no e-mail draft
— a draft to no one, or an upload set for a portal the round may not use, would mislead.
FOR012 says so at submission."""

from __future__ import annotations

from pulje.archive.notes import SEND_NOTE
from pulje.diagnostics import Translator
from pulje.pools.deadline import when
from pulje.submission.channels import Made, Parcel, write_new

_DA = Translator("da")


def note(parcel: Parcel) -> str:
    r = parcel.runde
    deadline = when(r.frist, _DA) if r.frist else "ikke oplyst"
    files = [path.name for doc in parcel.documents for path in doc.files.values()]
    files += [path.name for _own, path in parcel.attachments]
    lines = [
        "# Sådan sendes ansøgningen",
        "",
        f"Runden ({parcel.pool.navn}, runde {r.id}) oplyser ikke, hvordan ansøgningen sendes. "
        "Send den, som STAR's puljeopslag siger (e-mail eller Tilskudsportalen).",
        "",
        f"- Frist: {deadline}",
        f"- Finanslovskonto: {', '.join(r.konti) or 'ikke oplyst'}",
        f"- Projekt: {parcel.projekt}",
        f"- Ansøger: {parcel.kommune}",
        f"- Ansøgt beløb: {_DA.kroner(parcel.amount)}",
        "",
        "## Filerne i pakken",
        "",
        *(f"- {name}" for name in files),
        "",
    ]
    return "\n".join(lines)


def make(parcel: Parcel) -> Made:
    write_new(parcel.stage / SEND_NOTE, note(parcel).encode("utf-8"))
    return Made("ukendt", {"note": SEND_NOTE}, {"type": None, "note": SEND_NOTE})
