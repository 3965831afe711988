"""The command line's commands for the catalogue of pools and for comparing applications:
``pools`` (with ``show`` and ``diff``) and ``diff``. Each parses its options, calls one engine
function (``pulje.pools.listing``, ``pulje.pools.compare``, ``pulje.answers.diff``), prints;
``cli.py`` hangs them on its group."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from pulje.diagnostics import N_, Translator, clickhelp

if TYPE_CHECKING:
    from click.decorators import FC

option = functools.partial(click.option, cls=clickhelp.Option)
argument = functools.partial(click.argument, cls=clickhelp.Argument)


def _tr(ctx: click.Context) -> Translator:
    return Translator((ctx.obj or {}).get("lang", "da"))


def _format_option() -> Callable[[FC], FC]:
    return option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                  help=N_("Output as text or JSON."))


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """A ``--dato``-like option: YYYY-MM-DD, or a usage error naming the option."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(
            _tr(ctx).format("'{input}' is not a date; write YYYY-MM-DD.", {"input": value}),
            ctx=ctx, param=param) from None


def _dato_option() -> Callable[[FC], FC]:
    return option("--dato", "dato", callback=_day, default=None, metavar=N_("DATE"),
                  help=N_("Judge deadlines as of this day (YYYY-MM-DD; default: today)."))


@click.group("pools", cls=clickhelp.Group, invoke_without_command=True,
              subcommand_metavar=N_("[COMMAND] [ARGS]..."),
            help=N_("List the pools' rounds: deadline and days left, konto, applicants, "
                    "channel, page limit, form."))
@option("--open", "aaben", is_flag=True,
        help=N_("Only rounds open on the day (--dato): opened (the round's aabningsdato) and "
                "the deadline not passed. Rounds with a deadline after the day whose opening "
                "date no source gives are listed apart as 'deadline after the date; opening "
                "date not given', never as open."))
@option("--frist-efter", "frist_efter", callback=_day, default=None, metavar=N_("DATE"),
        help=N_("Only rounds with a deadline on or after this day."))
@option("--frist-foer", "frist_foer", callback=_day, default=None, metavar=N_("DATE"),
        help=N_("Only rounds with a deadline on or before this day."))
@option("--ansoeger", type=click.Choice(["kommune", "a-kasse", "bred"]), default=None,
        help=N_("Only rounds this type of applicant may apply to."))
@option("--konto", default=None, metavar=N_("ACCOUNT"),
        help=N_("Only rounds on this finance account (or one beginning so, e.g. 17.46.43)."))
@option("--soeg", default=None, metavar=N_("TEXT"),
        help=N_("Only rounds whose names, notes or form hold this text."))
@_dato_option()
@_format_option()
@click.pass_context
def pools(ctx: click.Context, aaben: bool, frist_efter: Any, frist_foer: Any,
          ansoeger: str | None, konto: str | None, soeg: str | None, dato: Any,
          fmt: str) -> None:
    if ctx.invoked_subcommand is not None:
        return
    from pulje.pools.listing import Filters, render_json, select
    from pulje.pools.listing import render_text as listing_text

    found = select(Filters(dato=dato, aaben=aaben, frist_efter=frist_efter,
                           frist_foer=frist_foer, ansoeger=ansoeger, konto=konto, soeg=soeg))
    click.echo(render_json(found) if fmt == "json" else listing_text(found, _tr(ctx)))


@pools.command("show", help=N_("Show every fact of a pool's round (or of each round) and "
                               "its sources."))
@argument("pool", metavar=N_("POOL"))
@option("--runde", "runde", default=None, metavar=N_("ROUND"),
        help=N_("The round (default: every round of the pool)."))
@_dato_option()
@_format_option()
@click.pass_context
def pools_show(ctx: click.Context, pool: str, runde: str | None, dato: Any, fmt: str) -> None:
    from pulje.documents.form import title_text
    from pulje.pools import load_pool
    from pulje.pools.listing import show, show_json

    found = load_pool(pool)
    tr = _tr(ctx)
    click.echo(show_json(found, runde, tr, dato, title=title_text) if fmt == "json"
               else show(found, runde, tr, dato, title=title_text))


@pools.command("diff", help=N_("What changed between two rounds of a pool: facts and "
                               "questions (new, reworded, moved, removed)."))
@argument("pool", metavar=N_("POOL"))
@argument("old", metavar=N_("ROUND_A"))
@argument("new", metavar=N_("ROUND_B"))
@_format_option()
@click.pass_context
def pools_diff(ctx: click.Context, pool: str, old: str, new: str, fmt: str) -> None:
    from pulje.pools.compare import compare_rounds, render_json, render_text

    found = compare_rounds(pool, old, new, _tr(ctx))
    click.echo(render_json(found) if fmt == "json" else render_text(found, _tr(ctx)))


@click.command("diff", cls=clickhelp.Command,
               help=N_("What changed between two versions of an application: answers "
                       "(a word diff of texts), budget lines and totals."))
@argument("old", type=click.Path(path_type=Path), metavar=N_("FILE_A"))
@argument("new", type=click.Path(path_type=Path), metavar=N_("FILE_B"))
@_format_option()
@click.pass_context
def diff_(ctx: click.Context, old: Path, new: Path, fmt: str) -> None:
    from pulje.answers.diff import compare, render_json, render_text

    found = compare(old, new)
    click.echo(render_json(found) if fmt == "json" else render_text(found, _tr(ctx)))


COMMANDS = (pools, diff_)
