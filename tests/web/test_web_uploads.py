"""Uploads on the desk within their limits: too large and too many are refused with a clear
message tied to the field; an uploaded name never becomes a path (traversal, absolute, NUL,
odd unicode); zips of drafts are unpacked member by member within the desk's zip-bomb caps,
never to a path named in the zip; pulje's own submission package stays whole."""

from __future__ import annotations

import dataclasses
import io
import json
import stat
import zipfile
from pathlib import Path

from conftest import checked_batch, client_for, csrf, package, post
from starlette.testclient import TestClient

from pulje.drafts.package import MAX_TOTAL
from pulje.web import WebConfig
from pulje.web.config import Limits


def _limited(config: WebConfig, **limits: int) -> WebConfig:
    return dataclasses.replace(config, limits=Limits(**limits))


def _upload(c: TestClient, files: list[tuple[str, bytes]]) -> object:
    return post(c, "/skrivebord", files=[("filer", (n, b, "application/octet-stream"))
                                         for n, b in files], page="/skrivebord")


def _all_files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def _result(config: WebConfig, url: str) -> dict:
    batch = url.rsplit("/", 1)[1]
    text = (config.data_dir / "skrivebord" / batch / "result-da.json").read_text("utf-8")
    return json.loads(text)


def test_an_upload_over_the_size_limit_is_refused_at_the_field(config: WebConfig) -> None:
    small = _limited(config, max_upload_mb=1)
    with client_for(small) as c:
        answer = _upload(c, [("stor.pdf", b"%PDF" + b"0" * (2 * 1024 * 1024))])
        assert answer.status_code == 413
        assert "Uploaden er større end 1 MB" in answer.text
        assert 'aria-describedby="filer-hint filer-error"' in answer.text
        assert 'aria-invalid="true"' in answer.text
        assert not (small.data_dir / "skrivebord").exists() or not any(
            (small.data_dir / "skrivebord").iterdir())


def test_an_upload_without_a_length_is_stopped_at_the_limit(config: WebConfig) -> None:
    small = _limited(config, max_upload_mb=1)
    with client_for(small) as c:
        token = csrf(c.get("/skrivebord").text)
        boundary = "graense0123"

        def body():  # sent in chunks, no Content-Length: counted while read
            yield (f'--{boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n'
                   f"{token}\r\n--{boundary}\r\nContent-Disposition: form-data; "
                   f'name="filer"; filename="stor.pdf"\r\n\r\n').encode()
            for _ in range(40):
                yield b"0" * (64 * 1024)
            yield f"\r\n--{boundary}--\r\n".encode()

        answer = c.post("/skrivebord", content=body(), headers={
            "content-type": f"multipart/form-data; boundary={boundary}"})
        assert answer.status_code == 413 and "større end 1 MB" in answer.text


def test_more_files_than_allowed_are_refused(config: WebConfig) -> None:
    few = _limited(config, max_files=3)
    with client_for(few) as c:
        answer = _upload(c, [(f"{n}.txt", b"x") for n in range(4)])
        assert answer.status_code == 413
        assert "Mere end 3 filer på én gang" in answer.text


def test_no_file_chosen_is_said_at_the_field(config: WebConfig) -> None:
    with client_for(config) as c:
        answer = post(c, "/skrivebord", page="/skrivebord")
        assert answer.status_code == 400
        assert "Vælg en eller flere filer" in answer.text and 'href="#filer"' in answer.text


NASTY = [
    "../../etc/passwd",
    "/etc/passwd",
    "..",
    "nul\x00.docx",
    "escape\x1b[31m.pdf",
    "tekst\u202egnp.docx",
    "\u00e6" * 300 + ".yaml",
]


def _raw_upload(c: TestClient, files: list[tuple[str, bytes]]) -> str:
    """A multipart body written by hand, so names reach pulje as a hostile client sends
    them (a browser would escape some of their characters)."""
    token = csrf(c.get("/skrivebord").text)
    boundary = b"grense7f3a"
    body = (b"--" + boundary + b'\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n'
            + token.encode() + b"\r\n")
    for name, data in files:
        body += (b"--" + boundary + b'\r\nContent-Disposition: form-data; name="filer"; '
                 b'filename="' + name.encode("utf-8") + b'"\r\n\r\n' + data + b"\r\n")
    body += b"--" + boundary + b"--\r\n"
    answer = c.post("/skrivebord", content=body, headers={
        "content-type": "multipart/form-data; boundary=" + boundary.decode()})
    assert answer.status_code == 303, answer.text
    return str(answer.headers["location"])


def test_uploaded_names_never_become_paths_and_are_shown_escaped(config: WebConfig,
                                                                 tmp_path: Path) -> None:
    from conftest import wait_for

    before = _all_files(tmp_path)
    with client_for(config) as c:
        url = _raw_upload(c, [(name, b"data " + name.encode("utf-8")) for name in NASTY])
        assert wait_for(c, url)["status"] == "faerdig"
        page = c.get(url).text
    batch = url.rsplit("/", 1)[1]
    folder = config.data_dir / "skrivebord" / batch
    made = _all_files(tmp_path) - before
    inside = {p for p in made if p.startswith(f"data/skrivebord/{batch}/")}
    assert made - inside <= {"data/pulje-web.sqlite", "data/pulje-web.sqlite-wal",
                             "data/pulje-web.sqlite-shm", "data/secret.key"}
    assert {Path(p).relative_to(f"data/skrivebord/{batch}").as_posix() for p in inside} == {
        "batch.json", "result-da.json", "result-en.json",
        *(f"files/{n:04d}" for n in range(1, len(NASTY) + 1))}
    assert not (Path("/etc") / "passwd").read_bytes().startswith(b"data ")
    assert not list(folder.glob("stage-*"))  # the check's stage is gone
    rows = [r["fil"] for r in _result(config, url)["filer"]]
    assert rows[:6] == ["../../etc/passwd", "/etc/passwd", "..", "nul\\x00.docx",
                        "escape\\x1b[31m.pdf", "tekst\\u202egnp.docx"]
    for raw in ("\u202e", "\x00", "\x1b"):
        assert raw not in page
    assert "tekst\\u202egnp.docx" in page and "nul\\x00.docx" in page


