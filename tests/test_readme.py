"""The README's commands are commands: every line of its ``sh`` blocks is a make target of the
Makefile or a pulje command whose command names, options and arguments exist (parsed by the
CLI itself, not run), and it tells a newcomer how to get ``pulje`` onto the command line."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from cli import main

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
MAKEFILE = ROOT / "Makefile"
# The shell's own commands the README may use around pulje's.
SHELL = {"source", "cp", "mkdir", "cd", "ls"}


def shell_lines(text: str) -> list[str]:
    """The lines of the ```sh blocks, comments and blank lines left out."""
    out, inside = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            inside = line.strip() == "```sh"
            continue
        if inside:
            words = shlex.split(line, comments=True)
            if words:
                out.append(line)
    return out


def commands(line: str) -> list[list[str]]:
    """The commands of a line: ``ID=$(pulje … | awk …)`` gives the pulje command inside."""
    m = re.fullmatch(r"\s*\w+=\$\((.*)\)\s*(#.*)?", line)
    if m:
        return [shlex.split(part, comments=True) for part in m.group(1).split("|")]
    return [shlex.split(line, comments=True)]


def parse(args: list[str]) -> list[str]:
    """Parse ``pulje ARGS`` as the CLI would, down to the command; nothing runs. Returns the
    command's path; raises ``click.UsageError`` for an unknown command, option or value."""
    ctx = main.make_context("pulje", list(args))
    command: click.Command = main
    path: list[str] = []
    while isinstance(command, click.Group):
        rest = [*ctx._protected_args, *ctx.args]  # what the group leaves to its command
        if not rest and command.invoke_without_command:
            break  # a group that runs by itself (pulje web)
        name, sub, rest = command.resolve_command(ctx, rest)
        assert sub is not None and name is not None
        path.append(name)
        ctx = sub.make_context(name, rest, parent=ctx)
        command = sub
    return path


LINES = shell_lines(README.read_text(encoding="utf-8"))


def test_the_readme_has_commands_for_every_part() -> None:
    used = {tuple(parse(cmd[1:])) for line in LINES for cmd in commands(line)
            if cmd and cmd[0] == "pulje" and cmd[1:] != ["--help"]}
    everything = {("pools",), ("validate",), ("init",), ("build",), ("pages",),
                  ("template", "check"), ("check",), ("import",), ("submit",),
                  ("archive", "list"), ("archive", "show"), ("archive", "verify"),
                  ("archive", "export"), ("web",), ("web", "user", "add"),
                  ("web", "user", "list"), ("web", "user", "remove"),
                  ("pools", "show"), ("pools", "diff"), ("diff",)}
    assert everything <= used, everything - used


@pytest.mark.parametrize("line", LINES)
def test_every_readme_command_exists_as_written(line: str) -> None:
    targets = set(re.findall(r"^([\w-]+):", MAKEFILE.read_text(encoding="utf-8"), re.M))
    for cmd in commands(line):
        if cmd[0] == "make":
            assert set(cmd[1:]) <= targets, line
        elif cmd[0] == "pulje":
            if cmd[1:] == ["--help"]:
                continue
            parse(cmd[1:])  # raises for a command, option or value the CLI does not have
        elif cmd[0] == "awk":
            continue
        else:
            assert cmd[0] in SHELL, f"not a pulje, make or shell command: {line}"


def test_a_wrong_command_is_caught() -> None:
    with pytest.raises(click.UsageError):
        parse(["archive", "shwo", "x"])
    with pytest.raises(click.UsageError):
        parse(["build", "--no-pfd", "a.yaml"])
    with pytest.raises(click.UsageError):
        parse(["validate"])
    with pytest.raises(click.UsageError):
        parse(["web", "--prot", "8000"])
    assert parse(["web", "--port", "8000"]) == ["web"]


def test_the_readme_and_make_demo_say_how_to_run_pulje() -> None:
    assert ["source", ".venv/bin/activate"] in [cmd for line in LINES for cmd in commands(line)]
    demo = MAKEFILE.read_text(encoding="utf-8").split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert "source $(VENV)/bin/activate" in demo and "$(VENV)/bin/pulje --help" in demo
    assert re.search(r"^VENV := \.venv$", MAKEFILE.read_text(encoding="utf-8"), re.M)


