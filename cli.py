"""pulje's command line: parse options, call one engine function, print, exit.

Exit codes: 0 no fejl; 1 findings with fejl; 2 usage error or unreadable input.
"""

from __future__ import annotations

import gettext
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

# pulje uses no pydantic plugins; looking for them scans every installed package's metadata,
# which costs `pulje validate` a good part of its start-up.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import click  # noqa: E402

from diagnostics import (  # noqa: E402
    Translator,
    default_language,
    has_errors,
    render_json,
    render_text,
)
from diagnostics.errors import PuljeError  # noqa: E402
from diagnostics.i18n import DOMAIN, LOCALE_DIR  # noqa: E402
from diagnostics.report import (  # noqa: E402
    FileResult,
    error_text,
    render_files_json,
    render_files_text,
    shown,
)

if TYPE_CHECKING:
    from click.decorators import FC

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _speak(lang: str) -> None:
    """Let click's own messages ("Brug:", "Fejl: Mangler argumentet …") follow pulje's language.

    click looks its messages up through the stdlib's global gettext domain, which reads the
    language from the environment; pulje's catalogue holds their Danish translations.
    """
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = lang


_speak(default_language())


def _tr(ctx: click.Context) -> Translator:
    return Translator(ctx.obj["lang"])


def _format_option(help_text: str = "Uddata som tekst eller JSON.") -> Callable[[FC], FC]:
    """The ``--format text|json`` option of the commands that print findings."""
    return click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                        help=help_text)


