"""``pulje archive verify``: does the archive still prove what it claims?

Every archived file is hashed again and compared with the index, the index with the archived
manifests, and the folder scanned for what does not belong. An archive that cannot prove its
entries is a fejl: a folder that is not there (ARK025), an index that is missing or empty
while archived files lie beside it (ARK026), a whole package in ``objects/`` the index does
not list — as after an index was replaced (ARK027), a row with values that cannot be right
(ARK028). Leftovers of interrupted adds (a few files, no whole package) stay notes.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pulje.archive import rows as rowcheck
from pulje.archive.blobs import BlobStore
from pulje.archive.codes import (
    ARK010,
    ARK011,
    ARK012,
    ARK013,
    ARK020,
    ARK021,
    ARK022,
    ARK023,
    ARK025,
    ARK026,
    ARK027,
    ARK028,
)
from pulje.archive.errors import CorruptIndex
from pulje.archive.index import Index
from pulje.archive.manifest import MANIFEST, MAX_MANIFEST_BYTES, Manifest, parse_manifest, short
from pulje.diagnostics.i18n import N_, NP_
from pulje.diagnostics.model import Diagnostic, Location, Plural
from pulje.files.hashing import hash_stream, sha256_bytes

_HEX = frozenset("0123456789abcdef")


@dataclass(frozen=True)
class _Archive:
    """The archive as verify sees it: its index and its blob store."""

    index: Index
    blobs: BlobStore

    @property
    def root(self) -> Path:
        return self.blobs.root

    @property
    def index_path(self) -> Path | str:
        return self.index.path

    @property
    def objects(self) -> Path:
        return self.blobs.objects

    @property
    def tmp(self) -> Path:
        return self.blobs.tmp

    def blob_path(self, sha256: str) -> Path:
        return self.blobs.path(sha256)
_INDEX_FILES = frozenset({"index.sqlite", "index.sqlite-wal", "index.sqlite-shm",
                          "index.sqlite-journal",
                          # the portfolio (pulje.portfolio) is kept beside the index
                          "portefoelje.sqlite", "portefoelje.sqlite-wal",
                          "portefoelje.sqlite-shm", "portefoelje.sqlite-journal"})


def verify(index: Index, blobs: BlobStore, ids: Iterable[str] | None = None
           ) -> list[Diagnostic]:
    """Recompute every hash of the given entries (default: all) and check the folder.

    A missing or changed file, or an index that disagrees with the archived manifest, is
    an ARK fejl. Leftovers of interrupted adds are ARK020/ARK021 notes (info), never fejl.
    """
    archive = _Archive(index, blobs)
    diags: list[Diagnostic] = []

    def damaged(reason: str) -> list[Diagnostic]:
        return [
            ARK013(
                N_("The archive index is damaged: SQLite reports {reason}."),
                N_("Restore index.sqlite from a backup; do not add to the archive."),
                reason=reason,
            ).at(Location(str(archive.index_path)))
        ]

    if not archive.root.is_dir():
        return [
            ARK025(
                N_("The archive folder {root} is not there, so nothing can be verified."),
                N_(
                    "Check the folder: --root, or the environment variable PULJE_ARKIV, "
                    "chooses it. If it was moved or deleted, restore it from a backup."
                ),
                root=str(archive.root),
            ).at(Location(str(archive.root)))
        ]
    try:
        db = index.open_read()
    except CorruptIndex as exc:
        return damaged(str(exc.__cause__ or "not an archive index"))
    if db is None:
        count = blobs.count()
        if count:
            diags.append(
                ARK026(
                    Plural(NP_(
                        "The archive index {index} is missing or empty, but {n} archived "
                        "file lies in {objects}: the archive cannot show what was sent.",
                        "The archive index {index} is missing or empty, but {n} archived "
                        "files lie in {objects}: the archive cannot show what was sent.",
                    ), "n"),
                    N_(
                        "Restore index.sqlite from a backup of the archive folder, and do not "
                        "add to the archive until then."
                    ),
                    index=str(archive.index_path),
                    n=count,
                    objects=str(archive.objects),
                ).at(Location(str(archive.index_path)))
            )
            _scan_folder(archive, set(), diags)
            return diags
        return [
            ARK023(
                N_("There is no archive in {root} yet, so there is nothing to verify."),
                N_(
                    "Check the archive folder (the environment variable PULJE_ARKIV "
                    "chooses it), or archive a package with »pulje archive add«."
                ),
                root=str(archive.root),
            ).at(Location(str(archive.root)))
        ]
    files: dict[int, list[Any]] = defaultdict(list)
    try:
        with index.errors(writing=False):
            check = db.quick_check()
            if check != ["ok"]:
                return damaged("; ".join(check[:3]))
            if ids is None:
                rows = db.all_entries()
                for f in db.all_files():
                    files[f["entry_seq"]].append(f)
            else:
                chosen = {row["seq"]: row for row in (db.resolve(i, blobs.root) for i in ids)}
                rows = [chosen[seq] for seq in sorted(chosen)]
                for row in rows:
                    files[row["seq"]] = db.files_of(row["seq"])
            known = db.ids()
    except CorruptIndex as exc:
        return damaged(str(exc.__cause__ or exc))
    finally:
        db.close()
    cache: dict[str, tuple[str | None, bytes | None]] = {}
    referenced: set[str] = set()
    for row in rows:
        entry_files = files[row["seq"]]
        shas = (row["manifest_sha256"], *(f["sha256"] for f in entry_files))
        referenced.update(v for v in shas if isinstance(v, str))
        bad = rowcheck.problems(row) + sorted(
            {f"files.{c}" for f in entry_files
             for c in rowcheck.problems(f, rowcheck.FILE_CHECKS)}
        )
        if bad:
            diags.append(_damaged_row(archive, row, bad))
            continue
        _verify_entry(archive, row, entry_files, known, cache, diags)
    if ids is None:
        _scan_folder(archive, referenced, diags)
    return diags


def _damaged_row(archive: _Archive, row: Any, columns: list[str]) -> Diagnostic:
    entry_id = rowcheck.label(row["id"])
    return ARK028(
        N_("Entry {id} in the archive index holds values that cannot be right: {columns}."),
        N_(
            "The index has been changed outside pulje. Restore index.sqlite from a backup of "
            "the archive folder."
        ),
        id=entry_id,
        columns=", ".join(columns),
    ).at(Location(str(archive.index_path), section=entry_id))


def _whole_packages(archive: _Archive, unreferenced: list[str]) -> dict[str, Manifest]:
    """The unreferenced blobs that are manifests whose every file is archived too."""
    out: dict[str, Manifest] = {}
    for sha in unreferenced:
        path = archive.blob_path(sha)
        try:
            if path.stat().st_size > MAX_MANIFEST_BYTES:
                continue
            with path.open("rb") as fh:
                data = fh.read(MAX_MANIFEST_BYTES + 1)
        except OSError:
            continue
        if data.lstrip()[:1] != b"{":
            continue
        manifest, _ = parse_manifest(data, str(path))
        if manifest is not None and all(archive.blobs.have(f) for f in manifest.files):
            out[sha] = manifest
    return out


def _hash_blob(
    archive: _Archive, sha: str, cache: dict[str, tuple[str | None, bytes | None]], keep: bool
) -> tuple[str | None, bytes | None]:
    """(problem, data): problem is None, "missing", or the actual SHA-256 if changed."""
    if sha in cache and (not keep or cache[sha][1] is not None or cache[sha][0]):
        return cache[sha]
    path = archive.blob_path(sha)
    try:
        with path.open("rb") as fh:
            if keep:
                data: bytes | None = fh.read()
                actual = sha256_bytes(data or b"")
            else:
                data = None
                actual = hash_stream(fh)[0]
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        result: tuple[str | None, bytes | None] = ("missing", None)
    except OSError as exc:
        result = ("missing:" + (exc.strerror or str(exc)), None)
    else:
        result = (None, data) if actual == sha else (actual, None)
    cache[sha] = result
    return result


def _blob_finding(
    archive: _Archive, entry_id: str, name: str, sha: str, problem: str, diags: list[Diagnostic]
) -> None:
    loc = Location(str(archive.blob_path(sha)))
    if problem == "missing":
        diags.append(
            ARK010(
                N_("The file {file} of entry {id} is missing from the archive."),
                N_(
                    "Restore the archive folder from a backup; an archived file must never "
                    "be deleted."
                ),
                file=name,
                id=entry_id,
            ).at(loc)
        )
    elif problem.startswith("missing:"):
        diags.append(
            ARK010(
                N_("The file {file} of entry {id} cannot be read ({reason})."),
                N_("Check the disk and the archive folder's permissions."),
                file=name,
                id=entry_id,
                reason=problem.removeprefix("missing:"),
            ).at(loc)
        )
    else:
        diags.append(
            ARK011(
                N_(
                    "The file {file} of entry {id} has been changed after it was archived: "
                    "its SHA-256 is now {actual}…, it was {expected}…."
                ),
                N_(
                    "Restore the file from a backup of the archive folder; until then the "
                    "entry is no proof of what was sent."
                ),
                file=name,
                id=entry_id,
                actual=short(problem),
                expected=short(sha),
            ).at(loc)
        )


def _verify_entry(
    archive: _Archive,
    row: Any,
    files: list[Any],
    known: set[str],
    cache: dict[str, tuple[str | None, bytes | None]],
    diags: list[Diagnostic],
) -> None:
    entry_id: str = row["id"]
    loc = Location(str(archive.index_path), section=entry_id)
    hint = N_(
        "The index has been changed outside pulje. Restore index.sqlite from a backup of "
        "the archive folder."
    )

    def index_finding(message: str, **params: Any) -> None:
        diags.append(ARK012(message, hint, id=entry_id, **params).at(loc))

    problem, data = _hash_blob(archive, row["manifest_sha256"], cache, keep=True)
    if problem is not None:
        _blob_finding(archive, entry_id, MANIFEST, row["manifest_sha256"], problem, diags)
    for f in files:
        problem = _hash_blob(archive, f["sha256"], cache, keep=False)[0]
        if problem is not None:
            _blob_finding(archive, entry_id, f["name"], f["sha256"], problem, diags)
    if not row["package_sha256"].startswith(entry_id):
        index_finding(N_("Entry {id} does not have the ID of its package."))
    previous = row["previous_id"]
    if previous is not None and previous not in known:
        index_finding(
            N_("Entry {id} says its previous version is {previous}, which is not archived."),
            previous=previous,
        )
    if data is None:
        return
    manifest, _ = parse_manifest(data, str(archive.blob_path(row["manifest_sha256"])))
    if manifest is None or manifest.package_sha256 != row["package_sha256"]:
        index_finding(
            N_("The archived manifest of entry {id} is not the one it was archived with.")
        )
        return
    indexed = {f["name"]: f for f in files}
    listed = {f.name: f for f in manifest.files}
    for name in sorted(indexed.keys() - listed.keys()):
        index_finding(
            N_(
                "The index lists the file {file} for entry {id}, but the archived manifest "
                "does not."
            ),
            file=name,
        )
    for name in sorted(listed.keys() - indexed.keys()):
        index_finding(
            N_(
                "The archived manifest of entry {id} lists the file {file}, but the index "
                "does not."
            ),
            file=name,
        )
    for name in sorted(listed.keys() & indexed.keys()):
        spec, f = listed[name], indexed[name]
        if spec.sha256 != f["sha256"] or spec.bytes != f["bytes"]:
            index_finding(
                N_(
                    "For the file {file} of entry {id}, the index and the archived "
                    "manifest give different hashes or sizes."
                ),
                file=name,
            )
    # The index's columns have the names of the facts (the template's hash excepted).
    facts = {
        "pulje": (row["pulje"], manifest.pulje),
        "runde": (row["runde"], manifest.runde),
        "kommune": (row["kommune"], manifest.kommune),
        "projekt": (row["projekt"], manifest.projekt),
        "beloeb": (Decimal(row["beloeb"]), manifest.beloeb),
        "sider": (row["sider"], manifest.sider),
        "tidspunkt": (row["tidspunkt"], manifest.tidspunkt.isoformat()),
        "version": (row["version"], manifest.version),
        "skabelon_sha256": (row["template_sha256"], manifest.skabelon_sha256),
    }
    for fact, (in_index, in_manifest) in facts.items():
        field = manifest.key(fact)  # as the archived manifest names it
        if in_index != in_manifest:
            index_finding(
                N_(
                    "For entry {id}, the index says {field} is {index_value}, but the "
                    "archived manifest says {manifest_value}."
                ),
                field=field,
                index_value=str(in_index),
                manifest_value=str(in_manifest),
            )


def _scan_folder(archive: _Archive, referenced: set[str], diags: list[Diagnostic]) -> None:
    leftover_hint = N_(
        "It does no harm and is not part of any entry. It may be deleted when no one is "
        "adding to the archive."
    )
    stranger_hint = N_("Move the file out of the archive folder; pulje did not put it there.")

    def stranger(path: Path) -> None:
        diags.append(
            ARK022(
                N_("{file} does not belong in the archive folder."),
                stranger_hint,
                file=str(path),
            ).at(Location(str(path)))
        )

    unreferenced: list[str] = []
    for item in sorted(os.scandir(archive.root), key=lambda e: e.name):
        if item.name in _INDEX_FILES or (item.name in ("objects", "tmp") and item.is_dir()):
            continue
        stranger(Path(item.path))
    if archive.objects.is_dir():
        for sub in sorted(os.scandir(archive.objects), key=lambda e: e.name):
            if not (sub.is_dir() and len(sub.name) == 2 and set(sub.name) <= _HEX):
                stranger(Path(sub.path))
                continue
            for blob in sorted(os.scandir(sub.path), key=lambda e: e.name):
                sha = sub.name + blob.name
                if len(sha) != 64 or not set(sha) <= _HEX or not blob.is_file():
                    stranger(Path(blob.path))
                elif sha not in referenced:
                    unreferenced.append(sha)
    whole = _whole_packages(archive, unreferenced)
    interrupted = [sha for sha, m in whole.items()
                   if archive.blobs.pending(m.package_sha256).exists()]
    for sha in interrupted:
        del whole[sha]  # an add of it was interrupted: leftovers, as the notes below say
    covered = set(whole) | {f.sha256 for m in whole.values() for f in m.files}
    for sha, manifest in whole.items():
        where = str(archive.blob_path(sha))
        diags.append(
            ARK027(
                N_(
                    "The archive holds the whole package {id} ({kommune}, {project}, {time}), "
                    "but the index does not list it: the index has lost an entry or was "
                    "replaced."
                ),
                N_(
                    "If »pulje archive add« of this package was interrupted, add the package "
                    "again. Otherwise restore index.sqlite from a backup of the archive folder."
                ),
                id=short(manifest.package_sha256),
                kommune=rowcheck.plain(manifest.kommune, 80),
                project=rowcheck.plain(manifest.projekt, 80),
                time=manifest.tidspunkt.isoformat(sep=" "),
            ).at(Location(where))
        )
    for sha in unreferenced:
        if sha in covered:
            continue
        where = str(archive.blob_path(sha))
        diags.append(
            ARK020(
                N_(
                    "{file} is not part of any entry; it is probably left over "
                    "from an interrupted »pulje archive add«."
                ),
                leftover_hint,
                file=where,
            ).at(Location(where))
        )
    if archive.tmp.is_dir():
        for item in sorted(os.scandir(archive.tmp), key=lambda e: e.name):
            diags.append(
                ARK021(
                    N_(
                        "{file} is a temporary file, left over from an interrupted (or "
                        "still running) »pulje archive add«."
                    ),
                    leftover_hint,
                    file=item.path,
                ).at(Location(item.path))
            )
