"""Submission packages: a folder (or a .zip of one) with the files sent and ``manifest.json``.

The manifest (format ``pulje-pakke/1``) names the pool, round, kommune, project, the amount
applied for, the number of pages, the time, pulje's version, the template's SHA-256 and, under
``files``, the SHA-256 and size of every other file in the package. ``check_package`` says
whether the files match it; ``make_manifest``/``write_package``/``zip_package`` build one.

A package's identity is the SHA-256 of its manifest in canonical JSON (sorted keys, no
whitespace, UTF-8): since the manifest holds every file's hash, two packages with the same
identity hold the same bytes. The archive's entry IDs are the first 12 hex digits of it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import re
import shutil
import stat
import zipfile
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePosixPath
from typing import IO, Any

from pulje.archive.codes import ARK001, ARK002, ARK003, ARK004, ARK005, ARK024
from pulje.archive.errors import PackageUnreadable
from pulje.diagnostics.errors import WouldOverwrite
from pulje.diagnostics.i18n import N_
from pulje.diagnostics.model import Diagnostic, Location
from pulje.diagnostics.version import pulje_version as installed_version
from pulje.files import file_mode

FORMAT = "pulje-pakke/1"
MANIFEST = "manifest.json"
MAX_MANIFEST_BYTES = 4 * 1024 * 1024
# Bounds on what a manifest may hold (ARK024). pulje's own manifests are far inside them; a
# value outside is an error or an attack, and would otherwise crash or stall the archive
# (SQLite's integers end at 2**63, Python refuses to read ints of 4,300 digits, a 10,000-deep
# list exhausts the stack, a 1e999999999 amount cannot be printed).
MAX_INT_DIGITS = 19
MAX_DEPTH = 16
MAX_STRING = 65_536
MAX_TEXT = 1_000  # the text fields shown in list and show
MAX_AMOUNT = Decimal(10) ** 12  # kroner
MAX_PAGES = 100_000
MAX_FILE_BYTES = 2**63 - 1
YEARS = (1900, 2999)
CHUNK = 1024 * 1024
#: Files that operating systems drop into folders and zips by themselves; never package content.
JUNK_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
JUNK_DIRS = frozenset({"__MACOSX"})
_HEX64 = re.compile(r"[0-9a-f]{64}")
_TEXT_FIELDS = ("pool", "kommune", "projektnavn", "pulje_version")


@dataclass(frozen=True)
class FileSpec:
    """One file as the manifest lists it."""

    name: str
    sha256: str
    bytes: int


@dataclass(frozen=True)
class Manifest:
    """A validated manifest. ``raw`` is the parsed JSON; ``package_sha256`` its identity."""

    pool: str
    round: str
    kommune: str
    projektnavn: str
    amount: Decimal
    pages: int
    time: datetime
    pulje_version: str
    template_sha256: str
    files: tuple[FileSpec, ...]
    raw: Mapping[str, Any]
    package_sha256: str


def canonical_json(value: Any) -> bytes:
    """The canonical bytes of a JSON value: sorted keys, no whitespace, UTF-8."""
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def package_sha256(raw: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(raw)).hexdigest()


def short(sha: str) -> str:
    """The first 12 hex digits of a hash, as shown to users."""
    return sha[:12]


def hash_stream(fh: IO[bytes]) -> tuple[str, int]:
    """SHA-256 and size of everything left in ``fh``."""
    digest = hashlib.sha256()
    size = 0
    while chunk := fh.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def valid_name(name: str) -> bool:
    """A file name a manifest may list: a relative POSIX path inside the package."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/"):
        return False
    parts = name.split("/")
    if any(p in ("", ".", "..") or len(p.encode("utf-8")) > 255 for p in parts):
        return False
    return name != MANIFEST


# --------------------------------------------------------------------------------------------
# Reading a package


