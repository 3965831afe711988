"""pulje's command line: parse options, call one engine function, print, exit.

Exit codes: 0 no fejl; 1 findings with fejl; 2 usage error or unreadable input.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

# pulje uses no pydantic plugins; looking for them scans every installed package's metadata,
# which costs `pulje validate` a good part of its start-up.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def _without_pydantic_plugins() -> None:
    """With plugins off, pydantic's plugin loader only returns ``()``; but importing it imports
    importlib.metadata (and the email package), a tenth of `pulje validate`. A loader that
    returns ``()`` stands in for it, only when every plugin is off."""
    if (os.environ.get("PYDANTIC_DISABLE_PLUGINS") != "__all__"
            or "pydantic.plugin._loader" in sys.modules):
        return
    import types

    loader = types.ModuleType("pydantic.plugin._loader")
    loader.get_plugins = lambda: ()  # type: ignore[attr-defined]
    sys.modules["pydantic.plugin._loader"] = loader


_without_pydantic_plugins()

import click  # noqa: E402

from pulje.diagnostics import (  # noqa: E402
    N_,
    Translator,
    clickhelp,
    default_language,
    has_errors,
    render_json,
    render_text,
)
from pulje.diagnostics.errors import PuljeError  # noqa: E402
from pulje.diagnostics.report import (  # noqa: E402
    FileResult,
    error_text,
    render_files_json,
    render_files_text,
    shown,
)

if TYPE_CHECKING:
    from click.decorators import FC

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


# Help texts are English msgids, translated when click shows them (diagnostics.clickhelp).
clickhelp.speak(default_language())
option = functools.partial(click.option, cls=clickhelp.Option)
argument = functools.partial(click.argument, cls=clickhelp.Argument)


def _tr(ctx: click.Context) -> Translator:
    return Translator(ctx.obj["lang"])


def _format_option(help_text: str = N_("Output as text or JSON.")) -> Callable[[FC], FC]:
    """The ``--format text|json`` option of the commands that print findings."""
    return option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                  help=help_text)


def _profile_option() -> Callable[[FC], FC]:
    """``--profile FILE``: the kommune profile (default: $PULJE_PROFIL, else the user's)."""
    return option("--profile", type=click.Path(path_type=Path), default=None,
                  metavar=N_("FILE"),
                  help=N_("The kommune profile (default: $PULJE_PROFIL, else "
                          "kommuneprofil.yaml in pulje's config folder)."))


class _Group(clickhelp.Group):
    """Turns a PuljeError from any command into its message (in the run's language) and exit
    code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PuljeError as exc:
            click.echo(error_text(exc, Translator(clickhelp.language(ctx))), err=True)
            sys.exit(exc.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]},
             help=N_("pulje: draft, check, build and archive applications to STAR's pools."))
@option("--lang", type=click.Choice(["da", "en"]), default=None,
        help=N_("Language of messages and help (default: Danish, or English by LANG)."))
@click.version_option(package_name="pulje", message="pulje %(version)s", cls=clickhelp.Option,
                      help=N_("Show the version and exit."))
@click.pass_context
def main(ctx: click.Context, lang: str | None) -> None:
    ctx.ensure_object(dict)
    ctx.obj["lang"] = lang or clickhelp.language(ctx)
    clickhelp.set_language(ctx, ctx.obj["lang"])


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    """A ``--dato``-like option: YYYY-MM-DD, or a usage error naming the option."""
    if value is None:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(
            _tr(ctx).format("'{input}' is not a date; write YYYY-MM-DD.", {"input": value}),
            ctx=ctx, param=param) from None


def _dato_option(help_text: str = N_("Judge deadlines as of this day (YYYY-MM-DD; default: "
                                     "today).")) -> Callable[[FC], FC]:
    return option("--dato", "dato", callback=_day, default=None, metavar=N_("DATE"),
                  help=help_text)


def file_results(files: tuple[Path, ...], validation: Any) -> list[FileResult]:
    """One ``FileResult`` per file given, in that order, from ``checks.validate_files``."""
    found: dict[str, list[FileResult]] = {}
    for loaded, diagnostics in validation.results:
        found.setdefault(str(loaded.file), []).append(FileResult(str(loaded.file), diagnostics))
    for path, exc in validation.unreadable:
        found.setdefault(str(path), []).append(FileResult(str(path), error=exc))
    out = [found[str(p)].pop(0) for p in files if found.get(str(p))]
    return out + [r for rest in found.values() for r in rest]


@main.command(
    help=N_("Check answer files: form, budget, target group, time plan, targets "
            "and answers."))
@argument("files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar=N_("FILE"))
@_dato_option()
@_format_option()
@click.pass_context
def validate(ctx: click.Context, files: tuple[Path, ...], dato: Any, fmt: str) -> None:
    from pulje.checks import validate_files

    tr = _tr(ctx)
    result = validate_files(list(files), dato=dato)
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


@main.command(
    help=N_("Write a new answer file for POOL with every question of the form, or a blank "
            "application: the Word form and its budget workbook."))
@argument("pool", metavar=N_("POOL"))
@option("-o", "--output", type=click.Path(path_type=Path), default=None,
        metavar=N_("FILE"),
        help=N_("The new answer file, e.g. applications/NAME.yaml (never overwritten)."))
@option("--docx", "docx", type=click.Path(path_type=Path), default=None,
        metavar=N_("FILE"),
        help=N_("Write a blank Word form with content controls to FILE instead, and beside it "
                "the budget workbook (FILE-budget.xlsx)."))
@option("--budget", "budget", type=click.Path(path_type=Path), default=None,
        metavar=N_("FILE"),
        help=N_("The budget workbook's name (with --docx), or write only the workbook."))
@option("--runde", "runde", default=None, metavar=N_("ROUND"),
        help=N_("The pool's round (default: the newest)."))
@option("--from", "old", type=click.Path(path_type=Path), default=None, metavar=N_("FILE"),
        help=N_("Start from an earlier application (e.g. last year's): its answers to the "
                "questions the round still asks are carried over."))
@_profile_option()
@click.pass_context
def init(ctx: click.Context, pool: str, output: Path | None, docx: Path | None,
         budget: Path | None, runde: str | None, old: Path | None,
         profile: Path | None) -> None:
    tr = _tr(ctx)
    if old is not None and (docx is not None or budget is not None):
        raise click.UsageError(tr.gettext("--from makes an answer file: give -o FILE, not "
                                          "--docx."))
    if docx is not None:
        from pulje.drafts import write_blank_application

        form, book = write_blank_application(pool, docx, runde, budget)
        click.echo(tr.format("Wrote {file} and the budget workbook {workbook}. Fill in the form "
                             "in Word and the budget in Excel, keep them together, and read "
                             "them back with: pulje import {file} {workbook} -o "
                             "applications/NAME.yaml",
                             {"file": str(form), "workbook": str(book)}))
        return
    if budget is not None:
        from pulje.drafts import write_blank_budget

        book = write_blank_budget(pool, budget, runde)
        click.echo(tr.format("Wrote the budget workbook {workbook}. Fill it in in Excel and keep "
                             "it beside its Word form.", {"workbook": str(book)}))
        return
    if output is None:
        raise click.UsageError(tr.gettext("Give -o FILE (or --docx FILE)."))
    from pulje.profile import load_profile

    known = load_profile(profile)
    if old is not None:
        from pulje.answers.carry import describe_carried, write_carried

        carried = write_carried(pool, output, old, runde, known.profile if known else None)
        click.echo(describe_carried(carried, output, tr))
        return
    from pulje.answers.starter import write_starter

    written = write_starter(pool, output, runde, known.profile if known else None)
    click.echo(tr.format("Wrote {file}. Fill in the answers and run: pulje validate {file}",
                         {"file": str(written)}))
    from pulje.pools import load_pool

    if load_pool(pool).runde(runde).skeleton:
        click.echo(tr.gettext("The round's own questions are not transcribed: the form is "
                              "STAR's common skeleton with the round's required contents. "
                              "Compare with STAR's own form before sending."))


@main.command(
    help=N_("Build the application form (Word and PDF), the budget attachment "
            "(Word, PDF, Excel) and report.json."))
@argument("application", type=click.Path(path_type=Path), metavar=N_("APPLICATION"))
@option("-o", "--output", "out_dir", type=click.Path(path_type=Path), default=None,
        metavar=N_("FOLDER"),
        help=N_("Folder for the documents (default: outputs/<application>/)."))
@option("--no-pdf", is_flag=True, help=N_("Skip the PDF and the page count (no LibreOffice)."))
@option("--draft", is_flag=True,
        help=N_("Build a draft despite errors; every page is marked UDKAST."))
@option("--force", is_flag=True,
        help=N_("Replace files in the folder that were changed after pulje wrote them, or "
                "that pulje did not write."))
@_format_option(N_("Output as text or JSON (the report)."))
@click.pass_context
def build(ctx: click.Context, application: Path, out_dir: Path | None, no_pdf: bool,
          draft: bool, force: bool, fmt: str) -> None:
    from pulje.report.workflow import build as run_build
    from pulje.report.workflow import describe

    tr = _tr(ctx)
    result = run_build(application, out_dir, pdf=not no_pdf, draft=draft, force=force)
    if fmt == "json":
        import json

        # the report as written (report.json is Danish), its findings in the run's language
        found = json.loads(render_json(result.diagnostics, tr))["diagnostics"]
        click.echo(json.dumps({**(result.report or {}), "diagnostics": found},
                              ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(result.diagnostics, tr))
        click.echo(describe(result, tr))
    ctx.exit(EXIT_FINDINGS if has_errors(result.diagnostics) or not result.written else EXIT_OK)


@main.command(
    help=N_("Exact page counts of .docx and .pdf files (the .docx files converted by one "
            "LibreOffice run per core)."))
@argument("files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar=N_("FILE"))
@click.pass_context
def pages(ctx: click.Context, files: tuple[Path, ...]) -> None:
    from pulje.office import pages_of

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


@main.group(help=N_("The Word templates."))
def template() -> None:
    pass


@template.command("check", 
    help=N_("Compare the template's names with the round's form (both ways): TPL "
            "findings."))
@argument("pool", metavar=N_("POOL"))
@option("--runde", "runde", default=None, metavar=N_("ROUND"),
        help=N_("The pool's round (default: the newest)."))
@click.pass_context
def template_check(ctx: click.Context, pool: str, runde: str | None) -> None:
    from pulje.documents.templatecheck import check_template

    found = check_template(pool, runde_id=runde)
    click.echo(render_text(found, _tr(ctx)))
    ctx.exit(EXIT_FINDINGS if has_errors(found) else EXIT_OK)


@main.command("import", 
    help=N_("Read the answers of a Word draft (from pulje build or init --docx) and its "
            "budget workbook into an answer file."))
@argument("draft", type=click.Path(path_type=Path), metavar=N_("DRAFT"))
@argument("workbook", type=click.Path(path_type=Path), required=False, metavar=N_("BUDGET"))
@option("-o", "--output", type=click.Path(path_type=Path), required=True,
        metavar=N_("FILE"),
        help=N_("The answer file to write, e.g. applications/NAME.yaml."))
@option("--force", is_flag=True, help=N_("Replace an existing answer file."))
@click.pass_context
def import_(ctx: click.Context, draft: Path, workbook: Path | None, output: Path,
            force: bool) -> None:
    from pulje.drafts import describe_import, import_docx

    tr = _tr(ctx)
    result = import_docx(draft, output, workbook=workbook, force=force)
    click.echo(render_text(result.diagnostics, tr))
    click.echo(describe_import(result, tr))
    ctx.exit(EXIT_FINDINGS if has_errors(result.diagnostics) else EXIT_OK)


@main.command("check", 
    help=N_("Check answer files, Word and PDF drafts and folders of them: one row "
            "per file."))
@argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path), metavar=N_("PATH"))
@_dato_option()
@_format_option()
@click.pass_context
def check_(ctx: click.Context, paths: tuple[Path, ...], dato: Any, fmt: str) -> None:
    from pulje.drafts import check_paths

    tr = _tr(ctx)
    bar: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if total <= 3 or not sys.stderr.isatty():
            return
        if bar is None:
            from tqdm import tqdm

            bar = tqdm(total=total, unit=tr.gettext("file"), file=sys.stderr, leave=False)
        bar.update(done - bar.n)

    result = check_paths(list(paths), progress=progress, dato=dato)
    if bar is not None:
        bar.close()
    from pulje.drafts import render_desk_json, render_desk_text

    click.echo(render_desk_json(result, tr) if fmt == "json" else render_desk_text(result, tr))
    if result.unusable:
        ctx.exit(EXIT_USAGE)
    ctx.exit(EXIT_FINDINGS if result.has_errors else EXIT_OK)


@main.command(
    help=N_("Build the final submission package (documents, manifest, e-mail "
            "draft, zip) and archive it."))
@argument("application", type=click.Path(path_type=Path), metavar=N_("APPLICATION"))
@option("-o", "--output", "out_dir", type=click.Path(path_type=Path), default=None,
        metavar=N_("FOLDER"),
        help=N_("Folder for the package (default: outputs/<application>/indsendelse-<time>/)."))
@option("--archive", "archive_root", type=click.Path(path_type=Path), default=None,
        metavar=N_("FOLDER"),
        help=N_("The archive folder (default: $PULJE_ARKIV, else pulje's own archive folder)."))
@option("--clean", is_flag=True,
        help=N_("Only remove work folders left by interrupted runs; submit nothing."))
@_dato_option(N_("The day the application is sent, for the deadline (YYYY-MM-DD; default: "
                 "today)."))
@click.pass_context
def submit(ctx: click.Context, application: Path, out_dir: Path | None,
           archive_root: Path | None, clean: bool, dato: Any) -> None:
    from pulje.submission import describe
    from pulje.submission import submit as run_submit

    tr = _tr(ctx)
    if clean:
        from pulje.submission import leftovers

        click.echo(leftovers.describe_clean(leftovers.clean(application, out_dir), tr))
        return
    result = run_submit(application, out_dir=out_dir, archive_root=archive_root,
                        dato=dato)
    click.echo(render_text(result.diagnostics, tr))
    click.echo(describe(result, tr))
    ctx.exit(EXIT_FINDINGS if result.refused else EXIT_OK)


@main.group("web", invoke_without_command=True, subcommand_metavar=N_("[COMMAND] [ARGS]..."),
            help=N_("Serve pulje in the browser (the desk and the archive); prints the address."))
@option("--host", default="127.0.0.1", metavar=N_("ADDRESS"),
        help=N_("Address to listen on (default: 127.0.0.1); beyond this machine only with "
                "login set up."))
@option("--port", type=click.IntRange(0, 65535), default=8765, metavar=N_("INTEGER"),
        help=N_("Port to listen on (default: 8765)."))
@option("--base-path", default="", metavar=N_("PATH"),
        help=N_("The path a reverse proxy serves pulje under, e.g. /pulje."))
@option("--data", "data_dir", type=click.Path(path_type=Path), default=None,
        metavar=N_("FOLDER"),
        help=N_("Folder for users, sessions and uploads (default: pulje's own data folder)."))
@option("--archive", "archive_root", type=click.Path(path_type=Path), default=None,
        metavar=N_("FOLDER"),
        help=N_("The archive folder (default: $PULJE_ARKIV, else pulje's own archive folder)."))
@option("--trusted-header", default=None, metavar=N_("HEADER"),
        help=N_("Take the user's name from this header set by the reverse proxy."))
@option("--roles-header", default=None, metavar=N_("HEADER"),
        help=N_("Take the user's groups or roles from this header set by the reverse proxy."))
@option("--role-map", "role_pairs", multiple=True, metavar=N_("GROUP=ROLE"),
        help=N_("A group of the roles header that gives a role (skriver or kontor)."))
@option("--trusted-proxy", "trusted_proxies", multiple=True, metavar=N_("ADDRESS"),
        help=N_("Address of the reverse proxy whose headers are trusted (default: "
                "127.0.0.1 and ::1)."))
@option("--max-upload-mb", type=click.IntRange(1, 100_000), default=200, metavar=N_("INTEGER"),
        help=N_("Largest upload in MB (default: 200)."))
@option("--max-files", type=click.IntRange(1, 5000), default=100, metavar=N_("INTEGER"),
        help=N_("Most files in one upload, zips unpacked (default: 100)."))
@option("--keep-days", type=click.IntRange(1, 3650), default=14, metavar=N_("INTEGER"),
        help=N_("Days an upload on the desk is kept (default: 14)."))
@click.pass_context
def web(ctx: click.Context, host: str, port: int, base_path: str, data_dir: Path | None,
        archive_root: Path | None, trusted_header: str | None, roles_header: str | None,
        role_pairs: tuple[str, ...], trusted_proxies: tuple[str, ...], max_upload_mb: int,
        max_files: int, keep_days: int) -> None:
    from pulje.web import configure, serve

    ctx.obj["web"] = configure(
        host=host, port=port, base_path=base_path, data_dir=data_dir, archive_root=archive_root,
        trusted_header=trusted_header, roles_header=roles_header, role_pairs=role_pairs,
        trusted_proxies=trusted_proxies, max_upload_mb=max_upload_mb, max_files=max_files,
        keep_days=keep_days)
    if ctx.invoked_subcommand is None:
        serve(ctx.obj["web"], _tr(ctx), click.echo)


@web.group("user", help=N_("The local users of pulje web: add, list, remove."))
def web_user() -> None:
    pass


@web_user.command("add", help=N_("Add a user with a role; the password is asked for (or read "
                                 "from standard input)."))
@argument("name", metavar=N_("NAME"))
@option("--role", type=click.Choice(["skriver", "kontor"]), required=True,
        help=N_("skriver writes applications; kontor is the project office."))
@click.pass_context
def web_user_add(ctx: click.Context, name: str, role: str) -> None:
    from pulje.web.users import add_user

    tr = _tr(ctx)
    if sys.stdin.isatty():
        password = click.prompt(tr.gettext("Password"), hide_input=True,
                                confirmation_prompt=tr.gettext("Repeat the password"))
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    user = add_user(ctx.obj["web"].data_dir, name, role, password)
    click.echo(tr.format("Added the user {name} with the role {role}.",
                         {"name": user.name, "role": user.role}))


@web_user.command("list", help=N_("List the users and their roles."))
@click.pass_context
def web_user_list(ctx: click.Context) -> None:
    from pulje.web.users import describe_users, list_users

    click.echo(describe_users(list_users(ctx.obj["web"].data_dir), _tr(ctx)))


@web_user.command("remove", help=N_("Remove a user; their sessions end at once."))
@argument("name", metavar=N_("NAME"))
@click.pass_context
def web_user_remove(ctx: click.Context, name: str) -> None:
    from pulje.web.users import remove_user

    remove_user(ctx.obj["web"].data_dir, name)
    click.echo(_tr(ctx).format("Removed the user {name}.", {"name": name}))


def _after_the_application() -> None:
    """The commands after the application (``pulje.commands``), those of the catalogue
    (``pulje.commands.catalogue``) and of the archive (``pulje.commands.archive``) on pulje's
    group."""
    from pulje import commands
    from pulje.commands import archive, catalogue

    for command in (*commands.COMMANDS, *catalogue.COMMANDS, archive.archive_):
        main.add_command(command)


_after_the_application()

if __name__ == "__main__":
    main()
