"""``pulje archive list --art KIND``: the archive's entries of one kind of record (the Art
column), the kind named as the column names it (Danish or English) or by its id; an unknown
kind is a usage error (exit 2) naming every kind."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from archive_helpers import PackageFactory
from click.testing import CliRunner

from cli import main
from pulje.archive import Archive
from pulje.archive.report import ARTS, art_named

CET = timezone(timedelta(hours=1))


def _filled(make_package: PackageFactory, arkiv: Path) -> dict[str, str]:
    """What was sent, its committee case, the grant and a status report (oldest first)."""
    archive = Archive(arkiv)
    ids = {}
    for month, art in enumerate(("ansoegning", "udvalgssag", "tilsagn", "statusrapport"), 1):
        when = datetime(2016, month, 1, 9, 0, tzinfo=CET)
        extra = {} if art == "ansoegning" else {"art": art}
        ids[art] = archive.add(make_package(art, tidspunkt=when, extra=extra)).entry.id
    return ids


def _run(arkiv: Path, *args: str, lang: str = "da") -> tuple[int, str]:
    res = CliRunner().invoke(main, ["--lang", lang, "archive", "--root", str(arkiv), "list",
                                    *args])
    return res.exit_code, res.output


def test_the_engine_lists_one_kind_of_record(make_package: PackageFactory, arkiv: Path) -> None:
    ids = _filled(make_package, arkiv)
    archive = Archive(arkiv)
    assert [e.id for e in archive.list(art="tilsagn")] == [ids["tilsagn"]]
    assert [e.id for e in archive.list(art="ansoegning")] == [ids["ansoegning"]]
    assert archive.list(art="slutrapport") == []
    assert len(archive.list()) == 4
    # the limit counts the kind's entries, not every entry
    assert [e.id for e in archive.list(art="ansoegning", limit=1)] == [ids["ansoegning"]]


def test_the_kind_is_named_as_the_art_column_names_it_or_by_its_id(
        make_package: PackageFactory, arkiv: Path) -> None:
    ids = _filled(make_package, arkiv)
    for name in ("udvalgssag", "Udvalgssag", "committee case"):
        code, out = _run(arkiv, "--art", name)
        assert code == 0, out
        assert ids["udvalgssag"] in out and ids["tilsagn"] not in out
        assert out.rstrip().endswith("1 arkivpost")
    for name in ("ansøgning (som indsendt)", "ansøgning", "ansoegning", "application"):
        code, out = _run(arkiv, "--art", name)
        assert code == 0, out
        assert ids["ansoegning"] in out and ids["udvalgssag"] not in out
    code, out = _run(arkiv, "--art", "grant", "--format", "json", lang="en")
    assert code == 0 and ids["tilsagn"] in out and ids["statusrapport"] not in out


def test_an_unknown_kind_is_a_usage_error_naming_every_kind(arkiv: Path) -> None:
    code, out = _run(arkiv, "--art", "regnskab")
    assert code == 2
    assert "'regnskab' er ikke en art af post. Vælg en af:" in out
    assert "ansøgning (som indsendt) [ansoegning]" in out and "udvalgssag," in out
    assert "ændringsanmodning [aendring]" in out and "Traceback" not in out
    code, out = _run(arkiv, "--art", "regnskab", lang="en")
    assert code == 2
    assert "'regnskab' is no kind of record. Choose one of:" in out
    assert "committee case [udvalgssag]" in out


def test_every_kind_is_found_by_its_id_and_both_names() -> None:
    from pulje.diagnostics import Translator

    for art, msgid in ARTS.items():
        assert art_named(art) == art
        for lang in ("da", "en"):
            assert art_named(Translator(lang).gettext(msgid).upper()) == art
    assert art_named("regnskab") is None and art_named("") is None
