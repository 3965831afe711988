"""Submission packages: a folder (or a .zip of one) with the files sent and ``manifest.json``.

``check_package`` says whether a package's files match its manifest (``archive.manifest``);
``make_manifest``/``write_package``/``zip_package`` build one, always in the newest format
(``pulje-pakke/2``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pulje.archive.codes import ARK001, ARK003, ARK004, ARK005
from pulje.archive.errors import PackageUnreadable
from pulje.archive.manifest import (
    FORMAT,
    MANIFEST,
    Manifest,
    parse_manifest,
    short,
    valid_name,
)
from pulje.archive.reader import DirReader, PackageReader, open_package
from pulje.diagnostics.i18n import N_
from pulje.diagnostics.model import Diagnostic, Location
from pulje.diagnostics.version import pulje_version
from pulje.documents.facts import Facts, money, now
from pulje.files import FileExists, write_bytes
from pulje.files.hashing import file_entry, hash_stream
from pulje.files.zips import write_zip

__all__ = ["PackageUnreadable", "check_package", "inspect", "make_manifest", "write_manifest",
           "write_package", "zip_package"]


# --------------------------------------------------------------------------------------------
# Checking a package against its manifest


def inspect(reader: PackageReader) -> tuple[Manifest | None, list[Diagnostic]]:
    """Parse the manifest and hash every file: the manifest (if valid) and all findings."""
    data = reader.manifest_bytes()
    if data is None:
        return None, [
            ARK001(
                N_("The package has no manifest.json, so pulje cannot tell what it holds."),
                N_("Build the package with »pulje submit«; it writes manifest.json."),
            ).at(Location(str(reader.path)))
        ]
    manifest, diags = parse_manifest(data, reader.label(MANIFEST))
    if manifest is None:
        return None, diags
    files = manifest.key("filer")
    present = set(reader.names())
    listed = {f.name for f in manifest.files}
    for spec in manifest.files:
        loc = Location(reader.label(spec.name))
        if spec.name not in present:
            diags.append(
                ARK003(
                    N_("The file {name} is listed in manifest.json but is not in the package."),
                    N_("Put the file back, or build the package again with »pulje submit«."),
                    (files, spec.name),
                    name=spec.name,
                ).at(loc)
            )
            continue
        with reader.open(spec.name) as fh:
            sha, size = hash_stream(fh)
        if sha != spec.sha256 or size != spec.bytes:
            diags.append(
                ARK004(
                    N_(
                        "The file {name} has been changed since manifest.json was made: it "
                        "has {actual_bytes} bytes and SHA-256 {actual}…, the manifest says "
                        "{expected_bytes} bytes and {expected}…."
                    ),
                    N_(
                        "Send and archive exactly the files the manifest describes: build the "
                        "package again with »pulje submit«."
                    ),
                    (files, spec.name),
                    name=spec.name,
                    actual=short(sha),
                    expected=short(spec.sha256),
                    actual_bytes=size,
                    expected_bytes=spec.bytes,
                ).at(loc)
            )
    for name in sorted(present - listed):
        diags.append(
            ARK005(
                N_("The file {name} is in the package but not in manifest.json."),
                N_(
                    "Remove the file from the package, or build the package again with "
                    "»pulje submit« so the manifest includes it."
                ),
                (files, name),
                name=name,
            ).at(Location(reader.label(name)))
        )
    return manifest, diags


def check_package(path: Path) -> list[Diagnostic]:
    """Findings about a package (ARK001–ARK005, ARK024); empty if its files match its
    manifest."""
    with open_package(path) as reader:
        return inspect(reader)[1]


# --------------------------------------------------------------------------------------------
# Building a package


def make_manifest(
    directory: Path,
    *,
    pulje: str,
    runde: str,
    kommune: str,
    projekt: str,
    beloeb: Decimal | str | int,
    sider: int,
    skabelon_sha256: str,
    sidegraense: int | None = None,
    tidspunkt: datetime | None = None,
    version: str | None = None,
    dokumenter: Sequence[Mapping[str, Any]] = (),
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The manifest (``pulje-pakke/2``) for the files now in ``directory`` (all of them except
    manifest.json). ``dokumenter`` are the application's documents, each ``{"id", "rolle",
    "sider", "filer": [names]}``; the manifest gives each file its SHA-256."""
    reader = DirReader(Path(directory))
    when = tidspunkt.isoformat() if tidspunkt is not None else now()
    if tidspunkt is not None and tidspunkt.tzinfo is None:
        raise ValueError("tidspunkt must have a time zone")
    facts = Facts(pulje=pulje, runde=str(runde), kommune=kommune, projekt=projekt,
                  beloeb=money(Decimal(str(beloeb))), sider=sider, sidegraense=sidegraense,
                  tidspunkt=when, version=version)
    if facts.version is None:
        facts = facts.model_copy(update={"version": pulje_version()})
    files = {name: file_entry(Path(directory) / name) for name in reader.names()}
    manifest: dict[str, Any] = {"format": FORMAT, **facts.record(),
                                "skabelon_sha256": skabelon_sha256}
    manifest["dokumenter"] = [
        {"id": d["id"], "rolle": d["rolle"], "sider": d.get("sider"),
         "filer": {name: files[name]["sha256"] for name in d["filer"]}}
        for d in dokumenter
    ]
    # Extra facts may not replace the required ones (nor "filer").
    manifest.update({k: v for k, v in (extra or {}).items() if k not in manifest})
    manifest["filer"] = files
    return manifest


def manifest_text(manifest: Mapping[str, Any]) -> bytes:
    return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _refused(exc: FileExists) -> FileExists:
    return FileExists(exc.path, N_("{file} exists already; pulje does not overwrite it."),
                      N_("Choose a new folder for the package."))


def write_manifest(directory: Path, **fields: Any) -> Path:
    """Write ``manifest.json`` for the files in ``directory`` (``fields`` as ``make_manifest``)."""
    target = Path(directory) / MANIFEST
    try:
        write_bytes(target, manifest_text(make_manifest(Path(directory), **fields)))
    except FileExists as exc:
        raise _refused(exc) from None
    return target


def write_package(directory: Path, files: Mapping[str, bytes], **fields: Any) -> Path:
    """Create a package folder holding ``files`` and their manifest; never overwrites a file."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        if not valid_name(name):
            raise ValueError(f"not a valid file name in a package: {name!r}")
        try:
            write_bytes(directory / name, data)
        except FileExists as exc:
            raise _refused(exc) from None
    write_manifest(directory, **fields)
    return directory


def zip_package(directory: Path, target: Path) -> Path:
    """A reproducible .zip of a package folder, its files at the top of the zip, manifest.json
    first; never overwrites."""
    reader = DirReader(Path(directory))
    members = {name: Path(directory) / name for name in [MANIFEST, *reader.names()]}
    try:
        return write_zip(Path(target), members, first=[MANIFEST])
    except FileExists as exc:
        raise _refused(exc) from None
