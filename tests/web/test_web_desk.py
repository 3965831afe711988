"""The desk in the browser gives what ``pulje check`` gives on the same files: the same rows,
statuses and findings (same engine call), told with the names the files were uploaded with;
a detail page per file; the findings as the check's JSON and as CSV. A batch is seen only by
whoever uploaded it, and by the project office."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from conftest import ROOT, checked_batch, client_for, login, post, user

from pulje.web import WebConfig
from pulje.web.desk.batches import WAITING, BatchStore
from pulje.web.desk.export import COLUMNS, to_csv


def _cli_check(files: list[Path]) -> dict[str, Any]:
    """``pulje check --format json`` on the files, given by name in their folder."""
    done = subprocess.run([sys.executable, str(ROOT / "cli.py"), "check", "--format", "json",
                           *(f.name for f in files)], capture_output=True, text=True,
                          check=False, cwd=files[0].parent,
                          env={"PULJE_LANG": "da", "PATH": "/usr/bin:/bin"})
    assert done.returncode in (0, 1), done.stderr
    return dict(json.loads(done.stdout))


def test_the_desk_gives_what_pulje_check_gives_on_the_same_files(
        config: WebConfig, drafts: Path) -> None:
    names = sorted(p.name for p in drafts.iterdir())
    with client_for(config) as c:
        url = checked_batch(c, [(n, (drafts / n).read_bytes()) for n in names])
        web = c.get(f"{url}/fund.json")
        page = c.get(url).text
    assert web.headers["content-disposition"].startswith("attachment;")
    web_json = web.json()
    cli_json = _cli_check([drafts / n for n in names])
    assert web_json == cli_json
    assert [r["fil"] for r in web_json["filer"]] == names  # the uploaded names, no paths
    statuses = {r["fil"]: r["status"] for r in web_json["filer"]}
    assert statuses == {"albertslund-ansøgning.docx": "klar", "udkast.pdf": "fejl",
                        "ødelagt.docx": "ulæselig"}
    codes = {d["code"] for r in web_json["filer"] for d in r["diagnostics"]}
    assert "DOC020" in codes and "DOC001" in codes and "DOC038" not in codes
    assert str(config.data_dir) not in json.dumps(web_json)  # no server path leaks
    assert web_json["summary"]["text"] in page


def test_a_file_page_shows_each_finding_with_place_message_and_hint(config: WebConfig) -> None:
    with client_for(config) as c:
        url = checked_batch(c, [("noter.txt", b"x"), ("tom.pdf", b"%PDF-1.4 ikke mere")])
        page = c.get(f"{url}/fil/2")
        assert page.status_code == 200
        found = c.get(f"{url}/fund.json").json()["filer"][1]
        assert found["diagnostics"]
        for d in found["diagnostics"]:
            assert d["code"] in page.text and d["message"] in page.text
            assert d["hint"] in page.text
        assert "Gør sådan:" in page.text and "Fil 2 af 2" in page.text
        assert c.get(f"{url}/fil/3").status_code == 404
        assert c.get(f"{url}/fil/0").status_code == 404


def test_the_csv_has_a_line_per_finding_and_one_per_file_without(config: WebConfig) -> None:
    with client_for(config) as c:
        url = checked_batch(c, [("=CMD|'/c calc'!A1.txt", b"x"), ("noter.txt", b"y")])
        answer = c.get(f"{url}/fund.csv")
        data = c.get(f"{url}/fund.json").json()
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.headers["content-disposition"].endswith('.csv"')
    text = answer.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Danish Excel reads UTF-8 with the mark
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) - 1 == sum(max(1, len(r["diagnostics"])) for r in data["filer"])
    assert rows[1][0] == "'=CMD|'/c calc'!A1.txt"  # no formula for Excel
    english = to_csv(data, "en")
    assert not english.startswith("\ufeff") and english.splitlines()[0] == ",".join(COLUMNS)


def test_a_batch_is_seen_by_its_uploader_and_the_office_only(config: WebConfig) -> None:
    for name, role in (("sara", "skriver"), ("sofus", "skriver"), ("karen", "kontor")):
        user(config, name, role)
    with client_for(config) as c:
        login(c, "sara")
        url = checked_batch(c, [("noter.txt", b"x")])
    with client_for(config) as c:
        login(c, "sofus")
        assert c.get(url).status_code == 404
        assert c.get(f"{url}/fund.csv").status_code == 404
        assert c.get(f"{url}/status").status_code == 404
        assert url not in c.get("/skrivebord").text
        refused = post(c, f"{url}/slet", page="/skrivebord")
        assert refused.status_code == 404
    with client_for(config) as c:
        login(c, "karen")
        desk = c.get("/skrivebord").text
        assert url in desk and "sara" in desk
        assert c.get(f"{url}/fil/1").status_code == 200


def test_removing_a_batch_removes_its_files(config: WebConfig) -> None:
    with client_for(config) as c:
        url = checked_batch(c, [("noter.txt", b"x")])
        folder = config.data_dir / "skrivebord" / url.rsplit("/", 1)[1]
        assert folder.is_dir()
        answer = post(c, f"{url}/slet", page=url)
        assert answer.status_code == 303 and answer.headers["location"] == "/skrivebord"
        assert not folder.exists()
        assert c.get(url).status_code == 404


def test_old_batches_are_removed_after_the_retention_limit(config: WebConfig) -> None:
    from datetime import timedelta

    with client_for(config) as c:
        old = checked_batch(c, [("gammel.txt", b"x")]).rsplit("/", 1)[1]
        new = checked_batch(c, [("ny.txt", b"x")]).rsplit("/", 1)[1]
    store = BatchStore(config.data_dir)
    batch = store.get(old)
    assert batch is not None
    batch.created -= timedelta(days=config.limits.retention_days + 1)
    store.save(batch)
    assert store.prune(config.limits.retention_days, 100) == 1
    assert store.get(old) is None and store.get(new) is not None
    assert store.prune(30, 0) == 1 and store.all() == []  # the count limit


def test_a_batch_left_waiting_is_checked_when_the_server_starts_again(
        config: WebConfig) -> None:
    store = BatchStore(config.data_dir)
    batch = store.new("")
    from pulje.web.desk.uploads import Receiver, Upload

    Receiver(store, batch, 10).add([Upload("noter.txt", io.BytesIO(b"x"))])
    store.save(batch)
    assert batch.status == WAITING
    with client_for(config) as c:
        from conftest import wait_for

        assert wait_for(c, f"/skrivebord/{batch.id}")["status"] == "faerdig"
