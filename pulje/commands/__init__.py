"""The command line's commands after the application: ``profile``, ``committee``, ``grant``,
``change``, ``report``, ``status``, ``calendar`` and ``archive history``. Each parses its
options, calls one engine function (``pulje.lifecycle``), prints and exits; ``cli.py`` hangs
them on its group. Engines are imported inside the commands, so ``pulje validate`` does not
pay for them."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from pulje.diagnostics import N_, Translator, clickhelp, has_errors, render_text
from pulje.diagnostics.report import shown
from pulje.diagnostics.wording import shorten

if TYPE_CHECKING:
    from click.decorators import FC

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
option = functools.partial(click.option, cls=clickhelp.Option)
argument = functools.partial(click.argument, cls=clickhelp.Argument)


def _tr(ctx: click.Context) -> Translator:
    return Translator((ctx.obj or {}).get("lang", "da"))


def _paths(out: dict[str, Path]) -> str:
    return "\n".join(f"  {shown(str(p))}" for p in out.values())


def _day(value: str | None, tr: Translator, what: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(tr.format("'{value}' is not a date; write YYYY-MM-DD.",
                                           {"value": value}), param_hint=what) from None


def _when(value: str | None, tr: Translator) -> date | datetime | None:
    """A meeting: ``2016-08-20`` or ``2016-08-20 14:00`` (Danish time)."""
    if value is None:
        return None
    text = value.strip().replace("T", " ")
    try:
        if " " in text:
            from zoneinfo import ZoneInfo

            return datetime.fromisoformat(text.replace(".", ":")).replace(
                tzinfo=ZoneInfo("Europe/Copenhagen"))
        return date.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(tr.format("'{value}' is not a date; write YYYY-MM-DD.",
                                           {"value": value}), param_hint="--meeting") from None


def _amount(value: str | None, tr: Translator, what: str) -> Decimal | None:
    if value is None:
        return None
    from schemas.types import parse_money

    try:
        amount = parse_money(value)
    except (ValueError, InvalidOperation):
        amount = None
    if not isinstance(amount, Decimal) or amount < 0:
        raise click.BadParameter(tr.format("'{value}' is not an amount in kroner.",
                                           {"value": value}), param_hint=what)
    return amount


def _archive_option() -> Callable[[FC], FC]:
    return option("--archive", "archive_root", type=click.Path(path_type=Path), default=None,
                  metavar=N_("FOLDER"),
                  help=N_("The archive folder, beside which the portfolio is kept (default: "
                          "$PULJE_ARKIV, else pulje's own archive folder)."))


def _out_option() -> Callable[[FC], FC]:
    return option("-o", "--output", "out_dir", type=click.Path(path_type=Path), default=None,
                  metavar=N_("FOLDER"),
                  help=N_("A new folder for the documents (default: "
                          "outputs/<application>/<kind>-<time>/)."))


def _no_pdf() -> Callable[[FC], FC]:
    return option("--no-pdf", is_flag=True, help=N_("Skip the PDF (no LibreOffice)."))


def _profile_option() -> Callable[[FC], FC]:
    return option("--profile", type=click.Path(path_type=Path), default=None,
                  metavar=N_("FILE"),
                  help=N_("The kommune profile (default: $PULJE_PROFIL, else "
                          "kommuneprofil.yaml in pulje's config folder)."))


# --- profile ---------------------------------------------------------------------------------


@click.group("profile", cls=clickhelp.Group,
             help=N_("The kommune profile: written once, used by init and committee."))
def profile() -> None:
    pass


@profile.command("init", help=N_("Write a kommune profile to fill in (never over a file)."))
@option("-o", "--output", type=click.Path(path_type=Path), default=None, metavar=N_("FILE"),
        help=N_("The profile file (default: $PULJE_PROFIL, else pulje's config folder)."))
@option("--kommune", default=None, metavar=N_("NAME"), help=N_("The kommune's name."))
@click.pass_context
def profile_init(ctx: click.Context, output: Path | None, kommune: str | None) -> None:
    from pulje.profile import write_profile_starter

    written = write_profile_starter(output, kommune)
    click.echo(_tr(ctx).format("Wrote {file}. Fill it in and check it with: pulje profile "
                               "show --profile {file}", {"file": shown(str(written))}))


@profile.command("show", help=N_("Check the kommune profile and say where it is."))
@_profile_option()
@click.pass_context
def profile_show(ctx: click.Context, profile: Path | None) -> None:
    from pulje.profile import check_profile

    tr = _tr(ctx)
    loaded = check_profile(profile)
    click.echo(tr.format("The kommune profile: {file}", {"file": shown(str(loaded.file))}))
    click.echo(render_text(loaded.diagnostics, tr))
    ctx.exit(EXIT_FINDINGS if has_errors(loaded.diagnostics) else EXIT_OK)


# --- committee -------------------------------------------------------------------------------


@click.command("committee", cls=clickhelp.Command,
               help=N_("Write the committee case of an application (Word, PDF, text) in the "
                       "kommune's template; --approved records the committee's approval."))
@argument("application", type=click.Path(path_type=Path), metavar=N_("APPLICATION"))
@option("--meeting", default=None, metavar=N_("DATE"),
        help=N_("The committee's meeting: YYYY-MM-DD, or \"YYYY-MM-DD HH:MM\"."))
@option("--orientering", is_flag=True,
        help=N_("Write the case as an orientering (O): the committee meets after the "
                "deadline."))
@option("--sagsnr", default=None, metavar=N_("TEXT"), help=N_("The case number."))
@option("--doknr", default=None, metavar=N_("TEXT"), help=N_("The document number."))
@option("--kle", default=None, metavar=N_("TEXT"),
        help=N_("The KLE number (default: the profile's)."))
@option("--lukket", is_flag=True, help=N_("A closed item (default: open, or the profile's)."))
@option("--kompetence", default=None, metavar=N_("TEXT"),
        help=N_("The committee that decides (default: the profile's)."))
@option("--indstiller", default=None, metavar=N_("TEXT"),
        help=N_("Who recommends (default: the profile's)."))
@option("--egenfinansiering-af", "payer", default=None, metavar=N_("TEXT"),
        help=N_("Who pays the co-financing (default: the profile's)."))
@option("--template", default=None, metavar=N_("TEMPLATE"),
        help=N_("The committee template: slagelse, holbaek, thisted, viborg, roskilde, "
                "rodovre, jammerbugt, or a .yaml file (default: the profile's, else "
                "slagelse)."))
@option("--approved", default=None, metavar=N_("DATE"),
        help=N_("Record that the committee approved the application on DATE (the "
                "application becomes godkendt; the files given with --file are archived)."))
@option("--file", "files", multiple=True, type=click.Path(path_type=Path), metavar=N_("FILE"),
        help=N_("With --approved: a file to archive with the approval (the case as decided, "
                "the minutes)."))
@_profile_option()
@_out_option()
@_no_pdf()
@_archive_option()
@click.pass_context
def committee(ctx: click.Context, application: Path, meeting: str | None, orientering: bool,
              sagsnr: str | None, doknr: str | None, kle: str | None, lukket: bool,
              kompetence: str | None, indstiller: str | None, payer: str | None,
              template: str | None, approved: str | None, files: tuple[Path, ...],
              profile: Path | None, out_dir: Path | None, no_pdf: bool,
              archive_root: Path | None) -> None:
    from pulje.documents.committee.facts import CaseOptions
    from pulje.lifecycle import committee as run

    tr = _tr(ctx)
    if approved is not None:
        day = _day(approved, tr, "--approved")
        assert day is not None
        result = run.approved(application, day, list(files), archive_root=archive_root,
                              out_dir=out_dir)
        click.echo(tr.format("Recorded the committee's approval on {day}: the application "
                             "is godkendt; archived as {id}.",
                             {"day": day, "id": result.archived}))
        return
    options = CaseOptions(
        orientering=orientering, sagsnr=sagsnr, doknr=doknr, kle=kle,
        aabent=False if lukket else None, kompetence=kompetence, indstiller=indstiller,
        moede=_when(meeting, tr), egenfinansiering_afholdes_af=payer)
    result = run.committee(application, options, template=template, profile=profile,
                           out_dir=out_dir, pdf=not no_pdf, archive_root=archive_root)
    click.echo(render_text(result.diagnostics, tr))
    click.echo(tr.format("Wrote the committee case ({template}) in {folder}:",
                         {"template": result.template, "folder": shown(str(result.folder))}))
    click.echo(_paths(result.files))


# --- grant and change ------------------------------------------------------------------------


@click.command("grant", cls=clickhelp.Command,
               help=N_("Record the grant (tilsagn) or rejection of an application; if the "
                       "amount differs from the amount applied for, write a revised budget."))
@argument("application", type=click.Path(path_type=Path), metavar=N_("APPLICATION"))
@option("--amount", default=None, metavar=N_("AMOUNT"), help=N_("The amount granted (kr.)."))
@option("--afslag", is_flag=True, help=N_("The application was rejected."))
@option("--date", "day", required=True, metavar=N_("DATE"),
        help=N_("The date of STAR's letter (YYYY-MM-DD)."))
@option("--letter", type=click.Path(path_type=Path), default=None, metavar=N_("FILE"),
        help=N_("STAR's letter (PDF or other), archived with the grant."))
@option("--status-due", "status_due", multiple=True, metavar=N_("DATE"),
        help=N_("A status report's due date (repeat for each, in order)."))
@option("--final-due", default=None, metavar=N_("DATE"), help=N_("The final report's due date."))
@option("--account-due", default=None, metavar=N_("DATE"),
        help=N_("The audited account's due date."))
@_out_option()
@_no_pdf()
@_archive_option()
@click.pass_context
def grant(ctx: click.Context, application: Path, amount: str | None, afslag: bool, day: str,
          letter: Path | None, status_due: tuple[str, ...], final_due: str | None,
          account_due: str | None, out_dir: Path | None, no_pdf: bool,
          archive_root: Path | None) -> None:
    from pulje.lifecycle.grant import DueDates
    from pulje.lifecycle.grant import grant as run

    tr = _tr(ctx)
    if afslag == (amount is not None):
        raise click.UsageError(tr.gettext("Give either --amount or --afslag."))
    when = _day(day, tr, "--date")
    assert when is not None
    due = DueDates(tuple(d for d in (_day(x, tr, "--status-due") for x in status_due) if d),
                   _day(final_due, tr, "--final-due"), _day(account_due, tr, "--account-due"))
    result = run(application, day=when, amount=_amount(amount, tr, "--amount"),
                 rejected=afslag, letter=letter, due=due, pdf=not no_pdf, out_dir=out_dir,
                 archive_root=archive_root)
    _describe_grant(result, tr)


def _describe_grant(result: Any, tr: Translator) -> None:
    from decimal import Decimal as D

    if result.status is not None and result.status.value == "afslag":
        click.echo(tr.format("Recorded the rejection; archived as {id}.", {"id": result.archived}))
    elif result.status is not None:
        click.echo(tr.format("Recorded the grant of {amount} (applied for: {applied}); "
                             "archived as {id}.", {"amount": tr.kroner(result.amount),
                                                   "applied": tr.kroner(result.applied),
                                                   "id": result.archived}))
    else:
        click.echo(tr.format("Wrote the change request; archived as {id}.",
                             {"id": result.archived}))
    p = result.proposal
    if p is not None:
        click.echo(tr.format("These {count} budget line(s) must change:",
                             {"count": len(p.changed)}))
        for c in p.changed:
            click.echo(f"  {c.old.key:>3}. {shown(shorten(c.old.beskrivelse, 50)):50}  "
                       f"{tr.kroner(c.old.beloeb):>18} → {tr.kroner(c.new.beloeb):>18}  "
                       f"({tr.kroner(c.difference - D(0))})")
        for text in p.explain(tr):
            click.echo(f"  {text}")
    if result.folder is not None:
        click.echo(tr.format("Written in {folder}:", {"folder": shown(str(result.folder))}))
        click.echo(_paths(result.files))


@click.command("change", cls=clickhelp.Command,
               help=N_("A change request: the revised budget and a short change note (Word), "
                       "from the approved budget."))
@argument("application", type=click.Path(path_type=Path), metavar=N_("APPLICATION"))
@option("--date", "day", required=True, metavar=N_("DATE"),
        help=N_("The request's date (YYYY-MM-DD)."))
@option("--amount", default=None, metavar=N_("AMOUNT"),
        help=N_("The new total grant (default: unchanged)."))
@option("--line", "lines", multiple=True, metavar=N_("N=AMOUNT"),
        help=N_("Give budget line N a new amount; the other lines are scaled to the total."))
@option("--reason", default=None, metavar=N_("TEXT"), help=N_("Why the change is asked for."))
@option("--end", default=None, metavar=N_("DATE"), help=N_("A new end of the project."))
@option("--approved", is_flag=True,
        help=N_("The change is approved: its budget becomes the one reports account against."))
@_out_option()
@_no_pdf()
@_archive_option()
@click.pass_context
def change(ctx: click.Context, application: Path, day: str, amount: str | None,
           lines: tuple[str, ...], reason: str | None, end: str | None, approved: bool,
           out_dir: Path | None, no_pdf: bool, archive_root: Path | None) -> None:
    from pulje.lifecycle.grant import change as run

    tr = _tr(ctx)
    when = _day(day, tr, "--date")
    assert when is not None
    set_lines: dict[str, Decimal] = {}
    for text in lines:
        key, sep, value = text.partition("=")
        parsed = _amount(value, tr, "--line") if sep else None
        if not sep or parsed is None or not key.strip().isdigit():
            raise click.BadParameter(tr.format("'{value}' is not N=AMOUNT.", {"value": text}),
                                     param_hint="--line")
        set_lines[str(int(key))] = parsed
    result = run(application, day=when, amount=_amount(amount, tr, "--amount"),
                 lines=set_lines, reason=reason, end=_day(end, tr, "--end"), approved=approved,
                 pdf=not no_pdf, out_dir=out_dir, archive_root=archive_root)
    _describe_grant(result, tr)


# --- reports ---------------------------------------------------------------------------------


@click.command("report", cls=clickhelp.Command,
               help=N_("Write a status or final report (Word, PDF) and a status note from the "
                       "application and an actuals file; --starter writes the actuals file."))
@argument("application", type=click.Path(path_type=Path), metavar=N_("APPLICATION"))
@option("--status", "kind", flag_value="status", help=N_("A status report."))
@option("--final", "kind", flag_value="final", help=N_("The final report (closes the "
                                                        "application)."))
@option("--actuals", type=click.Path(path_type=Path), default=None, metavar=N_("FILE"),
        help=N_("The actuals file the project leader filled in."))
@option("--starter", is_flag=True,
        help=N_("Write an actuals file to fill in (with -o FILE) instead of the report."))
@option("--until", default=None, metavar=N_("DATE"),
        help=N_("With --starter: the day the figures are made up to (default: today)."))
@option("-o", "--output", "out", type=click.Path(path_type=Path), default=None,
        metavar=N_("PATH"),
        help=N_("With --starter the actuals file; else a new folder for the report."))
@_profile_option()
@_no_pdf()
@_archive_option()
@click.pass_context
def report(ctx: click.Context, application: Path, kind: str | None, actuals: Path | None,
           starter: bool, until: str | None, out: Path | None, profile: Path | None,
           no_pdf: bool, archive_root: Path | None) -> None:
    tr = _tr(ctx)
    if kind is None:
        raise click.UsageError(tr.gettext("Give --status or --final."))
    if starter:
        from pulje.lifecycle.reports import write_actuals_starter

        if out is None:
            raise click.UsageError(tr.gettext("Give -o FILE for the actuals file."))
        written = write_actuals_starter(application, out, final=kind == "final",
                                        until=_day(until, tr, "--until"),
                                        archive_root=archive_root)
        click.echo(tr.format("Wrote {file}. Fill in the figures and run: pulje report {app} "
                             "--{kind} --actuals {file}",
                             {"file": shown(str(written)), "app": shown(str(application)),
                              "kind": kind}))
        return
    if actuals is None:
        raise click.UsageError(tr.gettext("Give --actuals FILE (or --starter -o FILE)."))
    from pulje.lifecycle.reports import report as run

    result = run(application, actuals, final=kind == "final", profile=profile,
                 pdf=not no_pdf, out_dir=out, archive_root=archive_root)
    click.echo(render_text(result.diagnostics, tr))
    if result.refused:
        ctx.exit(EXIT_FINDINGS)
    click.echo(tr.format("Wrote the report in {folder}; archived as {id}:",
                         {"folder": shown(str(result.folder)), "id": result.archived}))
    click.echo(_paths(result.files))


# --- status and calendar ---------------------------------------------------------------------


@click.group("status", cls=clickhelp.Group, invoke_without_command=True,
             subcommand_metavar=N_("[COMMAND] [ARGS]..."),
             help=N_("The portfolio: what is late, what is due next, every application's "
                     "status."))
@option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
        help=N_("Output as text or JSON."))
@option("--today", default=None, metavar=N_("DATE"),
        help=N_("List as of this day (default: today)."))
@_archive_option()
@click.pass_context
def status(ctx: click.Context, fmt: str, today: str | None, archive_root: Path | None) -> None:
    ctx.ensure_object(dict)
    ctx.obj["portfolio_root"] = archive_root
    if ctx.invoked_subcommand is not None:
        return
    from pulje.lifecycle.status import portfolio_listing
    from pulje.portfolio.listing import render_json
    from pulje.portfolio.listing import render_text as listing_text

    tr = _tr(ctx)
    found = portfolio_listing(today=_day(today, tr, "--today"), archive_root=archive_root)
    click.echo(render_json(found) if fmt == "json" else listing_text(found, tr))


@status.command("set", help=N_("Set an application's status (kladde, godkendt, indsendt, "
                               "bevilget, afslag, afsluttet) and dates."))
@argument("application", type=click.Path(path_type=Path), metavar=N_("APPLICATION"))
@argument("state", required=False, metavar=N_("STATUS"),
          type=click.Choice(["kladde", "godkendt", "indsendt", "bevilget", "afslag",
                             "afsluttet"]))
@option("--date", "dates", multiple=True, metavar=N_("KIND=DATE"),
        help=N_("A date: frist, underskrift, udvalg, start, slut, statusrapport (1, 2 …: "
                "statusrapport2=…), slutrapport, regnskab; e.g. "
                "underskrift=2016-08-25 or frist=\"2016-09-01 12:00\"."))
@click.pass_context
def status_set(ctx: click.Context, application: Path, state: str | None,
               dates: tuple[str, ...]) -> None:
    from pulje.lifecycle.status import set_status
    from pulje.portfolio import Status

    tr = _tr(ctx)
    if state is None and not dates:
        raise click.UsageError(tr.gettext("Give a STATUS or --date KIND=DATE."))
    set_status(application, Status(state) if state else None, list(dates),
               archive_root=ctx.obj.get("portfolio_root"))
    click.echo(tr.format("Recorded for {file}.", {"file": shown(str(application))}))


@click.command("calendar", cls=clickhelp.Command,
               help=N_("Write the portfolio's dates as an iCalendar file that Outlook "
                       "imports (a new import updates the events)."))
@option("--ics", "target", required=True, type=click.Path(path_type=Path), metavar=N_("FILE"),
        help=N_("The .ics file to write (a calendar pulje wrote there is replaced)."))
@option("--alarm", "alarms", multiple=True, type=click.IntRange(0, 365), metavar=N_("DAYS"),
        help=N_("An alarm this many days before each deadline (default: 7 and 1)."))
@option("--force", is_flag=True, help=N_("Replace a file pulje did not write."))
@_archive_option()
@click.pass_context
def calendar(ctx: click.Context, target: Path, alarms: tuple[int, ...], force: bool,
             archive_root: Path | None) -> None:
    from pulje.lifecycle.status import export_calendar
    from pulje.portfolio.calendar import DEFAULT_ALARMS

    tr = _tr(ctx)
    count = export_calendar(target, alarm_days=alarms or DEFAULT_ALARMS, force=force,
                            archive_root=archive_root, tr=tr)
    click.echo(tr.format("Wrote {count} event(s) to {file}. Import the file in Outlook "
                         "(File > Open & Export > Import/Export).",
                         {"count": count, "file": shown(str(target))}))


@click.command("history", cls=clickhelp.Command,
               help=N_("An application's whole history: every version sent, every record "
                       "after it (committee, grant, changes, reports) and its statuses."))
@argument("application", type=click.Path(path_type=Path), metavar=N_("APPLICATION"))
@click.pass_context
def archive_history(ctx: click.Context, application: Path) -> None:
    from pulje.lifecycle.status import describe_history, history

    root = (ctx.obj or {}).get("archive_root")
    click.echo(describe_history(history(application, archive_root=root), _tr(ctx)))


COMMANDS = (profile, committee, grant, change, report, status, calendar)
