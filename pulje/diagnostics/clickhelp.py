"""click in the language of the run: help texts, argument and option names, command lists.

cli.py writes every help text as an English msgid (``help=N_("…")``) and uses these classes;
they translate when click formats help or a usage line, in the run's language: ``--lang``
(found in the arguments before click parses them, so ``pulje --help --lang en`` is English
too), else the environment (``default_language``). click's own words ("Usage:", "Show this
message and exit.") come through the stdlib gettext domain that ``speak`` points at pulje's
catalogue.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import click

from pulje.diagnostics.i18n import (
    DOMAIN,
    LANGUAGES,
    LOCALE_DIR,
    N_,
    NP_,
    Translator,
    default_language,
)

_KEY = "pulje.lang"

# The names click shows for arguments and option values (the argument's name or the type's,
# upper case, or a metavar given in cli.py): msgids, so that Danish help says FIL, not FILE.
METAVARS = (
    N_("FILE"), N_("FOLDER"), N_("PATH"), N_("TEXT"), N_("INTEGER"), N_("POOL"),
    N_("APPLICATION"), N_("DRAFT"), N_("PACKAGE"), N_("ID"),
    # click's own pieces of a usage line (Command.options_metavar, Group.subcommand_metavar)
    N_("[OPTIONS]"), N_("COMMAND [ARGS]..."), N_("[COMMAND] [ARGS]..."), N_("ADDRESS"),
    N_("HEADER"), N_("NAME"), N_("GROUP=ROLE"),
)

# click's own messages (usage errors, help) that pulje translates: click looks them up through
# the stdlib gettext domain that ``speak`` binds to pulje's catalogue. Listed here so that the
# catalogue's extraction keeps them (click 8's msgids, word for word).
CLICK_MESSAGES = (
    N_("Usage:"), N_("Error: {message}"), N_("Try '{command} {option}' for help."),
    N_("Missing argument"), N_("Missing option"), N_("Missing parameter"),
    N_("Missing command."), N_("No such option {name!r}."), N_("No such command {name!r}."),
    N_("Invalid value for {param_hint}: {message}"), N_("Invalid value: {message}"),
    NP_("{value!r} is not {choice}.", "{value!r} is not one of {choices}."),
    N_("{value!r} is not a valid {number_type}."),
    NP_("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"),
    NP_("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."),
    N_("Options"), N_("Commands"), N_("Aborted!"), N_("required"),
    NP_("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"),
    N_("Missing {param_type}"), N_("Missing parameter: {param_name}"),
    N_("Option {name!r} does not take a value."), N_("Argument {name!r} takes {nargs} values."),
)


def speak(lang: str) -> None:
    """Let click's own messages follow pulje's language (the process's LANGUAGE)."""
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = lang


def scan_language(args: Sequence[str]) -> str | None:
    """The value of ``--lang`` among the group's own options (before the command), if any."""
    items = list(args)
    for i, arg in enumerate(items):
        if arg == "--lang":
            value = items[i + 1] if i + 1 < len(items) else ""
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        elif arg == "--" or not arg.startswith("-"):
            return None  # the command's name: what follows is the command's
        else:
            continue
        return value if value in LANGUAGES else None
    return None


def language(ctx: click.Context) -> str:
    """The language of this run."""
    lang = ctx.find_root().meta.get(_KEY)
    return lang if isinstance(lang, str) else default_language()


def set_language(ctx: click.Context, lang: str) -> None:
    ctx.find_root().meta[_KEY] = lang
    speak(lang)


def translate(ctx: click.Context, text: str | None) -> str | None:
    return Translator(language(ctx)).gettext(text) if text else text


@contextmanager
def _shown(ctx: click.Context, *items: Any) -> Iterator[None]:
    """Commands and parameters with ``help``/``short_help`` in the run's language, for a while
    (click reads them from the objects; the CLI runs one command at a time)."""
    saved = [(item, item.help, getattr(item, "short_help", None)) for item in items]
    try:
        for item, help_text, short in saved:
            item.help = translate(ctx, help_text)
            if short is not None:
                item.short_help = translate(ctx, short)
        yield
    finally:
        for item, help_text, short in saved:
            item.help = help_text
            if short is not None:
                item.short_help = short


class Option(click.Option):
    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        with _shown(ctx, self):
            return super().get_help_record(ctx)

    def make_metavar(self, ctx: click.Context) -> str:
        return translate(ctx, super().make_metavar(ctx)) or ""


class Argument(click.Argument):
    def make_metavar(self, ctx: click.Context) -> str:
        name = translate(ctx, self.metavar or (self.name or "").upper()) or ""
        if not self.required:
            name = f"[{name}]"
        return f"{name}..." if self.nargs != 1 else name


_HELP = N_("Show this message and exit.")


def _help_option(option: click.Option | None) -> click.Option | None:
    """click makes the ``--help`` option once per command, its help text translated then (in
    the language of the first run in the process): make it one of ours, with the msgid."""
    if option is not None and not isinstance(option, Option):
        option.__class__ = Option
        option.help = _HELP
    return option


class Command(click.Command):
    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _help_option(super().get_help_option(ctx))

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _shown(ctx, self):
            super().format_help_text(ctx, formatter)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return [translate(ctx, piece) or "" for piece in super().collect_usage_pieces(ctx)]


class Group(click.Group):
    """A group whose commands and sub-groups are of these classes, and which finds ``--lang``
    before click parses anything (help and usage errors come in that language)."""

    command_class = Command
    group_class = type  # a sub-group is of the same class

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _help_option(super().get_help_option(ctx))

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.parent is None:
            set_language(ctx, scan_language(args) or default_language())
        return super().parse_args(ctx, args)

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _shown(ctx, self):
            super().format_help_text(ctx, formatter)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return [translate(ctx, piece) or "" for piece in super().collect_usage_pieces(ctx)]

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        commands = [self.get_command(ctx, name) for name in self.list_commands(ctx)]
        with _shown(ctx, *[c for c in commands if c is not None]):
            super().format_commands(ctx, formatter)
