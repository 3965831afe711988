"""pulje's command line: parse options, call one engine function, print, exit.

Exit codes: 0 no fejl; 1 findings with fejl; 2 usage error or unreadable input.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from diagnostics import Translator, default_language, has_errors, render_json, render_text
from diagnostics.errors import PuljeError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _tr(ctx: click.Context) -> Translator:
    return Translator(ctx.obj["lang"])


def _fail(ctx: click.Context, exc: PuljeError) -> None:
    click.echo(exc.text(_tr(ctx)), err=True)
    ctx.exit(exc.exit_code)


class _Group(click.Group):
    """Turns a PuljeError from any command into its Danish message and exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PuljeError as exc:
            lang = (ctx.obj or {}).get("lang", default_language())
            click.echo(exc.text(Translator(lang)), err=True)
            sys.exit(exc.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--lang", type=click.Choice(["da", "en"]), default=None,
              help="Sprog for beskeder (standard: dansk, eller engelsk efter LANG).")
@click.version_option(package_name="pulje", message="pulje %(version)s")
@click.pass_context
def main(ctx: click.Context, lang: str | None) -> None:
    """pulje: udarbejd, kontrollér, dan og arkivér ansøgninger til STAR's puljer."""
    ctx.ensure_object(dict)
    ctx.obj["lang"] = lang or default_language()


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="Uddata som tekst eller JSON.")
@click.pass_context
def pools(ctx: click.Context, fmt: str) -> None:
    """Vis puljerne med finanslovskonto, modtagere, sidegrænse og runder."""
    from pools import all_pools, describe

    found = all_pools()
    if fmt == "json":
        click.echo(json.dumps([p.model_dump(mode="json") for p in found], ensure_ascii=False,
                              indent=2))
    else:
        click.echo(describe(found, _tr(ctx)))


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="Uddata som tekst eller JSON.")
@click.pass_context
def validate(ctx: click.Context, files: tuple[Path, ...], fmt: str) -> None:
    """Kontrollér svarfiler: form, sammenhæng i budget, målgruppe, tidsplan, måltal og svar."""
    from checks import validate_files

    tr = _tr(ctx)
    result = validate_files(list(files))
    diagnostics = result.diagnostics
    for path, exc in result.unreadable:
        click.echo(f"{path}: {exc.text(tr)}", err=True)
    if fmt == "json":
        click.echo(render_json(diagnostics, tr))
    else:
        click.echo(render_text(diagnostics, tr))
    if result.unreadable:
        ctx.exit(EXIT_USAGE)
    ctx.exit(EXIT_FINDINGS if has_errors(diagnostics) else EXIT_OK)


@main.command()
@click.argument("pool")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Den nye svarfil, fx applications/NAVN.yaml (overskrives aldrig).")
@click.pass_context
def init(ctx: click.Context, pool: str, output: Path) -> None:
    """Skriv en ny svarfil til POOL med alle skemaets spørgsmål som kommentarer."""
    from answers.starter import write_starter

    written = write_starter(pool, output)
    click.echo(_tr(ctx).format("Wrote {file}. Fill in the answers and run: pulje validate {file}",
                               {"file": str(written)}))


@main.command()
@click.argument("application", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Mappe til dokumenterne (standard: outputs/<ansøgning>/).")
@click.option("--no-pdf", is_flag=True, help="Spring PDF og sidetælling over (ingen LibreOffice).")
@click.option("--draft", is_flag=True,
              help="Dan et udkast trods fejl; hver side mærkes UDKAST.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="Uddata som tekst eller JSON (rapporten).")
@click.pass_context
def build(ctx: click.Context, application: Path, out_dir: Path | None, no_pdf: bool,
          draft: bool, fmt: str) -> None:
    """Dan ansøgningsskemaet (Word og PDF), budgetbilaget (Word, PDF, Excel) og report.json."""
    from rendering.build import build as run_build
    from rendering.build import describe

    tr = _tr(ctx)
    result = run_build(application, out_dir, pdf=not no_pdf, draft=draft)
    if fmt == "json":
        click.echo(json.dumps(result.report or {"diagnostics": json.loads(
            render_json(result.diagnostics, tr))["diagnostics"]}, ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(result.diagnostics, tr))
        click.echo(describe(result, tr))
    ctx.exit(EXIT_FINDINGS if has_errors(result.diagnostics) or not result.written else EXIT_OK)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_context
def pages(ctx: click.Context, files: tuple[Path, ...]) -> None:
    """Præcist sidetal for .docx- og .pdf-filer (alle .docx i én LibreOffice-kørsel)."""
    from office import pages_of

    tr = _tr(ctx)
    failed = False
    for count in pages_of(list(files)):
        if count.pages is not None:
            click.echo(tr.format("{file}: {pages} pages", {"file": str(count.file),
                                                            "pages": count.pages}))
        else:
            failed = True
            failure = count.failure
            text = (failure.text(tr) if isinstance(failure, PuljeError)
                    else tr.format(failure.reason, dict(failure.params)) if failure else "")
            click.echo(f"{count.file}: {text}", err=True)
    ctx.exit(EXIT_USAGE if failed else EXIT_OK)


@main.group()
def template() -> None:
    """Word-skabelonerne."""


@template.command("check")
@click.argument("pool")
@click.pass_context
def template_check(ctx: click.Context, pool: str) -> None:
    """Sammenlign skabelonens navne med skemaet (begge veje): TPL-fund."""
    from rendering.templatecheck import check_template

    found = check_template(pool)
    click.echo(render_text(found, _tr(ctx)))
    ctx.exit(EXIT_FINDINGS if has_errors(found) else EXIT_OK)


if __name__ == "__main__":
    main()
