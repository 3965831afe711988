"""The e-mail draft and the no-clobber placing of a package, without LibreOffice."""

from __future__ import annotations

import email.policy
import sys
from decimal import Decimal
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if sys.path[:1] != [str(ROOT)]:
    sys.path.insert(0, str(ROOT))

from pulje.pools import Pool, load_pool  # noqa: E402
from pulje.submission import (  # noqa: E402
    Attachment,
    Contact,
    PackageExists,
    draft_email,
    eml_bytes,
    workflow,
)
from pulje.submission.mail import safe_filename  # noqa: E402
from pulje.submission.workflow import _place  # noqa: E402

POOL = load_pool("bedre-ressourceforloeb")


def _files(tmp_path: Path) -> list[Attachment]:
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    xlsx = tmp_path / "b.xlsx"
    xlsx.write_bytes(b"PK\x03\x04" + b"\x00\xff" * 500)
    return [
        Attachment(pdf, "Ansøgningsskema - Høje-Taastrup Kommune.pdf", "14 sider"),
        Attachment(xlsx, "Budget - Høje-Taastrup Kommune.xlsx", "Excel"),
    ]


def _draft(pool: Pool, attachments: list[Attachment]) -> bytes:
    return eml_bytes(draft_email(
        pool, kommune="Høje-Taastrup Kommune", projektnavn="Job\nfør   alt",
        runde="2016", amount=Decimal("2150000.00"), attachments=attachments,
        contact=Contact(navn="Åse Ørum", email="aase@htk.dk"),
    ))


def _parse(data: bytes) -> EmailMessage:
    msg = BytesParser(policy=email.policy.default).parsebytes(data)
    assert isinstance(msg, EmailMessage)
    return msg


def test_the_draft_round_trips_with_danish_names_and_no_sender(tmp_path: Path) -> None:
    attachments = _files(tmp_path)
    msg = _parse(_draft(POOL, attachments))
    assert (msg["To"], msg["Cc"], msg["Subject"]) == (
        "star@star.dk", "cwh@star.dk, ibh@star.dk", "Ansøgning til pulje Bedre ressourceforløb"
    )
    assert msg["X-Unsent"] == "1"
    for header in ("From", "Date", "Message-ID"):
        assert msg[header] is None
    parts = list(msg.iter_attachments())
    assert [p.get_filename() for p in parts] == [a.filename for a in attachments]
    assert [p.get_content() for p in parts] == [a.path.read_bytes() for a in attachments]
    assert [p.get_param("name") for p in parts] == [a.filename for a in attachments]
    body = msg.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content().replace("\r\n", "\n")  # text is CRLF in canonical form
    assert "Projekt: Job før alt\n" in text
    assert "Ansøgt beløb: 2.150.000,00 kr." in text
    assert "- Ansøgningsskema - Høje-Taastrup Kommune.pdf (14 sider)" in text
    assert text.rstrip().endswith("Åse Ørum\nHøje-Taastrup Kommune\naase@htk.dk")


def test_the_same_draft_gives_the_same_bytes(tmp_path: Path) -> None:
    attachments = _files(tmp_path)
    assert _draft(POOL, attachments) == _draft(POOL, attachments)


def test_a_pool_without_cc_and_with_a_danish_subject(tmp_path: Path) -> None:
    runde = POOL.runde()
    assert runde.kanal is not None
    kanal = runde.kanal.model_copy(
        update={"cc": [], "emne": "Ansøgning – pulje »Særlige forløb« 2026"})
    pool = POOL.model_copy(update={"runder": [runde.model_copy(update={"kanal": kanal})]})
    msg = _parse(_draft(pool, _files(tmp_path)))
    assert msg["Cc"] is None
    assert msg["Subject"] == "Ansøgning – pulje »Særlige forløb« 2026"


@pytest.mark.parametrize(("name", "safe"), [
    ("Ansøgningsskema - Albertslund Kommune.pdf", "Ansøgningsskema - Albertslund Kommune.pdf"),
    ('Budget: "A/S" <ny>?.xlsx', "Budget- -A-S- -ny.xlsx"),
    ("  ...pdf", "bilag.pdf"),
    ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
])
def test_safe_filename(name: str, safe: str) -> None:
    assert safe_filename(name) == safe


def _staged(tmp_path: Path) -> tuple[Path, Path]:
    work = tmp_path / ".work"
    stage = work / "pakke"
    stage.mkdir(parents=True)
    (stage / "manifest.json").write_text("{}", encoding="utf-8")
    zip_tmp = work / "pakke.zip"
    zip_tmp.write_bytes(b"zip")
    return stage, zip_tmp


def test_a_taken_default_name_gets_the_next_suffix(tmp_path: Path) -> None:
    stage, zip_tmp = _staged(tmp_path)
    target = tmp_path / "indsendelse-20261122-100000"
    target.mkdir()
    (tmp_path / "indsendelse-20261122-100000-2.zip").write_bytes(b"someone else's")
    folder, zip_path = _place(stage, zip_tmp, target, explicit=False)
    assert folder == tmp_path / "indsendelse-20261122-100000-3"
    assert zip_path == tmp_path / "indsendelse-20261122-100000-3.zip"
    assert (folder / "manifest.json").is_file() and zip_path.read_bytes() == b"zip"
    assert (tmp_path / "indsendelse-20261122-100000-2.zip").read_bytes() == b"someone else's"
    assert not (tmp_path / "indsendelse-20261122-100000-2").exists()


def test_a_taken_explicit_name_is_refused(tmp_path: Path) -> None:
    stage, zip_tmp = _staged(tmp_path)
    target = tmp_path / "pakke"
    target.mkdir()
    (target / "mine.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(PackageExists):
        _place(stage, zip_tmp, target, explicit=True)
    assert not (tmp_path / "pakke.zip").exists()
    assert sorted(p.name for p in target.iterdir()) == ["mine.txt"]


def test_a_folder_made_by_someone_else_meanwhile_is_kept_and_the_zip_taken_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process creates the folder between the check and the rename."""
    stage, zip_tmp = _staged(tmp_path)
    target = tmp_path / "indsendelse-20261122-100000"
    real_link = workflow._link_new

    def link_then_race(source: Path, dest: Path) -> bool:
        done = real_link(source, dest)
        if dest.name == target.name + ".zip":
            target.mkdir()
            (target / "theirs.txt").write_text("theirs", encoding="utf-8")
        return done

    monkeypatch.setattr(workflow, "_link_new", link_then_race)
    folder, zip_path = _place(stage, zip_tmp, target, explicit=False)
    assert folder.name == target.name + "-2" and zip_path.name == target.name + "-2.zip"
    assert sorted(p.name for p in target.iterdir()) == ["theirs.txt"]
    assert not (tmp_path / (target.name + ".zip")).exists()