def _blocks_after(heading: str) -> tuple[list[str], list[str]]:
    """The ``sh`` block under ``heading`` (every line, comments too) and the plain block of
    findings after it."""
    text = README.read_text(encoding="utf-8").split(f"\n{heading}\n", 1)[1]
    sh = text.split("```sh\n", 1)[1].split("\n```", 1)[0]
    after = text.split("```sh\n", 1)[1].split("\n```\n", 1)[1]  # the prose, then the block
    shown = after.split("\n```\n", 1)[1].split("\n```", 1)[0]
    return sh.splitlines(), shown.splitlines()


def test_the_word_and_excel_route_runs_as_shown(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's Word and Excel route run line by line in a fresh folder: the blank form
    and workbook filled in (the example's answers typed into the controls, its budget into
    the workbook's rows), checked, imported and built; then the findings it shows, from the
    edits it names."""
    from click.testing import CliRunner
    from openpyxl import load_workbook
    from word_fill import fill_blank, type_text
    from workbook_samples import edit, heads, rows_of, type_budget

    from pulje.answers.loader import load_application
    from pulje.documents.form import render_draft

    example = load_application(ROOT / "applications" / "albertslund-bedre-ressourceforloeb.yaml")
    assert example.model is not None
    built = render_draft(example, tmp_path / "bygget" / "eksempel.docx") or (
        tmp_path / "bygget" / "eksempel.docx")
    folder = tmp_path / "projekt"
    folder.mkdir()
    monkeypatch.chdir(folder)
    lines, shown = _blocks_after("### Med Word og Excel, uden svarfil")
    runner, outputs = CliRunner(), []
    for line in lines:
        words = shlex.split(line, comments=True)
        if not words:  # the project leader's part, in Word and in Excel
            assert "Word" in line and "Excel" in line, line
            fill_blank(Path("ansoegning.docx"), built, Path("ansoegning.docx"))
            edit(Path("ansoegning-budget.xlsx"), Path("ansoegning-budget.xlsx"),
                 type_budget(example.model, as_text=False))
            continue
        assert words[0] == "pulje", line
        run = runner.invoke(main, ["--lang", "da", *words[1:]])
        assert run.exit_code == 0, f"{line}\n{run.output}"
        outputs.append(run.output)
    init, check, imported, build = outputs
    assert "ansoegning-budget.xlsx" in init
    assert "2 filer: 2 klar." in check
    assert "Budgettet er læst fra ansoegning-budget.xlsx." in imported
    answers = load_application(folder / "applications" / "ansoegning.yaml")
    assert answers.model is not None
    got, want = answers.model.model_dump(mode="json"), example.model.model_dump(mode="json")
    assert {k: v for k, v in got.items() if k != "budget"} == {
        k: v for k, v in want.items() if k != "budget"}
    assert sorted(map(repr, got["budget"]["udgifter"])) == sorted(
        map(repr, want["budget"]["udgifter"]))
    assert "12 af 15 sider" in build
    assert {p.name for p in (folder / "outputs" / "ansoegning").glob("*.pdf")} == {
        "ansoegning.pdf", "ansoegning-bilag-budget.pdf"}

    # The findings shown: a number with words in the form and in the workbook.
    type_text(Path("ansoegning.docx"), Path("ansoegning.docx"),
              "maalgruppe.tilkendes.pr_maaned", "ca. 4")

    def price_as_words(ws: object) -> None:
        ws[f"{heads(ws)['Enhedspris']}{rows_of(ws)['Løn'][0]}"] = "ca. 45.000"  # type: ignore[index]

    edit(Path("ansoegning-budget.xlsx"), Path("ansoegning-budget.xlsx"), price_as_words)
    assert load_workbook("ansoegning-budget.xlsx")["Budget"]["D9"].value == "ca. 45.000"
    run = runner.invoke(main, ["--lang", "da", "import", "ansoegning.docx",
                               "ansoegning-budget.xlsx", "-o", "igen.yaml"])
    assert run.exit_code == 1, run.output
    assert len(shown) == 3 and "DOC008 fejl" in shown[0] and "REG003 fejl" in shown[1]
    missing = [line for line in shown if line not in run.output.splitlines()]
    assert not missing, run.output