def _zip(members: dict[str, bytes], **extra: zipfile.ZipInfo) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        for info in extra.values():
            zf.writestr(info, b"/etc/passwd")
    return buffer.getvalue()


def _encrypted(data: bytes, name: str) -> bytes:
    """``data`` with the member ``name`` marked encrypted (zipfile writes no encryption)."""
    out = bytearray(data)
    encoded = name.encode()
    for signature, flags, name_at in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        at = out.find(signature)
        while at >= 0:
            if out[at + name_at:at + name_at + len(encoded)] == encoded:
                out[at + flags] |= 0x1
            at = out.find(signature, at + 4)
    return bytes(out)


def test_a_zip_of_drafts_is_unpacked_under_numbers_never_to_its_paths(
        config: WebConfig, tmp_path: Path) -> None:
    link = zipfile.ZipInfo("link.docx")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    data = _encrypted(_zip({"../../ud/af/mappen.txt": b"a", "/absolut.yaml": b"b: 1",
                            "mappe/under/noter.txt": b"c", "__MACOSX/._noter.txt": b"d",
                            "hemmelig.docx": b"e"}, link=link), "hemmelig.docx")
    before = _all_files(tmp_path)
    with client_for(config) as c:
        url = checked_batch(c, [("udkast.zip", data)])
        page = c.get(url).text
    rows = [r["fil"] for r in _result(config, url)["filer"]]
    assert sorted(rows) == sorted(["udkast.zip/../../ud/af/mappen.txt",
                                   "udkast.zip//absolut.yaml",
                                   "udkast.zip/mappe/under/noter.txt"])
    made = _all_files(tmp_path) - before
    assert not [p for p in made if "mappen.txt" in p or "absolut" in p or "noter" in p]
    assert "1 link i zip-filen blev ikke pakket ud" in page
    assert "1 fil er krypteret i zip-filen og blev ikke pakket ud. Zip den igen" in page
    assert "__MACOSX blev udeladt" in page


def test_a_zip_bomb_is_not_unpacked(config: WebConfig) -> None:
    buffer = io.BytesIO()
    chunk = b"\0" * (1 << 20)
    with (zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf,
          zf.open("bombe.docx", "w", force_zip64=True) as member):
        for _ in range(MAX_TOTAL // len(chunk) + 1):
            member.write(chunk)
    assert len(buffer.getvalue()) < 1024 * 1024
    with client_for(config) as c:
        url = checked_batch(c, [("bombe.zip", buffer.getvalue())])
        page = c.get(url).text
    assert "det kan være en zip-bombe" in page
    files = list((config.data_dir / "skrivebord" / url.rsplit("/", 1)[1] / "files").iterdir())
    assert [p.stat().st_size for p in files] == [len(buffer.getvalue())]  # only the zip


def test_a_zip_whose_directory_lies_about_sizes_unpacks_no_more_than_it_says(
        config: WebConfig) -> None:
    data = bytearray(_zip({"lille.txt": b"\0" * (20 * 1024 * 1024)}))
    # the central directory's uncompressed size (offset 24 in the entry) says 100 bytes
    central = data.rfind(b"PK\x01\x02")
    data[central + 24:central + 28] = (100).to_bytes(4, "little")
    local = data.find(b"PK\x03\x04")
    data[local + 22:local + 26] = (100).to_bytes(4, "little")
    with client_for(config) as c:
        url = checked_batch(c, [("luner.zip", bytes(data))])
        page = c.get(url).text
    assert "er beskadiget og blev ikke pakket ud" in page
    folder = config.data_dir / "skrivebord" / url.rsplit("/", 1)[1] / "files"
    assert sum(p.stat().st_size for p in folder.iterdir()) == len(data)


def test_too_many_members_take_only_the_first(config: WebConfig) -> None:
    few = _limited(config, max_files=5)
    with client_for(few) as c:
        url = checked_batch(c, [("mange.zip", _zip({f"{n:02d}.txt": b"x" for n in range(9)}))])
        page = c.get(url).text
    assert len(_result(few, url)["filer"]) == 5
    assert "Kun de første 5 filer blev taget med" in page


def test_a_submission_package_zip_is_checked_whole_as_by_pulje_check(
        config: WebConfig, tmp_path: Path) -> None:
    zipped = package(tmp_path / "pakke", as_zip=True)
    with client_for(config) as c:
        url = checked_batch(c, [("indsendelse.zip", zipped.read_bytes())])
    (row,) = _result(config, url)["filer"]
    assert row["fil"] == "indsendelse.zip" and row["type"] == "pakke"
    assert row["status"] == "klar"


def test_the_data_folder_is_private(config: WebConfig) -> None:
    with client_for(config) as c:
        checked_batch(c, [("a.txt", b"a")])
    assert stat.S_IMODE((config.data_dir / "skrivebord").stat().st_mode) == 0o700
    assert stat.S_IMODE((config.data_dir / "secret.key").stat().st_mode) == 0o600
    store = config.data_dir / "pulje-web.sqlite"  # with PostgreSQL: no such file
    assert not store.exists() or stat.S_IMODE(store.stat().st_mode) == 0o600
