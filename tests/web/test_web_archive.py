"""The archive in the browser: the filters of ``pulje archive list``, one entry with its files,
verify (all, or one) with the ARK findings, the package as a zip, and adding a package (the
project office only)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from conftest import archived, client_for, login, package, post, user

from pulje.archive import Archive
from pulje.web import WebConfig


def test_the_list_filters_as_pulje_archive_list(config: WebConfig, tmp_path: Path) -> None:
    first = archived(config, tmp_path, "a")
    second = archived(config, tmp_path, "b", kommune="Ballerup Kommune",
                      projekt="Unge i job")
    with client_for(config) as c:
        page = c.get("/arkiv").text
        assert first in page and second in page and "2 arkivposter" in page
        assert "2.150.000,00 kr." in page
        ballerup = c.get("/arkiv", params={"kommune": "ballerup"}).text
        assert second in ballerup and first not in ballerup
        text = c.get("/arkiv", params={"tekst": "UNGE"}).text
        assert second in text and first not in text
        none = c.get("/arkiv", params={"aar": "2019"}).text
        assert "Ingen arkivposter passer" in none
        bad = c.get("/arkiv", params={"aar": "tyve"})
        assert "Skriv året med fire cifre" in bad.text
        assert 'aria-describedby="aar-error"' in bad.text


def test_an_entry_shows_its_facts_and_files(config: WebConfig, tmp_path: Path) -> None:
    entry = archived(config, tmp_path)
    detail = Archive(config.archive_root).show(entry)
    with client_for(config) as c:
        page = c.get(f"/arkiv/{entry}").text
        for stored in (detail.manifest, *detail.files):
            assert stored.name in page and stored.sha256 in page
        assert "Ressourceforløb med fokus på job" in page
        assert c.get(f"/arkiv/{entry[:6]}").status_code == 200  # a start of the ID, as the CLI
        missing = c.get("/arkiv/ffffffffffff")
        assert missing.status_code == 404 and "har ingen arkivpost med ID" in missing.text


def test_verify_all_or_one_and_a_tampered_file_is_an_ark_error(config: WebConfig,
                                                               tmp_path: Path) -> None:
    entry = archived(config, tmp_path)
    with client_for(config) as c:
        ok = post(c, "/arkiv/kontrol", page="/arkiv")
        assert ok.status_code == 200 and "ingen fejl" in ok.text
        one = post(c, "/arkiv/kontrol", {"id": entry}, page=f"/arkiv/{entry}")
        assert f"Kontrol af arkivpost {entry}" in one.text and "ingen fejl" in one.text
        detail = Archive(config.archive_root).show(entry)
        blob = detail.files[0].blob
        blob.chmod(0o644)
        blob.write_bytes(b"changed")
        bad = post(c, "/arkiv/kontrol", page="/arkiv")
        assert "Arkivet har fejl" in bad.text and "ARK" in bad.text


def test_the_package_downloads_as_a_zip_of_the_archived_files(config: WebConfig,
                                                             tmp_path: Path) -> None:
    entry = archived(config, tmp_path)
    detail = Archive(config.archive_root).show(entry)
    with client_for(config) as c:
        answer = c.get(f"/arkiv/{entry}/pakke.zip")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
    assert f'filename="{entry}.zip"' in answer.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(answer.content)) as zf:
        names = set(zf.namelist())
        assert names == {"manifest.json", *(f.name for f in detail.files)}
        for stored in detail.files:
            assert zf.read(stored.name) == stored.blob.read_bytes()


def test_the_office_adds_a_package_and_a_second_time_nothing(config: WebConfig,
                                                             tmp_path: Path) -> None:
    user(config, "karen", "kontor")
    zipped = package(tmp_path / "ny", "c", as_zip=True).read_bytes()
    with client_for(config) as c:
        login(c, "karen")
        added = post(c, "/arkiv/tilfoej", files=[("pakke", ("../../x.zip", zipped, "x"))],
                     page="/arkiv")
        assert added.status_code == 303
        page = c.get(added.headers["location"]).text
        assert "Pakken er tilføjet til arkivet." in page
        again = post(c, "/arkiv/tilfoej", files=[("pakke", ("x.zip", zipped, "x"))],
                     page="/arkiv")
        assert "var allerede i arkivet" in c.get(again.headers["location"]).text
        broken = post(c, "/arkiv/tilfoej", files=[("pakke", ("x.zip", b"ikke en zip", "x"))],
                      page="/arkiv")
        assert broken.status_code == 400 and 'id="pakke-error"' in broken.text
    assert len(Archive(config.archive_root).list()) == 1
