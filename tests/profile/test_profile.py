"""The kommune profile: read with places, checked (CVR), and used by ``pulje init``."""

from __future__ import annotations

from pathlib import Path

import pytest
from after_support import PROFILE, write_profile
from click.testing import CliRunner

from cli import main
from pulje.profile import ProfileError, load_profile, read_profile


def test_a_profile_reads_with_no_findings_but_the_notes(tmp_path: Path) -> None:
    loaded = read_profile(write_profile(tmp_path))
    assert loaded.profile is not None
    assert loaded.diagnostics == []
    assert loaded.profile.udvalg.fagudvalg == "Testudvalget for Beskæftigelse"
    assert loaded.profile.sag.aabent is True
    assert loaded.profile.cvr == "12345674"


def test_wrong_values_are_named_at_their_line(tmp_path: Path) -> None:
    text = PROFILE.replace('cvr: "12345674"', 'cvr: "1234"').replace(
        "  aabent: ja", "  aabent: maaske").replace("\nudvalg:", "\nudvalgg: x\nudvalg:")
    loaded = read_profile(write_profile(tmp_path, text))
    assert loaded.profile is None
    found = {(d.code, d.location.line if d.location else None, ".".join(map(str, d.path)))
             for d in loaded.diagnostics}
    assert ("PRF001", 2, "cvr") in found
    assert ("PRF001", 10, "udvalgg") in found
    assert any(d.path == ("sag", "aabent") for d in loaded.diagnostics)


def test_a_cvr_number_failing_its_check_digit_is_a_warning(tmp_path: Path) -> None:
    loaded = read_profile(write_profile(tmp_path, PROFILE.replace("12345674", "12345678")))
    assert loaded.profile is not None
    assert [d.code for d in loaded.diagnostics] == ["PRF002"]


def test_a_profile_with_errors_stops_the_command_with_its_findings(tmp_path: Path) -> None:
    path = write_profile(tmp_path, "kommune: [a, b]\n")
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    assert caught.value.diagnostics[0].code == "PRF001"


def test_no_profile_is_no_error_unless_one_is_named(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PULJE_PROFIL", str(tmp_path / "none.yaml"))
    assert load_profile() is None
    with pytest.raises(ProfileError):
        load_profile(tmp_path / "none.yaml")


def test_init_fills_in_the_applicant_and_contact_from_the_profile(tmp_path: Path) -> None:
    profile = write_profile(tmp_path)
    target = tmp_path / "ny.yaml"
    result = CliRunner().invoke(main, ["init", "bedre-ressourceforloeb", "-o", str(target),
                                       "--profile", str(profile)])
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert 'kommune: "Albertslund Kommune"' in text
    assert '  navn: "Test Testesen"' in text
    assert '  email: "test@example.dk"' in text
    from pulje.answers.loader import load_application

    loaded = load_application(target)
    assert loaded.partial is not None or loaded.model is not None
    model = loaded.model or loaded.partial
    assert model.identifikation.ansvarlig.telefon == "4300 0000"


def test_profile_init_writes_a_starter_that_reads_back(tmp_path: Path) -> None:
    target = tmp_path / "p.yaml"
    runner = CliRunner()
    assert runner.invoke(main, ["profile", "init", "-o", str(target), "--kommune",
                                "Slagelse Kommune"]).exit_code == 0
    loaded = read_profile(target)
    assert loaded.profile is not None and loaded.profile.kommune == "Slagelse Kommune"
    shown = runner.invoke(main, ["profile", "show", "--profile", str(target)])
    assert shown.exit_code == 0 and "PRF003" in shown.output
    again = runner.invoke(main, ["profile", "init", "-o", str(target)])
    assert again.exit_code == 2  # never over an existing file
