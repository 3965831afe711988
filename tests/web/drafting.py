"""The web tests' tools for applications written in the browser: a pool whose form has every
kind of answer, starting a draft, posting its form as a browser does, reading what was saved."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from conftest import csrf
from formdata import form_fields
from starlette.testclient import TestClient

from pulje.answers.loader import LoadedApplication, load_text

#: A pool (for PULJE_TEMPLATES) whose one round's form asks every kind of the library.
ALL_KINDS = {
    "pool.yaml": """\
id: alle-typer
navn: Pulje til afprøvning af alle svartyper
kilde: en pulje, der kun findes i testene
""",
    "2024/runde.yaml": """\
konti: ["17.00.00.01"]
frist: 2024-03-01 12:00
kanal: {type: email, modtager: proeve@star.dk, emne: Ansøgning}
sidegraense: 8
ansoegere: [kommune, a-kasse]
faelles: true
projektperiode: {fra: 2024-01-01, til: 2025-06-30}
baseline_maaned: 2023-11
maalinger: [2024-06, 2024-12]
""",
    "2024/skema.yaml": """\
titel: Ansøgning om afprøvning
afsnit:
  - del: identifikation
  - del: oekonomi
  - id: indsats
    overskrift: Indsatsen
    spoergsmaal:
      - id: spor
        type: valg
        tekst: Hvilket spor følger projektet?
        muligheder:
          - {id: forening, tekst: Job i foreninger, afsnit: [spor_forening]}
          - {id: virksomhed, tekst: Job i virksomheder, afsnit: [spor_virksomhed]}
      - id: maalgrupper
        type: valg
        flere: true
        tekst: Hvilke målgrupper?
        muligheder:
          - {id: unge, tekst: Unge under 30}
          - {id: aeldre, tekst: Ledige over 50}
      - {id: start, type: dato, tekst: Hvornår begynder det første forløb?}
      - {id: maaned, type: maaned, tekst: Hvilken måned slutter rekrutteringen?}
      - {id: ventetid, type: uger, tekst: Hvor mange uger er ventetiden?}
      - {id: andel_nu, type: procent, tekst: Hvor stor en andel er i job nu?}
      - {id: pladser, type: antal, tekst: Hvor mange pladser?}
      - {id: leder, type: linje, tekst: Hvem leder indsatsen?}
      - {id: partner, type: kommune, tekst: Hvilken kommune er partner?, krav: false}
      - {id: aktiviteter, type: linjer, tekst: Hvilke aktiviteter?}
      - id: frivillige
        type: janej
        tekst: Deltager frivillige?
        svar: deltager
        hvis_ja:
          - {id: antal, type: antal, tekst: Hvor mange frivillige?, krav: true}
          - {id: rolle, type: linje, tekst: Hvilken rolle har de?}
      - {id: mentor, type: janej, tekst: Får deltagerne en mentor?}
      - {id: borgere, type: deltagere, tekst: Borgere i projektet, krav: true}
      - {id: unge_i_projektet, type: deltagere, tekst: Heraf unge}
      - {id: andel, type: maaltal, tabel: Måltal job,
         tekst: Hvor stor en andel er i job efter forløbet?}
      - {id: uger, type: maanedstal, enhed: uger, tabel: Måltal uger,
         tekst: Hvor mange uger går der?}
  - id: spor_forening
    overskrift: Spor A - Job i foreninger
    spoergsmaal:
      - {id: metode, type: tekst, tekst: Hvordan finder I foreningerne?, kort: 5}
  - id: spor_virksomhed
    overskrift: Spor B - Job i virksomheder
    spoergsmaal:
      - {id: metode, type: tekst, tekst: Hvordan finder I virksomhederne?, kort: 5}
  - del: tidsplan
  - del: opkvalificering
  - del: budget
""",
}

ALL_ANSWERS = """\
pulje: alle-typer
runde: "2024"
identifikation:
  projektnavn: Job i foreningslivet
  kommune: Glostrup Kommune
  medansoegere:
    - navn: Brøndby Kommune
      kontaktperson: Per Hansen
      email: per@brondby.dk
    - navn: A-kassen for alle
  ansvarlig:
    navn: Åse Ørum
    adresse: Rådhusvej 2, 2600 Glostrup
    telefon: 4323 6000
    email: aase.oerum@glostrup.dk