class PackageReader(ABC):
    """Uniform read access to a package folder or a .zip of one."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @abstractmethod
    def manifest_bytes(self) -> bytes | None:
        """The bytes of manifest.json, or None if the package has none."""

    @abstractmethod
    def names(self) -> list[str]:
        """Every file in the package except manifest.json, as relative POSIX paths."""

    @abstractmethod
    def open(self, name: str) -> IO[bytes]:
        """Open one of ``names()`` for reading."""

    @abstractmethod
    def label(self, name: str) -> str:
        """Where a file of the package is, as shown to users."""


class DirReader(PackageReader):
    def manifest_bytes(self) -> bytes | None:
        target = self.path / MANIFEST
        if not target.is_file():
            return None
        with target.open("rb") as fh:
            return fh.read(MAX_MANIFEST_BYTES + 1)

    def names(self) -> list[str]:
        out: list[str] = []
        for dirpath, dirnames, filenames in os.walk(self.path):
            dirnames[:] = sorted(d for d in dirnames if d not in JUNK_DIRS)
            rel = PurePosixPath(Path(dirpath).relative_to(self.path).as_posix())
            for name in sorted(filenames):
                if name in JUNK_NAMES:
                    continue
                posix = (rel / name).as_posix()
                if posix != MANIFEST:
                    out.append(posix)
        return out

    def open(self, name: str) -> IO[bytes]:
        return (self.path / name).open("rb")

    def label(self, name: str) -> str:
        return str(self.path / name)


class ZipReader(PackageReader):
    """A .zip with the files at its top, or inside one top-level folder."""

    def __init__(self, path: Path, zf: zipfile.ZipFile) -> None:
        super().__init__(path)
        self.zf = zf
        members = [i.filename for i in zf.infolist() if not i.is_dir()]
        members = [m for m in members if not _zip_junk(m)]
        self.prefix = ""
        if MANIFEST not in members:
            tops = {m.split("/", 1)[0] for m in members}
            if len(tops) == 1 and f"{next(iter(tops))}/{MANIFEST}" in members:
                self.prefix = next(iter(tops)) + "/"
        self.members = members

    def manifest_bytes(self) -> bytes | None:
        name = self.prefix + MANIFEST
        if name not in self.members:
            return None
        with self.zf.open(name) as fh:
            return fh.read(MAX_MANIFEST_BYTES + 1)

    def names(self) -> list[str]:
        out = []
        for member in self.members:
            name = member[len(self.prefix):] if member.startswith(self.prefix) else member
            if member != self.prefix + MANIFEST:
                out.append(name)
        return sorted(out)

    def open(self, name: str) -> IO[bytes]:
        return self.zf.open(self.prefix + name)

    def label(self, name: str) -> str:
        return f"{self.path}/{self.prefix}{name}"


def _zip_junk(member: str) -> bool:
    parts = member.split("/")
    return parts[-1] in JUNK_NAMES or any(p in JUNK_DIRS for p in parts[:-1])


@contextlib.contextmanager
def open_package(path: Path) -> Iterator[PackageReader]:
    """Open a package folder or .zip; raises ``PackageUnreadable`` if it is neither."""
    path = Path(path)
    if path.is_dir():
        yield DirReader(path)
        return
    if not path.exists():
        raise PackageUnreadable.missing(path)
    if not path.is_file():
        raise PackageUnreadable.not_a_package(path)
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        if path.suffix.lower() != ".zip":
            raise PackageUnreadable.not_a_package(path) from None
        raise PackageUnreadable.bad_zip(path) from None
    except OSError as exc:
        raise PackageUnreadable.unreadable(path, exc.strerror or str(exc)) from exc
    with zf:
        try:
            yield ZipReader(path, zf)
        except (zipfile.BadZipFile, EOFError) as exc:
            raise PackageUnreadable.bad_zip(path) from exc


# --------------------------------------------------------------------------------------------
# The manifest


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class _Absurd(ValueError):
    """A value no manifest of an application can hold (ARK024)."""

    def __init__(self, message: str, path: tuple[str, ...] = (), **params: Any) -> None:
        super().__init__(message)
        self.message, self.path, self.params = message, path, params

    @classmethod
    def deep(cls) -> _Absurd:
        return cls(N_("manifest.json is nested more than {limit} levels deep."),
                   limit=MAX_DEPTH)

    def diagnostic(self, loc: Location) -> Diagnostic:
        return ARK024(
            self.message, N_("Build the package again with »pulje submit«."), self.path,
            **self.params,
        ).at(loc)


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _Absurd(
            N_("manifest.json holds a whole number of {digits} digits; at most {limit} are "
               "allowed."),
            digits=len(text.lstrip("-")), limit=MAX_INT_DIGITS,
        )
    return int(text)


def _parse_float(text: str) -> float:
    value = float(text) if len(text) <= 64 else float("inf")
    if not math.isfinite(value):
        _not_finite(text)
    return value


def _parse_constant(text: str) -> Any:
    _not_finite(text)


def _not_finite(text: str) -> None:
    raise _Absurd(
        N_("manifest.json holds the number {value}, which is not a finite number."),
        value=text[:32] + ("…" if len(text) > 32 else ""),
    )


def _check_shape(raw: Any) -> None:
    """No nesting deeper than MAX_DEPTH, no string longer than MAX_STRING (keys included)."""
    stack: list[tuple[Any, int, tuple[str, ...]]] = [(raw, 1, ())]
    while stack:
        value, depth, path = stack.pop()
        if depth > MAX_DEPTH:
            raise _Absurd.deep()
        if isinstance(value, dict):
            for key, item in value.items():
                _check_string(key, path)
                stack.append((item, depth + 1, (*path, key)))
        elif isinstance(value, list):
            stack.extend((item, depth + 1, path) for item in value)
        elif isinstance(value, str):
            _check_string(value, path)


def _check_string(value: str, path: tuple[str, ...], limit: int = MAX_STRING) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from an escape such as "\ud800"
        raise _Absurd(
            N_("manifest.json holds a text at {field} that is not valid Unicode."),
            tuple(p[:64] for p in path), field=".".join(p[:64] for p in path) or "-",
        ) from None
    if len(value) > limit:
        raise _Absurd(
            N_("manifest.json holds a text of {length} characters at {field}; at most {limit} "
               "are allowed."),
            tuple(p[:64] for p in path), length=len(value), limit=limit,
            field=".".join(p[:64] for p in path) or "-",
        )


def _too_large(field: str, value: Any, limit: Any) -> Diagnostic:
    text = str(value)
    return ARK024(
        N_("The field {field} in manifest.json is {value}, more than an application can "
           "have (at most {limit})."),
        N_("Build the package again with »pulje submit«."), tuple(field.split(".")),
        field=field, value=text[:40] + ("…" if len(text) > 40 else ""), limit=limit,
    )


def parse_manifest(data: bytes, label: str) -> tuple[Manifest | None, list[Diagnostic]]:
    """Parse and validate manifest.json; findings are ARK001 (unreadable) and ARK002 (fields)."""
    loc = Location(label)
    if len(data) > MAX_MANIFEST_BYTES:
        return None, [
            ARK001(
                N_("manifest.json is too large to be a manifest (more than {limit} bytes)."),
                N_("Build the package again with »pulje submit«."),
                limit=MAX_MANIFEST_BYTES,
            ).at(loc)
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [
            ARK001(
                N_("manifest.json is not UTF-8 text."),
                N_("Build the package again with »pulje submit«."),
            ).at(loc)
        ]
    try:
        raw = json.loads(
            text, object_pairs_hook=_no_duplicates, parse_int=_parse_int,
            parse_float=_parse_float, parse_constant=_parse_constant,
        )
        _check_shape(raw)
    except _Absurd as exc:
        return None, [exc.diagnostic(loc)]
    except RecursionError:
        return None, [_Absurd.deep().diagnostic(loc)]
    except _DuplicateKey as exc:
        return None, [
            ARK001(
                N_("manifest.json has the key {key} twice, so it is ambiguous."),
                N_("Build the package again with »pulje submit«."),
                key=exc.key,
            ).at(loc)
        ]
    except json.JSONDecodeError as exc:
        return None, [
            ARK001(
                N_("manifest.json is not valid JSON at this place."),
                N_("Build the package again with »pulje submit«."),
            ).at(Location(label, exc.lineno, exc.colno))
        ]
    if not isinstance(raw, dict):
        return None, [
            ARK001(
                N_("manifest.json must hold a JSON object with the package's facts."),
                N_("Build the package again with »pulje submit«."),
            ).at(loc)
        ]
    return _validate(raw, loc)


def _validate(raw: dict[str, Any], loc: Location) -> tuple[Manifest | None, list[Diagnostic]]:
    diags: list[Diagnostic] = []
    rebuild = N_("Build the package again with »pulje submit«.")

    def missing(field: str) -> bool:
        if field in raw:
            return False
        diags.append(
            ARK002(N_("manifest.json has no field {field}."), rebuild, (field,), field=field)
            .at(loc)
        )
        return True

    if not missing("format") and raw["format"] != FORMAT:
        diags.append(
            ARK002(
                N_("manifest.json says format {value}; this pulje reads only {expected}."),
                N_("Update pulje, or build the package again with »pulje submit«."),
                ("format",),
                value=str(raw["format"]),
                expected=FORMAT,
            ).at(loc)
        )
    texts: dict[str, str] = {}
    for field in (*_TEXT_FIELDS, "round"):
        if missing(field):
            continue
        value = raw[field]
        if field == "round" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            diags.append(
                ARK002(
                    N_("The field {field} in manifest.json must be a text that is not empty."),
                    rebuild,
                    (field,),
                    field=field,
                ).at(loc)
            )
            continue
        try:
            _check_string(value, (field,), MAX_TEXT)
        except _Absurd as exc:
            diags.append(exc.diagnostic(loc))
            continue
        texts[field] = value
    amount = None
    if not missing("ansoegt_beloeb"):
        amount = _amount(raw["ansoegt_beloeb"])
        if amount is not None and amount >= MAX_AMOUNT:
            diags.append(_too_large("ansoegt_beloeb", raw["ansoegt_beloeb"], MAX_AMOUNT).at(loc))
        elif amount is None:
            diags.append(
                ARK002(
                    N_(
                        "The field ansoegt_beloeb in manifest.json must be the amount applied "
                        "for in kroner, written as text with at most two decimals, e.g. "
                        "\"2150000.00\"; it is {value}."
                    ),
                    rebuild,
                    ("ansoegt_beloeb",),
                    value=json.dumps(raw["ansoegt_beloeb"], ensure_ascii=False),
                ).at(loc)
            )
    pages = None
    if not missing("sider"):
        value = raw["sider"]
        if isinstance(value, int) and not isinstance(value, bool) and value > MAX_PAGES:
            diags.append(_too_large("sider", value, MAX_PAGES).at(loc))
        elif isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            pages = value
        else:
            diags.append(
                ARK002(
                    N_(
                        "The field sider in manifest.json must be a whole number of pages "
                        "(0 or more); it is {value}."
                    ),
                    rebuild,
                    ("sider",),
                    value=json.dumps(value, ensure_ascii=False),
                ).at(loc)
            )
    when = None
    if not missing("tidspunkt"):
        when = _time(raw["tidspunkt"])
        if when is not None and not YEARS[0] <= when.year <= YEARS[1]:
            diags.append(ARK024(
                N_("The field tidspunkt in manifest.json is {value}, outside the years "
                   "{first}–{last}."),
                rebuild, ("tidspunkt",), value=raw["tidspunkt"], first=str(YEARS[0]),
                last=str(YEARS[1]),
            ).at(loc))
        elif when is None:
            diags.append(
                ARK002(
                    N_(
                        "The field tidspunkt in manifest.json must be a time in ISO 8601 with "
                        "a time zone, e.g. 2026-11-22T10:00:00+01:00; it is {value}."
                    ),
                    rebuild,
                    ("tidspunkt",),
                    value=json.dumps(raw["tidspunkt"], ensure_ascii=False),
                ).at(loc)
            )
    template = None
    if not missing("skabelon_sha256"):
        template = _sha(raw["skabelon_sha256"])
        if template is None:
            diags.append(_bad_sha(("skabelon_sha256",), loc))
    files = _files(raw, loc, diags) if not missing("files") else None
    if diags or amount is None or pages is None or when is None or template is None:
        return None, diags
    if files is None:
        return None, diags
    return (
        Manifest(
            pool=texts["pool"],
            round=texts["round"],
            kommune=texts["kommune"],
            projektnavn=texts["projektnavn"],
            amount=amount,
            pages=pages,
            time=when,
            pulje_version=texts["pulje_version"],
            template_sha256=template,
            files=files,
            raw=raw,
            package_sha256=package_sha256(raw),
        ),
        [],
    )


def _amount(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0:
        return None
    exponent = amount.as_tuple().exponent
    if not isinstance(exponent, int) or exponent < -2:
        return None
    return amount


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        when = datetime.fromisoformat(value)
        if when.tzinfo is None or when.utcoffset() is None:
            return None
        when.astimezone(UTC)  # the index keeps it in UTC: 9999-12-31T23:00-05:00 overflows
    except (ValueError, OverflowError):
        return None
    return when


def _sha(value: Any) -> str | None:
    if isinstance(value, str) and _HEX64.fullmatch(value.lower()):
        return value.lower()
    return None


def _bad_sha(path: tuple[str, ...], loc: Location) -> Diagnostic:
    return ARK002(
        N_(
            "The field {field} in manifest.json must be a SHA-256 hash: 64 hexadecimal "
            "characters."
        ),
        N_("Build the package again with »pulje submit«."),
        path,
        field=".".join(path),
    ).at(loc)


def _files(
    raw: dict[str, Any], loc: Location, diags: list[Diagnostic]
) -> tuple[FileSpec, ...] | None:
    files = raw["files"]
    rebuild = N_("Build the package again with »pulje submit«.")
    if not isinstance(files, dict) or not files:
        diags.append(
            ARK002(
                N_(
                    "The field files in manifest.json must list the package's files, each "
                    "with its sha256 and bytes."
                ),
                rebuild,
                ("files",),
            ).at(loc)
        )
        return None
    out: list[FileSpec] = []
    ok = True
    for name, spec in files.items():
        if not valid_name(name):
            ok = False
            diags.append(
                ARK002(
                    N_(
                        "manifest.json lists the file name {name}, which is not allowed: a "
                        "file name must be a relative path inside the package, and not "
                        "manifest.json."
                    ),
                    rebuild,
                    ("files", name),
                    name=json.dumps(name, ensure_ascii=False),
                ).at(loc)
            )
            continue
        sha = _sha(spec.get("sha256")) if isinstance(spec, dict) else None
        if sha is None:
            ok = False
            diags.append(_bad_sha(("files", name, "sha256"), loc))
            continue
        size = spec.get("bytes")
        if isinstance(size, int) and not isinstance(size, bool) and size > MAX_FILE_BYTES:
            ok = False
            diags.append(_too_large(f"files.{name}.bytes", size, MAX_FILE_BYTES).at(loc))
            continue
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            ok = False
            diags.append(
                ARK002(
                    N_(
                        "manifest.json gives the file {name} the size {value}; the size must "
                        "be a whole number of bytes."
                    ),
                    rebuild,
                    ("files", name, "bytes"),
                    name=name,
                    value=json.dumps(size, ensure_ascii=False),
                ).at(loc)
            )
            continue
        out.append(FileSpec(name, sha, size))
    return tuple(sorted(out, key=lambda f: f.name)) if ok else None


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
    present = set(reader.names())
    listed = {f.name for f in manifest.files}
    for spec in manifest.files:
        loc = Location(reader.label(spec.name))
        if spec.name not in present:
            diags.append(
                ARK003(
                    N_("The file {name} is listed in manifest.json but is not in the package."),
                    N_("Put the file back, or build the package again with »pulje submit«."),
                    ("files", spec.name),
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
                    ("files", spec.name),
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
                ("files", name),
                name=name,
            ).at(Location(reader.label(name)))
        )
    return manifest, diags


def check_package(path: Path) -> list[Diagnostic]:
    """Findings about a package (ARK001–ARK005); empty if its files match its manifest."""
    with open_package(path) as reader:
        return inspect(reader)[1]


# --------------------------------------------------------------------------------------------
# Building a package


def file_entry(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        sha, size = hash_stream(fh)
    return {"sha256": sha, "bytes": size}


def make_manifest(
    directory: Path,
    *,
    pool: str,
    round: str,
    kommune: str,
    projektnavn: str,
    ansoegt_beloeb: Decimal | str | int,
    sider: int,
    skabelon_sha256: str,
    tidspunkt: datetime | None = None,
    pulje_version: str | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The manifest for the files now in ``directory`` (all of them except manifest.json)."""
    reader = DirReader(Path(directory))
    when = tidspunkt or datetime.now(UTC).replace(microsecond=0)
    if when.tzinfo is None:
        raise ValueError("tidspunkt must have a time zone")
    amount = Decimal(str(ansoegt_beloeb)).quantize(Decimal("0.01"))
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "pool": pool,
        "round": str(round),
        "kommune": kommune,
        "projektnavn": projektnavn,
        "ansoegt_beloeb": str(amount),
        "sider": sider,
        "tidspunkt": when.isoformat(),
        "pulje_version": pulje_version or installed_version(),
        "skabelon_sha256": skabelon_sha256,
    }
    # Extra facts may not replace the required ones (nor "files").
    manifest.update({k: v for k, v in (extra or {}).items() if k not in manifest})
    manifest["files"] = {name: file_entry(Path(directory) / name) for name in reader.names()}
    return manifest


