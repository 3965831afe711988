"""``pulje archive`` on the command line: add, list, show, verify, export (and ``history``,
from ``pulje.commands``). Each parses its options, calls one engine function
(``pulje.archive``), prints and exits; ``cli.py`` hangs the group on its own."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from pulje.commands import archive_history
from pulje.diagnostics import N_, Translator, clickhelp, has_errors, render_text

if TYPE_CHECKING:
    from click.decorators import FC

EXIT_OK, EXIT_FINDINGS = 0, 1
option = functools.partial(click.option, cls=clickhelp.Option)
argument = functools.partial(click.argument, cls=clickhelp.Argument)


def _tr(ctx: click.Context) -> Translator:
    return Translator((ctx.obj or {}).get("lang", "da"))


def _format_option() -> Callable[[FC], FC]:
    return option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                  help=N_("Output as text or JSON."))


@click.group("archive", cls=clickhelp.Group,
    help=N_("The archive of submitted applications: add, list, show, verify, "
            "export."))
@option("--root", type=click.Path(path_type=Path), default=None,
        metavar=N_("FOLDER"),
        help=N_("The archive folder (default: $PULJE_ARKIV, else pulje's own archive folder)."))
@click.pass_context
def archive_(ctx: click.Context, root: Path | None) -> None:
    from pulje.archive import locate

    located = locate(root)
    for notice in located.notices:
        click.echo(notice.text(_tr(ctx)), err=True)
    ctx.obj["archive_root"] = located.root


def _archive(ctx: click.Context) -> Any:
    from pulje.archive import Archive

    return Archive(ctx.obj["archive_root"])


@archive_.command("add", help=N_("Archive a submission package (folder or .zip)."))
@argument("package", type=click.Path(path_type=Path), metavar=N_("PACKAGE"))
@click.pass_context
def archive_add(ctx: click.Context, package: Path) -> None:
    from pulje.archive.report import format_add

    click.echo(format_add(_archive(ctx).add(package), package, _tr(ctx)))


def _art(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """``--art``: the id of the kind named; an unknown kind is a usage error naming them all."""
    from pulje.archive.report import art_choices, art_named
    from pulje.diagnostics.report import shown

    if value is None:
        return None
    found = art_named(value)
    if found is None:
        tr = _tr(ctx)
        raise click.BadParameter(tr.format("'{value}' is no kind of record. Choose one of: "
                                           "{kinds}.", {"value": shown(value),
                                                        "kinds": art_choices(tr)}))
    return found


@archive_.command("list", help=N_("List archived applications, newest first."))
@option("--pool", default=None, metavar=N_("POOL"), help=N_("Only this pool."))
@option("--kommune", default=None, metavar=N_("TEXT"), help=N_("Only this municipality."))
@option("--year", type=int, default=None, help=N_("Only this year (of submission)."))
@option("--text", default=None, metavar=N_("TEXT"), help=N_("Text in the project's name."))
@option("--art", default=None, metavar=N_("KIND"), callback=_art,
        help=N_("Only this kind of record, as the Art column names it or by its id (e.g. "
                "udvalgssag, tilsagn, slutrapport)."))
@_format_option()
@click.pass_context
def archive_list(ctx: click.Context, pool: str | None, kommune: str | None, year: int | None,
                 text: str | None, art: str | None, fmt: str) -> None:
    from pulje.archive.report import format_damaged, format_list, list_json

    entries = _archive(ctx).list(pool=pool, kommune=kommune, year=year, text=text, art=art)
    if fmt == "json":
        click.echo(list_json(entries))
        return
    click.echo(format_list(entries, _tr(ctx)))
    if entries.damaged:
        click.echo(format_damaged(entries.damaged, _tr(ctx)), err=True)


@archive_.command("show", help=N_("Show one archived application with its files and hashes."))
@argument("entry_id", metavar=N_("ID"))
@click.pass_context
def archive_show(ctx: click.Context, entry_id: str) -> None:
    from pulje.archive.report import format_show

    click.echo(format_show(_archive(ctx).show(entry_id), _tr(ctx)))


@archive_.command("verify",
    help=N_("Recompute every hash: changed, missing or extra files are ARK "
            "errors."))
@argument("ids", nargs=-1, metavar=N_("ID"))
@click.pass_context
def archive_verify(ctx: click.Context, ids: tuple[str, ...]) -> None:
    found = _archive(ctx).verify(list(ids) or None)
    click.echo(render_text(found, _tr(ctx)))
    ctx.exit(EXIT_FINDINGS if has_errors(found) else EXIT_OK)


@archive_.command("export",
    help=N_("Write an archived package out into a folder (never "
            "overwrites)."))
@argument("entry_id", metavar=N_("ID"))
@argument("directory", type=click.Path(path_type=Path), metavar=N_("FOLDER"))
@click.pass_context
def archive_export(ctx: click.Context, entry_id: str, directory: Path) -> None:
    from pulje.archive.report import format_export

    paths = _archive(ctx).export(entry_id, directory)
    click.echo(format_export(entry_id, paths, directory, _tr(ctx)))


archive_.add_command(archive_history)
