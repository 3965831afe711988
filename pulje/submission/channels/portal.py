"""STAR's Tilskudsportal: the upload set and a checklist, no e-mail draft.

The portal takes files one by one and asks for the application's facts in its own fields. So
the package gets ``Tilskudsportalen/`` with the files to upload, named as a person names them
("Ansøgningsskema - Job via foreningslivet.pdf", "Budget - Job via foreningslivet.xlsx",
"Bilag - samarbejdsaftale.pdf"), and ``tjekliste-tilskudsportalen.md``: each fact to type in
with its value, the files to upload, and what to do before sending. The files are the same
bytes as the built documents beside them (the manifest records both).
"""

from __future__ import annotations

from typing import Any

from pulje.archive.notes import CHECKLIST, PORTAL_FOLDER
from pulje.diagnostics import Translator
from pulje.pools import PortalKanal
from pulje.pools.deadline import when
from pulje.pools.round import PORTAL_LEAD_DAYS
from pulje.submission.channels import Made, Parcel, write_new
from pulje.submission.mail import safe_filename

_DA = Translator("da")


def _value(model: Any, *path: str) -> Any:
    for part in path:
        model = getattr(model, part, None)
    return model


def uploads(parcel: Parcel) -> list[tuple[str, bytes, str]]:
    """(name in the upload folder, bytes, what it is) of each file the portal takes: the files
    each listed document sends (every document when the round lists none), then the
    attachments."""
    kanal = parcel.runde.kanal
    listed = list(kanal.upload) if isinstance(kanal, PortalKanal) else []
    out: list[tuple[str, bytes, str]] = []
    for doc in parcel.documents:
        if listed and doc.document.id not in listed:
            continue
        for kind in doc.document.sends:
            path = doc.files.get(kind)
            if path is None:
                continue
            name = safe_filename(f"{doc.document.mail_name} - {parcel.projekt}.{kind}")
            out.append((name, path.read_bytes(), doc.document.role(_DA)))
    for own, path in parcel.attachments:
        out.append((own.name, path.read_bytes(), own.tekst))
    return out


def checklist(parcel: Parcel, files: list[tuple[str, bytes, str]]) -> str:
    """The checklist in Danish (it is for the person who types into the portal)."""
    r, model = parcel.runde, parcel.model
    person = _value(model, "identifikation", "ansvarlig")
    other = _value(model, "oekonomi", "anden_finansiering")
    co = _value(model, "identifikation", "medansoegere") or []
    period = (f"{_DA.date(r.projektperiode.fra)} – {_DA.date(r.projektperiode.til)}"
              if r.projektperiode else "runden oplyser ingen; se ansøgningens tidsplan")
    if other is None or getattr(other, "ansoegt", None) is None:
        funding = "-"
    elif other.ansoegt:
        amount = _DA.kroner(other.beloeb) if other.beloeb is not None else "?"
        funding = f"ja: {amount} fra {other.kilde or '?'}"
    else:
        funding = "nej"
    rows = [
        ("Pulje", parcel.pool.navn),
        ("Runde", r.titel or r.id),
        ("Finanslovskonto", ", ".join(r.konti) or "ikke oplyst"),
        ("Projektets navn", parcel.projekt),
        ("Ansøger", parcel.kommune),
        ("Ansøgertype", _value(model, "identifikation", "ansoegertype") or "-"),
        ("Medansøgere", "; ".join(getattr(c, "navn", "") for c in co) or "ingen"),
        ("Ansøgt beløb", _DA.kroner(parcel.amount)),
        ("Anden finansiering", funding),
        ("Projektperiode", period),
        ("Projekt- og tilskudsansvarlig", getattr(person, "navn", None) or "-"),
        ("Adresse", getattr(person, "adresse", None) or "-"),
        ("Telefon", getattr(person, "telefon", None) or "-"),
        ("E-mail", getattr(person, "email", None) or "-"),
    ]
    deadline = when(r.frist, _DA) if r.frist else "ikke oplyst"
    lead = r.kanal.forberedelse_dage if isinstance(r.kanal, PortalKanal) else PORTAL_LEAD_DAYS
    lines = [
        "# Tjekliste til Tilskudsportalen",
        "",
        f"Ansøgning til {parcel.pool.navn}, runde {r.id}. Fristen er {deadline}; for sent "
        "indkomne ansøgninger behandles ikke.",
        "",
        "## Før du begynder",
        "",
        f"- [ ] Log ind i Tilskudsportalen med MitID Erhverv i god tid (mindst {lead} dage "
        "før fristen): en ny bruger skal oprettes af organisationens administrator.",
        "",
        "## Det skal du skrive i portalen",
        "",
        "| Felt | Værdi |",
        "|---|---|",
        *(f"| {label} | {_cell(str(value))} |" for label, value in rows),
        "",
        f"## Det skal du uploade (mappen {PORTAL_FOLDER})",
        "",
        *(f"- [ ] {name} — {what}" for name, _data, what in files),
        "",
        "## Før du sender",
        "",
        "- [ ] Beløbet i portalen er det samme som i ansøgningen og budgettet.",
        "- [ ] Alle filerne ovenfor er uploadet.",
        "- [ ] Gem portalens kvittering sammen med denne pakke.",
        "",
        f"Lavet af pulje {parcel.when:%d-%m-%Y %H:%M}.",
    ]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "/").split())


def make(parcel: Parcel) -> Made:
    files = uploads(parcel)
    out: dict[str, str] = {}
    for n, (name, data, _what) in enumerate(files):
        rel = f"{PORTAL_FOLDER}/{name}"
        write_new(parcel.stage / PORTAL_FOLDER / name, data)
        out[f"upload.{n}"] = rel
    write_new(parcel.stage / CHECKLIST, checklist(parcel, files).encode("utf-8"))
    out["tjekliste"] = CHECKLIST
    record = {"type": "tilskudsportal", "tjekliste": CHECKLIST,
              "upload": [f"{PORTAL_FOLDER}/{name}" for name, _d, _w in files]}
    return Made("tilskudsportal", out, record)
