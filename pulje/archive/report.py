"""Text for the CLI to print: the ``list`` table, the ``show`` block, and one-line outcomes.

No click here: each function takes a ``Translator`` and returns the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pulje.archive.model import AddResult, Entry, EntryDetail, EntryList
from pulje.archive.rows import plain
from pulje.diagnostics.i18n import N_, NP_, Translator
from pulje.diagnostics.model import Plural
from pulje.diagnostics.report import dumps

PROJECT_WIDTH = 48
#: What an entry records (``Entry.art``), as the user reads it.
ARTS = {
    "ansoegning": N_("application (as sent)"),
    "udvalgssag": N_("committee case"),
    "godkendelse": N_("committee approval"),
    "tilsagn": N_("grant"),
    "afslag": N_("rejection"),
    "aendring": N_("change request"),
    "statusrapport": N_("status report"),
    "slutrapport": N_("final report"),
}


def art_text(art: str, tr: Translator) -> str:
    """An entry's kind of record in the user's language (an unknown one as it is)."""
    return tr.gettext(ARTS[art]) if art in ARTS else plain(art, 40)


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def art_named(name: str) -> str | None:
    """The kind of record ``name`` names: its id (``udvalgssag``) or its name in the Art
    column, in Danish or English, with or without what the brackets add ("ansøgning", "ansøgning
    (som indsendt)", "application"); None when it names none."""
    wanted = _folded(name)
    for art, msgid in ARTS.items():
        names = {art}
        for lang in ("da", "en"):
            shown = Translator(lang).gettext(msgid)
            names |= {shown, shown.split(" (", 1)[0]}
        if wanted in {_folded(n) for n in names}:
            return art
    return None


def art_choices(tr: Translator) -> str:
    """The kinds of record, as the Art column names them, each with its id:
    ``ansøgning (som indsendt) [ansoegning], udvalgssag, …``."""
    out = []
    for art, msgid in ARTS.items():
        shown = tr.gettext(msgid)
        out.append(shown if shown == art else f"{shown} [{art}]")
    return ", ".join(out)


def _clip(text: str, width: int) -> str:
    return plain(text, width)


def _time(entry: Entry) -> str:
    return entry.tidspunkt.strftime("%Y-%m-%d %H:%M")


def format_list(entries: Sequence[Entry], tr: Translator) -> str:
    """A table: ID, tidspunkt, art, pulje, kommune, projekt, beløb, sider, version; then a
    count."""
    if not entries:
        return tr.gettext("No entries in the archive match.")
    headers = [
        tr.gettext(h)
        for h in (
            N_("ID"),
            N_("Time"),
            N_("Record"),
            N_("Pool"),
            N_("Municipality"),
            N_("Project"),
            N_("Amount"),
            N_("Pages"),
            N_("Version"),
        )
    ]
    right = {6, 7, 8}
    rows = [
        [
            e.id,
            _time(e),
            art_text(e.art, tr),
            plain(e.pulje, 40),
            plain(e.kommune, 40),
            _clip(e.projekt, PROJECT_WIDTH),
            tr.kroner(e.beloeb),
            tr.value(e.sider),
            tr.value(e.udgave),
        ]
        for e in entries
    ]
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        out = [
            c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(cells)
        ]
        return "  ".join(out).rstrip()

    lines = [line(headers), "  ".join("-" * w for w in widths)]
    lines.extend(line(r) for r in rows)
    n = len(entries)
    lines.append(tr.ngettext("{n} entry", "{n} entries", n).format(n=tr.value(n)))
    return "\n".join(lines)


def list_json(entries: EntryList) -> str:
    """``archive list --format json``: ``poster`` (each entry: ``id``, the facts as every record
    of pulje names them, ``udgave``, ``previous_id``, ``package_sha256``, ``archived_at``,
    ``total_bytes``) and ``skadede`` (IDs of rows that cannot be read)."""
    return dumps({"poster": [e.record() for e in entries], "skadede": list(entries.damaged)})


def format_show(detail: EntryDetail, tr: Translator) -> str:
    """The facts of one entry and its files, one per line."""
    e = detail.entry
    facts: list[tuple[str, str]] = [
        (N_("Entry"), e.id),
        (N_("Record"), art_text(e.art, tr)),
        (N_("Pool"), plain(e.pulje)),
        (N_("Round"), plain(e.runde)),
        (N_("Municipality"), plain(e.kommune)),
        (N_("Project"), plain(e.projekt)),
        (N_("Amount applied for"), tr.kroner(e.beloeb)),
        (N_("Pages"), tr.value(e.sider)),
        (N_("Time"), e.tidspunkt.isoformat(sep=" ")),
        (N_("Version"), tr.value(e.udgave)),
    ]
    if e.previous_id:
        facts.append((N_("Previous version"), e.previous_id))
    if detail.newer_ids:
        facts.append((N_("Newer version"), ", ".join(detail.newer_ids)))
    facts += [
        (N_("Archived"), e.archived_at.isoformat(sep=" ")),
        (N_("pulje version"), plain(e.version)),
        (N_("Template (SHA-256)"), plain(detail.template_sha256)),
        (N_("Package (SHA-256)"), e.package_sha256),
    ]
    labels = [tr.gettext(label) for label, _ in facts]
    width = max(len(label) for label in labels)
    lines = [
        f"{label.ljust(width)}  {value}"
        for label, (_, value) in zip(labels, facts, strict=True)
    ]
    lines.append("")
    lines.append(tr.gettext("Files") + ":")
    files = [detail.manifest, *detail.files]
    sizes = [tr.gettext("{n} bytes").format(n=tr.value(f.bytes)) for f in files]
    name_w = max(len(plain(f.name)) for f in files)
    size_w = max(len(s) for s in sizes)
    for f, size in zip(files, sizes, strict=True):
        lines.append(f"  {plain(f.name).ljust(name_w)}  {size.rjust(size_w)}  {f.sha256}")
    return "\n".join(lines)


def format_add(result: AddResult, package: Path, tr: Translator) -> str:
    """One or two lines saying what ``add`` did."""
    e = result.entry
    if not result.created:
        return tr.format(
            N_("{package} is already in the archive as entry {id}; nothing was added."),
            {"package": str(package), "id": e.id},
        )
    text = tr.format(
        N_("Archived {package} as entry {id}."), {"package": str(package), "id": e.id}
    )
    if e.previous_id:
        text += "\n" + tr.format(
            N_("It is version {version} of the application; the previous version is {previous}."),
            {"version": e.udgave, "previous": e.previous_id},
        )
    return text


def format_export(entry_id: str, paths: Sequence[Path], directory: Path, tr: Translator) -> str:
    return tr.format(
        N_("Exported entry {id} to {directory} ({n} files)."),
        {"id": entry_id, "directory": str(directory), "n": len(paths)},
    )


_NOT_SHOWN = Plural(NP_(
    "Not shown: {n} entry of the index holds values that cannot be right ({ids}). Run »pulje "
    "archive verify«.",
    "Not shown: {n} entries of the index hold values that cannot be right ({ids}). Run »pulje "
    "archive verify«."), "n")


def format_damaged(ids: Sequence[str], tr: Translator) -> str:
    """The note under ``list`` about rows of the index that could not be read."""
    return tr.format(
        _NOT_SHOWN,
        {"n": len(ids), "ids": ", ".join(ids[:10]) + (" …" if len(ids) > 10 else "")},
    )