def manifest_text(manifest: Mapping[str, Any]) -> bytes:
    return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _write_new(path: Path, data: bytes) -> None:
    try:
        with path.open("xb") as fh:
            fh.write(data)
    except FileExistsError:
        raise WouldOverwrite(
            N_("{path} already exists; pulje does not overwrite it."),
            N_("Choose a new folder for the package."),
            path=str(path),
        ) from None


def write_manifest(directory: Path, **fields: Any) -> Path:
    """Write ``manifest.json`` for the files in ``directory`` (``fields`` as ``make_manifest``)."""
    target = Path(directory) / MANIFEST
    _write_new(target, manifest_text(make_manifest(Path(directory), **fields)))
    return target


def write_package(directory: Path, files: Mapping[str, bytes], **fields: Any) -> Path:
    """Create a package folder holding ``files`` and their manifest; never overwrites a file."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        if not valid_name(name):
            raise ValueError(f"not a valid file name in a package: {name!r}")
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_new(target, data)
    write_manifest(directory, **fields)
    return directory


def zip_package(directory: Path, target: Path) -> Path:
    """A .zip of a package folder, with the files at the top of the zip; never overwrites."""
    reader = DirReader(Path(directory))
    names = [MANIFEST, *reader.names()]
    mode = file_mode()
    try:
        with (
            Path(target).open("xb") as fh,
            zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as zf,
        ):
            for name in names:
                source = Path(directory) / name
                info = zipfile.ZipInfo.from_file(source, name)
                # The mode the user's umask gives, whatever the staged file had: whoever
                # unpacks the zip on a shared drive gets files colleagues can open.
                info.external_attr = (stat.S_IFREG | mode) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                with source.open("rb") as src, zf.open(info, "w") as dst:
                    shutil.copyfileobj(src, dst, CHUNK)
    except FileExistsError:
        raise WouldOverwrite(
            N_("{path} already exists; pulje does not overwrite it."),
            N_("Choose a new folder for the package."),
            path=str(target),
        ) from None
    return Path(target)