class _Group(click.Group):
    """Turns a PuljeError from any command into its Danish message and exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PuljeError as exc:
            lang = (ctx.obj or {}).get("lang", default_language())
            click.echo(error_text(exc, Translator(lang)), err=True)
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
    _speak(ctx.obj["lang"])


@main.command()
@_format_option()
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


def file_results(files: tuple[Path, ...], validation: Any) -> list[FileResult]:
    """One ``FileResult`` per file given, in that order, from ``checks.validate_files``."""
    found: dict[str, list[FileResult]] = {}
    for loaded, diagnostics in validation.results:
        found.setdefault(str(loaded.file), []).append(FileResult(str(loaded.file), diagnostics))
    for path, exc in validation.unreadable:
        found.setdefault(str(path), []).append(FileResult(str(path), error=exc))
    out = [found[str(p)].pop(0) for p in files if found.get(str(p))]
    return out + [r for rest in found.values() for r in rest]


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@_format_option()
@click.pass_context
def validate(ctx: click.Context, files: tuple[Path, ...], fmt: str) -> None:
    """Kontrollér svarfiler: form, sammenhæng i budget, målgruppe, tidsplan, måltal og svar."""
    from checks import validate_files

    tr = _tr(ctx)
    result = validate_files(list(files))
    diagnostics = result.diagnostics
    for path, exc in result.unreadable:
        click.echo(f"{shown(str(path))}: {error_text(exc, tr)}", err=True)
    rows = file_results(files, result)
    if fmt == "json":
        click.echo(render_files_json(rows, tr))
    elif result.results:
        click.echo(render_files_text(rows, tr))
    if result.unreadable:
        ctx.exit(EXIT_USAGE)
    ctx.exit(EXIT_FINDINGS if has_errors(diagnostics) else EXIT_OK)


@main.command()
@click.argument("pool")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Den nye svarfil, fx applications/NAVN.yaml (overskrives aldrig).")
@click.option("--docx", "docx", type=click.Path(path_type=Path), default=None,
              help="Skriv i stedet et tomt Word-skema med indholdskontroller til FILE.")
@click.pass_context
def init(ctx: click.Context, pool: str, output: Path | None, docx: Path | None) -> None:
    """Skriv en ny svarfil (eller et tomt Word-skema) til POOL med alle skemaets spørgsmål."""
    tr = _tr(ctx)
    if docx is not None:
        from drafts import write_blank_docx

        written = write_blank_docx(pool, docx)
        click.echo(tr.format("Wrote {file}. Fill it in in Word and read it back with: "
                             "pulje import {file} -o applications/NAME.yaml",
                             {"file": str(written)}))
        return
    if output is None:
        raise click.UsageError(tr.gettext("Give -o FILE (or --docx FILE)."))
    from answers.starter import write_starter

    written = write_starter(pool, output)
    click.echo(tr.format("Wrote {file}. Fill in the answers and run: pulje validate {file}",
                         {"file": str(written)}))


@main.command()
@click.argument("application", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Mappe til dokumenterne (standard: outputs/<ansøgning>/).")
@click.option("--no-pdf", is_flag=True, help="Spring PDF og sidetælling over (ingen LibreOffice).")
@click.option("--draft", is_flag=True,
              help="Dan et udkast trods fejl; hver side mærkes UDKAST.")
@_format_option("Uddata som tekst eller JSON (rapporten).")
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
            click.echo(tr.ngettext("{file}: {pages} page", "{file}: {pages} pages", count.pages)
                       .format(file=count.file, pages=count.pages))
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


@main.command("import")
@click.argument("draft", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Svarfilen der skrives, fx applications/NAVN.yaml.")
@click.option("--force", is_flag=True, help="Overskriv en eksisterende svarfil.")
@click.pass_context
def import_(ctx: click.Context, draft: Path, output: Path, force: bool) -> None:
    """Læs svarene i et Word-udkast (fra pulje build eller init --docx) ind i en svarfil."""
    from drafts import describe_import, import_docx

    tr = _tr(ctx)
    result = import_docx(draft, output, force=force)
    click.echo(render_text(result.diagnostics, tr))
    click.echo(describe_import(result, tr))
    ctx.exit(EXIT_FINDINGS if has_errors(result.diagnostics) else EXIT_OK)


@main.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_format_option()
@click.pass_context
def check_(ctx: click.Context, paths: tuple[Path, ...], fmt: str) -> None:
    """Kontrollér svarfiler, Word- og PDF-udkast og mapper med dem: én linje pr. fil."""
    from drafts import check_paths, render_desk_json, render_desk_text

    tr = _tr(ctx)
    bar: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if total <= 3 or not sys.stderr.isatty():
            return
        if bar is None:
            from tqdm import tqdm

            bar = tqdm(total=total, unit="fil", file=sys.stderr, leave=False)
        bar.update(done - bar.n)

    result = check_paths(list(paths), progress=progress)
    if bar is not None:
        bar.close()
    click.echo(render_desk_json(result, tr) if fmt == "json" else render_desk_text(result, tr))
    if result.unusable:
        ctx.exit(EXIT_USAGE)
    ctx.exit(EXIT_FINDINGS if result.has_errors else EXIT_OK)


@main.command()
@click.argument("application", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Mappe til pakken (standard: outputs/<ansøgning>/indsendelse-<tid>/).")
@click.option("--archive", "archive_root", type=click.Path(path_type=Path), default=None,
              help="Arkivmappen (standard: $PULJE_ARKIV eller outputs/arkiv).")
@click.pass_context
def submit(ctx: click.Context, application: Path, out_dir: Path | None,
           archive_root: Path | None) -> None:
    """Dan den endelige indsendelsespakke (dokumenter, manifest, e-mailkladde, zip) og arkivér."""
    from submission import describe
    from submission import submit as run_submit

    tr = _tr(ctx)
    result = run_submit(application, out_dir=out_dir, archive_root=archive_root)
    click.echo(render_text(result.diagnostics, tr))
    click.echo(describe(result, tr))
    ctx.exit(EXIT_FINDINGS if result.refused else EXIT_OK)


@main.group("archive")
@click.option("--root", type=click.Path(path_type=Path), default=None,
              help="Arkivmappen (standard: $PULJE_ARKIV eller outputs/arkiv).")
@click.pass_context
def archive_(ctx: click.Context, root: Path | None) -> None:
    """Arkivet over indsendte ansøgninger: add, list, show, verify, export."""
    from archive import default_root

    ctx.obj["archive_root"] = root or default_root()


def _archive(ctx: click.Context) -> Any:
    from archive import Archive

    return Archive(ctx.obj["archive_root"])


@archive_.command("add")
@click.argument("package", type=click.Path(path_type=Path))
@click.pass_context
def archive_add(ctx: click.Context, package: Path) -> None:
    """Arkivér en indsendelsespakke (mappe eller .zip)."""
    from archive.report import format_add

    click.echo(format_add(_archive(ctx).add(package), package, _tr(ctx)))


@archive_.command("list")
@click.option("--pool", default=None, help="Kun denne pulje.")
@click.option("--kommune", default=None, help="Kun denne kommune.")
@click.option("--year", type=int, default=None, help="Kun dette år (indsendelsestidspunkt).")
@click.option("--text", default=None, help="Tekst i projektnavnet.")
@click.pass_context
def archive_list(ctx: click.Context, pool: str | None, kommune: str | None, year: int | None,
                 text: str | None) -> None:
    """Vis arkiverede ansøgninger, nyeste først."""
    from archive.report import format_list

    entries = _archive(ctx).list(pool=pool, kommune=kommune, year=year, text=text)
    click.echo(format_list(entries, _tr(ctx)))


@archive_.command("show")
@click.argument("entry_id")
@click.pass_context
def archive_show(ctx: click.Context, entry_id: str) -> None:
    """Vis én arkiveret ansøgning med dens filer og hashværdier."""
    from archive.report import format_show

    click.echo(format_show(_archive(ctx).show(entry_id), _tr(ctx)))


@archive_.command("verify")
@click.argument("ids", nargs=-1)
@click.pass_context
def archive_verify(ctx: click.Context, ids: tuple[str, ...]) -> None:
    """Genberegn alle hashværdier: ændrede, manglende eller ekstra filer er ARK-fejl."""
    found = _archive(ctx).verify(list(ids) or None)
    click.echo(render_text(found, _tr(ctx)))
    ctx.exit(EXIT_FINDINGS if has_errors(found) else EXIT_OK)


@archive_.command("export")
@click.argument("entry_id")
@click.argument("directory", type=click.Path(path_type=Path))
@click.pass_context
def archive_export(ctx: click.Context, entry_id: str, directory: Path) -> None:
    """Skriv en arkiveret pakke ud i en mappe (overskriver aldrig)."""
    from archive.report import format_export

    paths = _archive(ctx).export(entry_id, directory)
    click.echo(format_export(entry_id, paths, directory, _tr(ctx)))


if __name__ == "__main__":
    main()
