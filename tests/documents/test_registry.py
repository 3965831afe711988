"""Documents are a registry: a round lists its documents, and build, report.json, the desk,
submit (package, manifest, e-mail) and the archive carry whatever it lists. Proved with a
document type of the tests' own (tests/fixtures/extra_document.py: one module) added to a copy
of the example's round by one line of data; one real submission (LibreOffice) of the example.
"""

from __future__ import annotations

import email.policy
import json
import shutil
from collections.abc import Iterator
from email.parser import BytesParser
from pathlib import Path
from types import SimpleNamespace

import extra_document
import pytest
import yaml
from click.testing import CliRunner

from cli import main
from pulje.archive import Archive
from pulje.diagnostics import Translator
from pulje.documents import registry
from pulje.files.hashing import sha256_file
from pulje.pools import load_pool, templates_dir

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "applications" / "albertslund-bedre-ressourceforloeb.yaml"
STEM = EXAMPLE.stem
POOL = "bedre-ressourceforloeb"
CSV = f"{STEM}-noegletal.csv"

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice missing")


def list_documents(templates: Path, ids: list[str]) -> None:
    """Let the example pool's round list ``ids`` under ``dokumenter``: one line of data, in the
    round's own file where rounds have one (runde.yaml), else in pool.yaml's list of rounds."""
    folder = templates / POOL
    own = sorted(folder.glob("*/runde.yaml"))
    if own:
        data = yaml.safe_load(own[-1].read_text(encoding="utf-8"))
        data["dokumenter"] = ids
        own[-1].write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return
    data = yaml.safe_load((folder / "pool.yaml").read_text(encoding="utf-8"))
    data["runder"][-1]["dokumenter"] = ids
    (folder / "pool.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                      encoding="utf-8")


def _templates(base: Path, ids: list[str]) -> Path:
    templates = base / "templates"
    shutil.copytree(templates_dir() / POOL, templates / POOL)
    list_documents(templates, ids)
    return templates


@pytest.fixture(scope="module")
def with_extra(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the pools in which the round also lists "noegletal", and the type known."""
    base = tmp_path_factory.mktemp("puljer")
    templates = _templates(base, [*load_pool(POOL).runde().dokumenter, extra_document.ID])
    extra_document.remember()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PULJE_TEMPLATES", str(templates))
        mp.setenv("XDG_DATA_HOME", str(base / "xdg-data"))
        mp.delenv("PULJE_ARKIV", raising=False)
        yield templates
    extra_document.forget()


@pytest.fixture(scope="module")
def sent(with_extra: Path, tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    from pulje.submission import submit

    place = tmp_path_factory.mktemp("sendt")
    result = submit(EXAMPLE, out_dir=place / "pakke", archive_root=place / "arkiv")
    assert not result.refused, result.diagnostics
    assert result.package is not None
    return SimpleNamespace(
        result=result, place=place, package=result.package,
        report=json.loads((result.package / "report.json").read_text(encoding="utf-8")),
        manifest=json.loads((result.package / "manifest.json").read_text(encoding="utf-8")),
    )


# --------------------------------------------------------------------------------------------
# The registry itself


def test_the_default_round_lists_pulje_s_three_documents() -> None:
    ids = load_pool(POOL).runde().dokumenter
    assert ids == ["ansoegning", "budgetbilag", "budgetark"]
    docs = registry.of_round(load_pool(POOL).runde())
    assert [(d.id, d.role(), d.layout, d.counts) for d in docs] == [
        ("ansoegning", "Ansøgningsskema", True, True),
        ("budgetbilag", "Bilag: Detaljeret budget", True, False),
        ("budgetark", "Budgetark", False, False),
    ]
    assert [d.files("x") for d in docs] == [
        {"docx": "x.docx", "pdf": "x.pdf"},
        {"docx": "x-bilag-budget.docx", "pdf": "x-bilag-budget.pdf"},
        {"xlsx": "x-budget.xlsx"},
    ]
    assert docs[0].role(Translator("en")) == "Application form"


def test_an_unknown_or_repeated_document_is_refused_with_the_known_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(registry.UnknownDocument) as err:
        registry.documents(["ansoegning", "faktura"])
    text = err.value.text(Translator("da"))
    assert "faktura" in text and "ansoegning, budgetark, budgetbilag" in text
    with pytest.raises(registry.UnknownDocument):
        registry.documents(["ansoegning", "ansoegning"])
    # The same through the command line: a usage error (2) naming the document, nothing made.
    monkeypatch.setenv("PULJE_TEMPLATES", str(_templates(tmp_path, ["ansoegning", "faktura"])))
    res = CliRunner().invoke(main, ["--lang", "da", "build", str(EXAMPLE), "--no-pdf",
                                    "-o", str(tmp_path / "ud")])
    assert res.exit_code == 2 and "faktura" in res.output and "Traceback" not in res.output
    assert not (tmp_path / "ud").exists()


def test_a_round_may_list_fewer_documents(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from pulje.report.workflow import build

    monkeypatch.setenv("PULJE_TEMPLATES", str(_templates(tmp_path, ["ansoegning",
                                                                    "budgetark"])))
    built = build(EXAMPLE, tmp_path / "ud", pdf=False)
    assert built.written
    assert sorted(p.name for p in (tmp_path / "ud").iterdir()) == sorted(
        [f"{STEM}.docx", f"{STEM}-budget.xlsx", "report.json"])
    report = json.loads((tmp_path / "ud" / "report.json").read_text(encoding="utf-8"))
    assert [d["id"] for d in report["dokumenter"]] == ["ansoegning", "budgetark"]


# --------------------------------------------------------------------------------------------
# A document of the tests' own, listed by one line of data


def test_build_and_its_report_carry_the_new_document(with_extra: Path, tmp_path: Path) -> None:
    from pulje.report.workflow import build, describe

    built = build(EXAMPLE, tmp_path / "ud", pdf=False)
    assert built.written
    csv = tmp_path / "ud" / CSV
    assert built.files["noegletal.csv"] == csv
    assert csv.read_text(encoding="utf-8").splitlines()[1] == (
        "bedre-ressourceforloeb;2016;Albertslund Kommune;2150000.00;nej")
    report = json.loads((tmp_path / "ud" / "report.json").read_text(encoding="utf-8"))
    (mine,) = [d for d in report["dokumenter"] if d["id"] == "noegletal"]
    assert mine == {"id": "noegletal", "rolle": "Key figures", "sider": None,
                    "taeller_med": False,
                    "filer": {CSV: {"sha256": sha256_file(csv), "bytes": csv.stat().st_size}}}
    assert report["filer"][CSV]["sha256"] == sha256_file(csv)
    assert CSV in describe(built, Translator("da"))
    # A second build replaces it as pulje's own; an edited one is refused like any output.
    assert build(EXAMPLE, tmp_path / "ud", pdf=False).written
    csv.write_text("redigeret\n", encoding="utf-8")
    from pulje.diagnostics.errors import WouldOverwrite

    with pytest.raises(WouldOverwrite):
        build(EXAMPLE, tmp_path / "ud", pdf=False)
    assert csv.read_text(encoding="utf-8") == "redigeret\n"


@needs_soffice
def test_submit_packages_sends_and_archives_the_new_document(sent: SimpleNamespace) -> None:
    package = sent.package
    assert (package / CSV).is_file()
    assert sent.result.files["noegletal.csv"] == package / CSV
    (mine,) = [d for d in sent.manifest["dokumenter"] if d["id"] == "noegletal"]
    assert mine == {"id": "noegletal", "rolle": "Key figures", "sider": None,
                    "filer": {CSV: sha256_file(package / CSV)}}
    assert [d["id"] for d in sent.manifest["dokumenter"]] == [
        "ansoegning", "budgetbilag", "budgetark", "noegletal"]
    (form,) = [d for d in sent.manifest["dokumenter"] if d["id"] == "ansoegning"]
    assert form["sider"] == sent.result.pages and form["rolle"] == "Ansøgningsskema"
    assert sent.manifest["filer"][CSV]["sha256"] == sha256_file(package / CSV)
    with (package / "mailkladde.eml").open("rb") as fh:
        mail = BytesParser(policy=email.policy.default).parse(fh)
    names = [part.get_filename() for part in mail.iter_attachments()]  # type: ignore[attr-defined]
    assert names == ["Ansøgningsskema - Albertslund Kommune.pdf",
                     "Budgetbilag - Albertslund Kommune.pdf",
                     "Budget - Albertslund Kommune.xlsx",
                     "Nøgletal - Albertslund Kommune.csv"]
    archive = Archive(sent.place / "arkiv")
    assert sent.result.archived is not None
    detail = archive.show(sent.result.archived.entry.id)
    assert CSV in {f.name for f in detail.files}
    assert archive.verify() == []


@needs_soffice
def test_the_desk_recognises_the_new_document_as_pulje_s_own(sent: SimpleNamespace) -> None:
    from pulje.drafts import check_paths
    from pulje.drafts.deskreport import kind_text

    result = check_paths([sent.package])
    rows = {Path(r.file).name: r for r in result.files}
    row = rows[CSV]
    assert (row.kind, row.status, row.scope) == ("noegletal", "klar", "fuld")
    assert "DOC026" in [d.code for d in row.diagnostics]
    assert kind_text(row, Translator("da")) == "Key figures"
    assert not result.has_errors
    # Changed after submit: the manifest's check says so, and it is no longer vouched for.
    copy = sent.place / "rettet"
    shutil.copytree(sent.package, copy)
    (copy / CSV).write_text("ændret\n", encoding="utf-8")
    rows = {Path(r.file).name: r for r in check_paths([copy]).files}
    assert "ARK004" in [d.code for d in rows[CSV].diagnostics]
    assert rows[CSV].status == "fejl"


def test_a_file_of_that_kind_that_no_record_lists_is_not_checked(tmp_path: Path) -> None:
    from pulje.drafts import check_paths

    (tmp_path / CSV).write_text("a;b\n", encoding="utf-8")
    (row,) = check_paths([tmp_path]).files
    assert row.status == "ikke kontrolleret" and row.kind != "noegletal"


# --------------------------------------------------------------------------------------------
# One vocabulary: report.json, manifest.json, the archive's index and the JSON output name the
# facts of the application alike


OLD_NAMES = {"pool", "round", "projektnavn", "ansoegt_beloeb", "pulje_version", "project",
             "amount", "pages", "time", "graense"}


def _cli(*args: str) -> dict[str, object]:
    res = CliRunner().invoke(main, ["--lang", "da", *args], catch_exceptions=False)
    assert res.exit_code in (0, 1), res.output
    body = json.loads(res.stdout)
    assert isinstance(body, dict)
    return body


@needs_soffice
def test_the_four_records_name_the_facts_alike(sent: SimpleNamespace, tmp_path: Path) -> None:
    import sqlite3
    from datetime import datetime

    from pulje.documents.facts import FACTS

    report, manifest = sent.report, sent.manifest
    with sqlite3.connect(sent.place / "arkiv" / "index.sqlite") as conn:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(entries)")}
    (entry,) = _cli("archive", "--root", str(sent.place / "arkiv"), "list", "--format",
                    "json")["poster"]  # type: ignore[misc]
    built = _cli("build", str(EXAMPLE), "--no-pdf", "--format", "json", "-o",
                 str(tmp_path / "ud"))
    desk = _cli("check", "--format", "json", str(sent.package))["filer"]
    (pdf,) = [row for row in desk if row["fil"].endswith(f"/{STEM}.pdf")]  # type: ignore[index,union-attr]
    records = {"report.json": report, "manifest.json": manifest, "index": dict.fromkeys(columns),
               "archive list": entry, "build --format json": built, "check --format json": pdf}
    for name, record in records.items():
        assert not OLD_NAMES & set(record), (name, OLD_NAMES & set(record))
    # Every fact in each of them (the index has no page limit: it is the round's, not the
    # package's).
    for name in ("report.json", "manifest.json", "build --format json"):
        assert set(FACTS) <= set(records[name]), name
    assert set(FACTS) - {"sidegraense"} <= columns
    assert set(FACTS) - {"sidegraense"} <= set(entry)
    assert {"pulje", "beloeb", "sider", "sidegraense"} <= set(pdf)
    # … and the same values for the same application.
    for fact in ("pulje", "runde", "kommune", "projekt", "beloeb", "sider", "version"):
        assert report[fact] == manifest[fact] == entry[fact], fact
        assert built[fact] == report[fact] or fact == "sider", fact  # --no-pdf: no pages
    assert report["sidegraense"] == manifest["sidegraense"] == pdf["sidegraense"] == 15
    assert (pdf["pulje"], pdf["sider"]) == (report["pulje"], report["sider"])
    for record in (report, manifest, entry, built):
        assert datetime.fromisoformat(str(record["tidspunkt"])).utcoffset() is not None
