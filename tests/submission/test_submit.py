"""`pulje submit` end to end: the real build (LibreOffice), the package, the e-mail draft, the
zip and the archive entry — and the refusals that write nothing."""

from __future__ import annotations

import email.policy
import hashlib
import json
import os
import re
import shutil
import sys
import zipfile
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

ROOT = Path(__file__).resolve().parents[2]
if sys.path[:1] != [str(ROOT)]:
    sys.path.insert(0, str(ROOT))

from cli import main  # noqa: E402
from pulje.archive import Archive, check_package  # noqa: E402
from pulje.diagnostics import Translator, has_errors  # noqa: E402
from pulje.diagnostics.errors import PuljeError  # noqa: E402
from pulje.documents.template_builder import template_for  # noqa: E402
from pulje.pools import load_pool  # noqa: E402
from pulje.submission import (  # noqa: E402
    EML_NAME,
    NotArchived,
    PackageExists,
    SubmitResult,
    describe,
    submit,
)

EXAMPLE = ROOT / "applications" / "albertslund-bedre-ressourceforloeb.yaml"
STEM = EXAMPLE.stem
POOL = load_pool("bedre-ressourceforloeb")
RUNDE = POOL.runde()  # the round's channel: recipient, cc, subject
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice missing")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree(folder: Path) -> list[str]:
    """Every path under ``folder`` (hidden ones too), relative, sorted."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def parse_eml(path: Path) -> EmailMessage:
    with path.open("rb") as fh:
        msg = BytesParser(policy=email.policy.default).parse(fh)
    assert isinstance(msg, EmailMessage)
    return msg


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("submit")


@pytest.fixture(scope="module")
def first(place: Path) -> SubmitResult:
    """One real submission of the example, shared by the tests of this module."""
    return submit(EXAMPLE, out_dir=place / "pakke", archive_root=place / "arkiv")


@pytest.fixture(scope="module")
def second(place: Path, first: SubmitResult) -> tuple[Result, Path]:
    """The same application submitted again, through the CLI, with the default folder."""
    work = place / "cli"
    work.mkdir()
    runner = CliRunner()
    cwd = os.getcwd()
    os.chdir(work)
    try:
        result = runner.invoke(
            main, ["--lang", "da", "submit", str(EXAMPLE), "--archive", str(place / "arkiv")],
            catch_exceptions=False,
        )
    finally:
        os.chdir(cwd)
    return result, work


# --------------------------------------------------------------------------------------------
# The package


def test_the_package_holds_every_file(first: SubmitResult, place: Path) -> None:
    assert not first.refused and not has_errors(first.diagnostics)
    assert first.package == place / "pakke"
    assert first.zip == place / "pakke.zip"
    assert sorted(p.name for p in first.package.iterdir()) == sorted([
        f"{STEM}.docx", f"{STEM}.pdf", f"{STEM}-bilag-budget.docx", f"{STEM}-bilag-budget.pdf",
        f"{STEM}-budget.xlsx", EXAMPLE.name, "report.json", EML_NAME, "manifest.json",
    ])
    assert set(first.files) == {"ansoegning.docx", "ansoegning.pdf", "budgetbilag.docx",
                                "budgetbilag.pdf", "budgetark.xlsx", "report", "answers", "eml",
                                "manifest"}
    assert all(path.parent == first.package for path in first.files.values())
    assert first.files["answers"].read_bytes() == EXAMPLE.read_bytes()
    # Nothing else beside it: no work folder left behind.
    assert sorted(p.name for p in place.iterdir() if p.name.startswith(".")) == []


def test_the_manifest_describes_the_package_and_its_hashes_match(first: SubmitResult) -> None:
    assert first.package is not None
    manifest = json.loads((first.package / "manifest.json").read_text(encoding="utf-8"))
    assert manifest == first.manifest
    files = manifest["filer"]
    assert set(files) == {p.name for p in first.package.iterdir()} - {"manifest.json"}
    for name, meta in files.items():
        path = first.package / name
        assert meta == {"sha256": sha(path), "bytes": path.stat().st_size}, name
    assert check_package(first.package) == []
    assert manifest["format"] == "pulje-pakke/2"
    assert manifest["pulje"] == "bedre-ressourceforloeb"
    assert manifest["runde"] == "2016"
    assert manifest["kommune"] == "Albertslund Kommune"
    assert manifest["projekt"].startswith("Ressourceforløb med fokus på borgerinddragelse")
    assert "\n" not in manifest["projekt"]
    assert manifest["beloeb"] == "2150000.00"
    assert manifest["sider"] == first.pages
    assert 1 <= manifest["sider"] <= manifest["sidegraense"] == 15
    assert manifest["skabelon_sha256"] == hashlib.sha256(template_for(POOL)).hexdigest()
    assert manifest["version"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", manifest["tidspunkt"])
    assert manifest["mail"] == {"fil": EML_NAME, "til": RUNDE.modtager, "cc": RUNDE.cc,
                                "emne": RUNDE.emne}


def test_the_report_is_the_builds_and_lists_the_documents(first: SubmitResult) -> None:
    report = json.loads(first.files["report"].read_text(encoding="utf-8"))
    assert report["sider"] == first.pages
    for name, meta in report["filer"].items():
        assert meta["sha256"] == sha(first.files["report"].parent / name)


def test_the_archive_entry_verifies_clean(first: SubmitResult, place: Path) -> None:
    assert first.archived is not None and first.archived.created
    assert first.archive_root == place / "arkiv"
    arkiv = Archive(place / "arkiv")
    assert arkiv.verify([first.archived.entry.id]) == []
    detail = arkiv.show(first.archived.entry.id)
    assert detail.entry.udgave == 1 and detail.entry.previous_id is None
    assert detail.entry.sider == first.pages
    assert {f.name: f.sha256 for f in detail.files} == {
        name: meta["sha256"] for name, meta in first.manifest["filer"].items()
    }
    # Adding the same package again is the same entry.
    again = arkiv.add(first.package)  # type: ignore[arg-type]
    assert not again.created and again.entry.id == first.archived.entry.id


# --------------------------------------------------------------------------------------------
# The e-mail draft


def test_the_email_draft_is_addressed_as_the_pool_says(first: SubmitResult) -> None:
    assert first.eml == first.package / EML_NAME  # type: ignore[operator]
    msg = parse_eml(first.eml)
    assert msg["To"] == RUNDE.modtager == "star@star.dk"
    assert msg["Cc"] == ", ".join(RUNDE.cc) == "cwh@star.dk, ibh@star.dk"
    assert msg["Subject"] == RUNDE.emne == "Ansøgning til pulje Bedre ressourceforløb"
    assert msg["X-Unsent"] == "1"
    assert msg["From"] is None  # the mail program fills in the sender's own account
    assert msg.get_content_type() == "multipart/mixed"
    body = msg.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content()
    assert body.get_content_charset() == "utf-8"
    assert "Albertslund Kommune" in text
    assert "2.150.000,00 kr." in text
    assert "Ressourceforløb med fokus på borgerinddragelse" in text
    assert RUNDE.konti[0] in text
    assert first.eml.read_bytes().count(b"\r\n") > 10  # CRLF, as an .eml file should be


def test_the_pdfs_and_the_workbook_are_attached_byte_for_byte(first: SubmitResult) -> None:
    assert first.eml is not None
    msg = parse_eml(first.eml)
    attached = [
        (part.get_filename(), part.get_content_type(), part.get_content())
        for part in msg.iter_attachments()
    ]
    assert attached == [
        ("Ansøgningsskema - Albertslund Kommune.pdf", "application/pdf",
         first.files["ansoegning.pdf"].read_bytes()),
        ("Budgetbilag - Albertslund Kommune.pdf", "application/pdf",
         first.files["budgetbilag.pdf"].read_bytes()),
        ("Budget - Albertslund Kommune.xlsx", XLSX, first.files["budgetark.xlsx"].read_bytes()),
    ]
    # The Danish names are encoded by RFC 2231, not mangled or dropped.
    raw = first.eml.read_bytes()
    assert b"filename*=utf-8''Ans%C3%B8gningsskema" in raw


# --------------------------------------------------------------------------------------------
# The zip


def test_the_zip_holds_the_same_files_with_the_same_hashes(first: SubmitResult) -> None:
    assert first.zip is not None and first.package is not None
    with zipfile.ZipFile(first.zip) as zf:
        assert zf.testzip() is None
        in_zip = {name: hashlib.sha256(zf.read(name)).hexdigest() for name in zf.namelist()}
    assert in_zip == {p.name: sha(p) for p in first.package.iterdir()}
    assert check_package(first.zip) == []


# --------------------------------------------------------------------------------------------
# Submitting again, through the CLI


def test_the_cli_submits_and_prints_the_danish_summary(
    second: tuple[Result, Path], first: SubmitResult
) -> None:
    result, work = second
    assert result.exit_code == 0, result.output
    packages = sorted((work / "outputs" / STEM).iterdir())
    assert len(packages) == 2  # the folder and its zip, nothing else
    folder, zip_path = packages
    assert re.fullmatch(r"indsendelse-\d{8}-\d{6}", folder.name)
    assert zip_path.name == folder.name + ".zip"
    out = result.output
    assert f"Indsendelsespakke: outputs/{STEM}/{folder.name}" in out
    assert f"Pakken som zip: outputs/{STEM}/{zip_path.name}" in out
    assert f"Åbn {EML_NAME} i Outlook eller Thunderbird, tjek og send" in out
    assert "Til: star@star.dk" in out
    assert "Cc: cwh@star.dk, ibh@star.dk" in out
    assert "Emne: Ansøgning til pulje Bedre ressourceforløb" in out
    assert f"{first.pages} af 15 sider" in out
    assert first.archived is not None
    assert f"version 2, ny; forrige version er {first.archived.entry.id}" in out


def test_submitting_twice_gives_two_packages_and_linked_versions(
    second: tuple[Result, Path], first: SubmitResult, place: Path
) -> None:
    _, work = second
    folder = next(p for p in (work / "outputs" / STEM).iterdir() if p.is_dir())
    again = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert again["tidspunkt"] > first.manifest["tidspunkt"]
    arkiv = Archive(place / "arkiv")
    newest, oldest = arkiv.list()
    assert first.archived is not None
    assert oldest.id == first.archived.entry.id and oldest.udgave == 1
    assert newest.udgave == 2 and newest.previous_id == oldest.id
    assert arkiv.show(newest.id).manifest.sha256 == sha(folder / "manifest.json")
    assert arkiv.verify() == []


# --------------------------------------------------------------------------------------------
# Refusals: nothing written, nothing archived


def test_an_application_with_a_fejl_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert text.count('ansoegt_beloeb: "2.150.000,00"') == 1
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        text.replace('ansoegt_beloeb: "2.150.000,00"', 'ansoegt_beloeb: "2.150.001,00"'),
        encoding="utf-8",
    )
    before = tree(tmp_path)
    result = submit(broken, out_dir=tmp_path / "ud" / "pakke", archive_root=tmp_path / "arkiv")
    assert result.refused
    assert [d.code for d in result.diagnostics if d.severity.value == "fejl"] == ["BUD003"]
    assert result.package is None and result.archived is None
    assert tree(tmp_path) == before
    text_da = describe(result, Translator("da"))
    assert text_da.startswith("Intet er indsendt")


def test_the_cli_refuses_with_exit_1_and_writes_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(EXAMPLE.read_text(encoding="utf-8").replace(
        '"2.150.000,00"', '"2.150.001,00"', 1), encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    cwd = os.getcwd()
    os.chdir(work)
    try:
        result = CliRunner().invoke(main, ["--lang", "da", "submit", str(broken)],
                                    catch_exceptions=False)
    finally:
        os.chdir(cwd)
    assert result.exit_code == 1
    assert "BUD003" in result.output and "Intet er indsendt" in result.output
    assert tree(work) == []  # no outputs/, no outputs/arkiv


def _long_application(tmp_path: Path) -> Path:
    """The example with one answer made ~25 pages long by repeating a long paragraph."""
    text = EXAMPLE.read_text(encoding="utf-8")
    header = "  forandringer: |\n"
    assert text.count(header) == 1
    paragraph = (
        "    Borgeren inddrages systematisk i planlægningen af ressourceforløbet, og den "
        "koordinerende sagsbehandler følger op på progressionen sammen med borgeren, "
        "netværket og virksomheden, så indsatsen hænger sammen på tværs af forvaltningerne "
        "og tager udgangspunkt i borgerens egne mål, ressourcer og ønsker til fremtiden.\n\n"
    )
    path = tmp_path / "lang.yaml"
    path.write_text(text.replace(header, header + paragraph * 120), encoding="utf-8")
    return path


def test_an_application_over_the_page_limit_is_refused_with_pag001(tmp_path: Path) -> None:
    long = _long_application(tmp_path)
    before = tree(tmp_path)
    result = submit(long, out_dir=tmp_path / "ud" / "pakke", archive_root=tmp_path / "arkiv")
    assert result.refused
    fejl = [d for d in result.diagnostics if d.severity.value == "fejl"]
    assert [d.code for d in fejl] == ["PAG001"]
    assert result.pages is not None and result.pages > 15 == result.limit
    assert tree(tmp_path) == before


def test_an_existing_package_folder_is_never_written_over(tmp_path: Path) -> None:
    taken = tmp_path / "pakke"
    taken.mkdir()
    (taken / "mine.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(PackageExists):
        submit(EXAMPLE, out_dir=taken, archive_root=tmp_path / "arkiv")
    assert tree(tmp_path) == ["pakke", "pakke/mine.txt"]
    (tmp_path / "other.zip").write_bytes(b"not mine to replace")
    with pytest.raises(PackageExists):
        submit(EXAMPLE, out_dir=tmp_path / "other", archive_root=tmp_path / "arkiv")
    assert (tmp_path / "other.zip").read_bytes() == b"not mine to replace"
    assert not (tmp_path / "other").exists()


def test_a_package_that_cannot_be_archived_is_kept_and_the_error_says_where(
    tmp_path: Path,
) -> None:
    not_a_folder = tmp_path / "arkiv"
    not_a_folder.write_text("a file where the archive folder should be", encoding="utf-8")
    with pytest.raises(NotArchived) as caught:
        submit(EXAMPLE, out_dir=tmp_path / "pakke", archive_root=not_a_folder)
    assert check_package(tmp_path / "pakke") == []
    assert check_package(tmp_path / "pakke.zip") == []
    text = caught.value.text(Translator("da"))
    assert f"Indsendelsespakken er gemt i {tmp_path / 'pakke'}" in text
    assert f"pulje archive add {tmp_path / 'pakke'}" in text
    assert caught.value.exit_code == 2


def test_without_libreoffice_the_error_propagates_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PULJE_SOFFICE", str(tmp_path / "no-such-soffice"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    with pytest.raises(PuljeError):
        submit(EXAMPLE, out_dir=None, archive_root=None)
    assert tree(work) == []
    result = CliRunner().invoke(main, ["--lang", "da", "submit", str(EXAMPLE)])
    assert result.exit_code == 2
    assert "PULJE_SOFFICE" in result.output
    assert tree(work) == []