oekonomi:
  ansoegt_beloeb: 1250000.50
  anden_finansiering:
    ansoegt: ja
    beloeb: 50000
    kilde: Fonden for job
indsats:
  spor: forening
  maalgrupper: [unge, aeldre]
  start: 2024-02-01
  maaned: 2024-09
  ventetid: 4
  andel_nu: 12.5
  pladser: 1200
  leder: Bo Ibsen
  partner: Brøndby Kommune
  aktiviteter: [Rekruttering, "Møder med {{ foreninger }} & <partnere>"]
  frivillige:
    deltager: ja
    antal: 12
    rolle: Mentorer
  mentor: nej
  borgere: {pr_maaned: 5, i_alt: 40}
  unge_i_projektet: {pr_maaned: 2, i_alt: 16}
  andel:
    niveau: 10
    niveau_bemaerkning: Tal fra jobindsats.dk
    maal: {2024-06: 15, 2024-12: 25.5}
  uger: {2024-06: 6, 2024-12: 4}
spor_forening:
  metode: |-
    Vi bruger kommunens foreningsregister.

    - én kontaktperson pr. forening
    - møde med hver forening inden opstart
    Næste linje i samme afsnit.
spor_virksomhed:
  metode:
tidsplan:
  2024:
    1: [Rekruttering af foreninger, Opstartsmøde]
    2: [Første hold]
    3: []
    4: [Evaluering]
  2025:
    1: [Andet hold]
    2: []
    3: []
    4: []
opkvalificering:
  medarbejdere:
    - {funktion: Jobkonsulenter, antal: 9}
    - {funktion: Sagsbehandlere, antal: 4}
budget:
  udgifter:
    - kategori: loen
      beskrivelse: Projektleder, 20 t/uge
      enheder: 10.5
      enhed: måned
      enhedspris: 25000
      fordeling: {2024: 150000, 2025: 112500}
      bemaerkning: Halv tid
    - kategori: revision
      beskrivelse: Revision af projektregnskabet
      beloeb: 50000
      fordeling: {2025: 50000}
  finansiering:
    - type: medfinansiering
      beskrivelse: Kommunens egen andel
      beloeb: 12000
      fordeling: {2024: 12000}
"""


def write_pool(folder: Path) -> Path:
    for name, text in ALL_KINDS.items():
        path = folder / "alle-typer" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def upload_answers(client: TestClient, text: str, name: str = "svar.yaml") -> str:
    """A new draft from an answer file uploaded; its id."""
    token = csrf(client.get("/ansoegninger").text)
    answer = client.post("/ansoegninger/indlaes", data={"csrf": token},
                         files=[("fil", (name, text.encode("utf-8"), "application/yaml"))])
    assert answer.status_code == 303, answer.text
    return str(answer.headers["location"]).rsplit("/", 1)[1]


def page_of(client: TestClient, draft: str) -> str:
    answer = client.get(f"/ansoegninger/{draft}")
    assert answer.status_code == 200, answer.text
    return answer.text


def as_posted(fields: list[tuple[str, str]]) -> dict[str, Any]:
    out: dict[str, list[str]] = {}
    for name, value in fields:
        out.setdefault(name, []).append(value)
    return {k: v if len(v) > 1 else v[0] for k, v in out.items()}


def post_form(client: TestClient, draft: str, fields: list[tuple[str, str]], *,
              json: bool = False, **extra: str) -> Any:
    """The form posted as the browser posts it (with the page's token and version)."""
    data = as_posted(fields)
    data.update(extra)
    headers = {"Accept": "application/json"} if json else None
    return client.post(f"/ansoegninger/{draft}", data=data, headers=headers)


def saved_text(client: TestClient, draft: str) -> str:
    answer = client.get(f"/ansoegninger/{draft}/svarfil")
    assert answer.status_code == 200
    return str(answer.text)


def saved(client: TestClient, draft: str) -> LoadedApplication:
    return load_text(saved_text(client, draft), "svar.yaml")


def fields_of(client: TestClient, draft: str) -> list[tuple[str, str]]:
    return form_fields(page_of(client, draft))


def version_of(html: str) -> int:
    found = re.search(r'name="version" value="(\d+)"', html)
    assert found
    return int(found.group(1))
