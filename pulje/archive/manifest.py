"""``manifest.json``: what a submission package holds, as pydantic models of its two formats.

``pulje-pakke/2`` names the facts of the application as every record of pulje does
(``pulje.documents.facts``: pulje, runde, kommune, projekt, beloeb, sider, tidspunkt, version),
lists each document of the round (id, rolle, sider, its files with their SHA-256) and, under
``filer``, the SHA-256 and size of every other file in the package. ``pulje-pakke/1`` (pool,
round, projektnavn, ansoegt_beloeb, pulje_version, files) is still read: archived packages stay
verifiable. Both become one ``Manifest``.

Reading is two steps: the JSON with bounds (``archive.jsonbounds``: size, depth, digits, text
length, no duplicate keys), then the model of its format. Every problem is a finding with the
field's name as the file has it: ARK001 (no manifest, not JSON), ARK002 (a field missing or
wrong), ARK024 (a value no application can have).

A package's identity is the SHA-256 of its manifest in canonical JSON (sorted keys, no
whitespace, UTF-8): since the manifest holds every file's hash, two packages with the same
identity hold the same bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainValidator, ValidationError
from pydantic_core import PydanticCustomError

from pulje.archive.codes import ARK001, ARK002, ARK024
from pulje.archive.jsonbounds import Absurd, DuplicateKey, parse, too_deep
from pulje.diagnostics.i18n import N_
from pulje.diagnostics.model import Diagnostic, Location
from pulje.diagnostics.wording import shorten
from pulje.documents.facts import OLD_NAMES
from pulje.files.hashing import sha256_bytes

FORMAT = "pulje-pakke/2"
#: The kind of record of a package that holds what was sent (``art`` in the manifest).
APPLICATION = "ansoegning"
FORMAT_V1 = "pulje-pakke/1"
FORMATS = (FORMAT, FORMAT_V1)
MANIFEST = "manifest.json"
MAX_MANIFEST_BYTES = 4 * 1024 * 1024
MAX_TEXT = 1_000  # the text fields shown in list and show
MAX_AMOUNT = Decimal(10) ** 12  # kroner
MAX_PAGES = 100_000
MAX_FILE_BYTES = 2**63 - 1
MAX_DOCUMENTS = 100
YEARS = (1900, 2999)
REBUILD = N_("Build the package again with »pulje submit«.")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_DOCUMENT_ID = re.compile(r"[a-z][a-z0-9_]{0,63}")


def canonical_json(value: Any) -> bytes:
    """The canonical bytes of a JSON value: sorted keys, no whitespace, UTF-8."""
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def package_sha256(raw: Mapping[str, Any]) -> str:
    return sha256_bytes(canonical_json(raw))


def short(sha: str) -> str:
    """The first 12 hex digits of a hash, as shown to users."""
    return sha[:12]


def valid_name(name: str) -> bool:
    """A file name a manifest may list: a relative POSIX path inside the package."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/"):
        return False
    parts = name.split("/")
    if any(p in ("", ".", "..") or len(p.encode("utf-8")) > 255 for p in parts):
        return False
    return name != MANIFEST


# --------------------------------------------------------------------------------------------
# The values a manifest holds: each refuses what does not fit with the message of its finding


def _fail(code: str, message: str, **params: Any) -> PydanticCustomError:
    """An error of a value: ``code`` is "ark002" or "ark024", ``message`` a msgid."""
    return PydanticCustomError(code, message, {"msgid": message, **params})


def _cut(value: Any, width: int = 40) -> str:
    return shorten(str(value), width + 1)


def _json(value: Any, width: int = 80) -> str:
    """A value as JSON writes it (a text in quotes), cut to ``width``."""
    return _cut(json.dumps(value, ensure_ascii=False), width)


def _too_large(value: Any, limit: Any) -> PydanticCustomError:
    return _fail("ark024", N_("The field {field} in manifest.json is {value}, more than an "
                              "application can have (at most {limit})."),
                 value=_cut(value), limit=limit)


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail("ark002", N_("The field {field} in manifest.json must be a text that is "
                                 "not empty."))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _fail("ark024", N_("manifest.json holds a text at {field} that is not valid "
                                 "Unicode.")) from None
    if len(value) > MAX_TEXT:
        raise _fail("ark024", N_("manifest.json holds a text of {length} characters at "
                                 "{field}; at most {limit} are allowed."),
                    length=len(value), limit=MAX_TEXT)
    return value


def _round_v1(value: Any) -> str:
    # pulje-pakke/1 let a round be a number (2016)
    return _text(str(value) if isinstance(value, int) and not isinstance(value, bool) else value)


def _amount(value: Any) -> Decimal:
    amount: Decimal | None = None
    if isinstance(value, str | int) and not isinstance(value, bool):
        try:
            amount = Decimal(str(value).strip())
        except InvalidOperation:
            amount = None
    if amount is not None and amount.is_finite() and amount >= MAX_AMOUNT:
        raise _too_large(value, MAX_AMOUNT)
    exponent = amount.as_tuple().exponent if amount is not None else None
    if (amount is None or not amount.is_finite() or amount < 0 or not isinstance(exponent, int)
            or exponent < -2):
        raise _fail("ark002", N_("The field {field} in manifest.json must be the amount "
                                 "applied for in kroner, written as text with at most two "
                                 "decimals, e.g. \"2150000.00\"; it is {value}."),
                    value=_json(value))
    return amount


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _pages(value: Any) -> int:
    if _whole(value) and value > MAX_PAGES:
        raise _too_large(value, MAX_PAGES)
    if not _whole(value) or value < 0:
        raise _fail("ark002", N_("The field sider in manifest.json must be a whole number of "
                                 "pages (0 or more); it is {value}."), value=_json(value))
    return int(value)


def _pages_or_none(value: Any) -> int | None:
    return None if value is None else _pages(value)


def time_of(value: Any) -> datetime | None:
    """An ISO 8601 time with a zone that can be put in UTC, or None."""
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


def _time(value: Any) -> datetime:
    when = time_of(value)
    if when is None:
        raise _fail("ark002", N_("The field tidspunkt in manifest.json must be a time in ISO "
                                 "8601 with a time zone, e.g. 2026-11-22T10:00:00+01:00; it is "
                                 "{value}."), value=_json(value))
    if not YEARS[0] <= when.year <= YEARS[1]:
        raise _fail("ark024", N_("The field tidspunkt in manifest.json is {value}, outside the "
                                 "years {first}–{last}."),
                    value=value, first=str(YEARS[0]), last=str(YEARS[1]))
    return when


def _sha(value: Any) -> str:
    if isinstance(value, str) and _HEX64.fullmatch(value.lower()):
        return value.lower()
    raise _fail("ark002", N_("The field {field} in manifest.json must be a SHA-256 hash: 64 "
                             "hexadecimal characters."))


def _size(value: Any) -> int:
    if _whole(value) and value > MAX_FILE_BYTES:
        raise _too_large(value, MAX_FILE_BYTES)
    if not _whole(value) or value < 0:
        raise _fail("ark002", N_("manifest.json gives the file {name} the size {value}; the size "
                                 "must be a whole number of bytes."), value=_json(value))
    return int(value)


def _file_name(value: Any) -> str:
    if isinstance(value, str) and valid_name(value):
        return value
    raise _fail("ark002", N_("manifest.json lists the file name {name}, which is not allowed: a "
                             "file name must be a relative path inside the package, and not "
                             "manifest.json."), name=_json(value))


def _file_list(value: Any) -> Any:
    if not isinstance(value, dict) or not value:
        raise _fail("ark002", N_("The field {field} in manifest.json must list the package's "
                                 "files, each with its sha256 and bytes."))
    return value


def _document_id(value: Any) -> str:
    if isinstance(value, str) and _DOCUMENT_ID.fullmatch(value):
        return value
    raise _fail("ark002", N_("The field {field} in manifest.json must be a document's ID, such "
                             "as ansoegning; it is {value}."), value=_json(value))


def _documents(value: Any) -> Any:
    if not isinstance(value, list) or len(value) > MAX_DOCUMENTS:
        raise _fail("ark002", N_("The field {field} in manifest.json must list the documents of "
                                 "the application (at most {limit})."), limit=MAX_DOCUMENTS)
    return value


def _checked(check: Callable[[Any], Any]) -> Any:
    return PlainValidator(check)


Text = Annotated[str, _checked(_text)]
Amount = Annotated[Decimal, _checked(_amount)]
Pages = Annotated[int, _checked(_pages)]
Time = Annotated[datetime, _checked(_time)]
Sha = Annotated[str, _checked(_sha)]
FileName = Annotated[str, _checked(_file_name)]


class _Model(BaseModel):
    # Facts beyond the required ones may stand beside them (the pool's name, the e-mail …).
    model_config = ConfigDict(extra="allow", frozen=True)


class FileEntry(_Model):
    sha256: Sha
    bytes: Annotated[int, _checked(_size)]


Files = Annotated[dict[FileName, FileEntry], BeforeValidator(_file_list)]


class DocumentEntry(_Model):
    """One document of the application as a ``pulje-pakke/2`` manifest names it."""

    id: Annotated[str, _checked(_document_id)]
    rolle: Text
    sider: Annotated[int | None, _checked(_pages_or_none)] = None
    filer: dict[FileName, Sha]


class ManifestV1(_Model):
    """``pulje-pakke/1``."""

    pool: Text
    round: Annotated[str, _checked(_round_v1)]
    kommune: Text
    projektnavn: Text
    ansoegt_beloeb: Amount
    sider: Pages
    tidspunkt: Time
    pulje_version: Text
    skabelon_sha256: Sha
    files: Files


class ManifestV2(_Model):
    """``pulje-pakke/2``: the facts by pulje's one vocabulary, and the documents."""

    pulje: Text
    runde: Text
    kommune: Text
    projekt: Text
    beloeb: Amount
    sider: Pages
    sidegraense: Annotated[int | None, _checked(_pages_or_none)] = None
    tidspunkt: Time
    version: Text
    skabelon_sha256: Sha
    dokumenter: Annotated[list[DocumentEntry], BeforeValidator(_documents)] = Field(
        default_factory=list)
    #: What the package records about the application: ``ansoegning`` (what was sent; the
    #: default, as every package before this field), or a record after it (``udvalgssag``,
    #: ``godkendelse``, ``tilsagn``, ``afslag``, ``aendring``, ``statusrapport``,
    #: ``slutrapport``).
    art: Annotated[str, _checked(_document_id)] = APPLICATION
    filer: Files


#: The model of each format, and the key under which it lists the files.
MODELS: dict[str, tuple[type[_Model], str]] = {
    FORMAT: (ManifestV2, "filer"),
    FORMAT_V1: (ManifestV1, "files"),
}


# --------------------------------------------------------------------------------------------
# The manifest, whatever its format


@dataclass(frozen=True)
class FileSpec:
    """One file as the manifest lists it."""

    name: str
    sha256: str
    bytes: int


@dataclass(frozen=True)
class DocumentRecord:
    """One document of the application: its ID, role, pages, and its files' names."""

    id: str
    rolle: str
    sider: int | None
    files: tuple[str, ...]


@dataclass(frozen=True)
class Manifest:
    """A valid manifest of either format, by pulje's one vocabulary. ``raw`` is the parsed
    JSON; ``package_sha256`` its identity; ``documents`` is empty for ``pulje-pakke/1``."""

    format: str
    pulje: str
    runde: str
    kommune: str
    projekt: str
    beloeb: Decimal
    sider: int
    tidspunkt: datetime
    version: str
    skabelon_sha256: str
    files: tuple[FileSpec, ...]
    documents: tuple[DocumentRecord, ...]
    raw: Mapping[str, Any]
    package_sha256: str
    art: str = APPLICATION

    def key(self, fact: str) -> str:
        """The key under which this manifest's format writes a fact (for messages)."""
        old = {new: old for old, new in OLD_NAMES.get(self.format, {}).items()}
        return old.get(fact, fact)


def _manifest(model: _Model, form: str, raw: dict[str, Any]) -> Manifest:
    data = model.model_dump()
    if isinstance(model, ManifestV1):
        data = {OLD_NAMES[FORMAT_V1].get(k, k): v for k, v in data.items()}
    files = tuple(sorted((FileSpec(name, spec["sha256"], spec["bytes"])
                          for name, spec in data[MODELS[form][1]].items()),
                         key=lambda f: f.name))
    documents = tuple(DocumentRecord(d.id, d.rolle, d.sider, tuple(d.filer))
                      for d in getattr(model, "dokumenter", None) or ()
                      if isinstance(model, ManifestV2))
    return Manifest(
        format=form, pulje=data["pulje"], runde=data["runde"], kommune=data["kommune"],
        projekt=data["projekt"], beloeb=data["beloeb"], sider=data["sider"],
        tidspunkt=data["tidspunkt"], version=data["version"],
        skabelon_sha256=data["skabelon_sha256"], files=files, documents=documents, raw=raw,
        package_sha256=package_sha256(raw), art=data.get("art") or APPLICATION,
    )


def _guess(raw: Mapping[str, Any]) -> str:
    """The format of a manifest that does not say (or says no known one): by its keys."""
    return FORMAT_V1 if "pool" in raw or "files" in raw else FORMAT


def parse_manifest(data: bytes, label: str) -> tuple[Manifest | None, list[Diagnostic]]:
    """Parse and validate manifest.json; findings are ARK001 (unreadable), ARK002 (fields) and
    ARK024 (absurd values)."""
    loc = Location(label)
    if len(data) > MAX_MANIFEST_BYTES:
        return None, [ARK001(
            N_("manifest.json is too large to be a manifest (more than {limit} bytes)."),
            REBUILD, limit=MAX_MANIFEST_BYTES,
        ).at(loc)]
    try:
        raw = parse(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return None, [ARK001(N_("manifest.json is not UTF-8 text."), REBUILD).at(loc)]
    except Absurd as exc:
        return None, [ARK024(exc.message, REBUILD, exc.path, **exc.params).at(loc)]
    except RecursionError:
        deep = too_deep()
        return None, [ARK024(deep.message, REBUILD, **deep.params).at(loc)]
    except DuplicateKey as exc:
        return None, [ARK001(N_("manifest.json has the key {key} twice, so it is ambiguous."),
                             REBUILD, key=exc.key).at(loc)]
    except json.JSONDecodeError as exc:
        return None, [ARK001(N_("manifest.json is not valid JSON at this place."), REBUILD)
                      .at(Location(label, exc.lineno, exc.colno))]
    if not isinstance(raw, dict):
        return None, [ARK001(N_("manifest.json must hold a JSON object with the package's "
                                "facts."), REBUILD).at(loc)]
    return validate(raw, loc)


def validate(raw: dict[str, Any], loc: Location) -> tuple[Manifest | None, list[Diagnostic]]:
    """The manifest of the parsed JSON ``raw``, or the findings of what is wrong with it."""
    diags: list[Diagnostic] = []
    form = raw.get("format")
    if "format" not in raw:
        diags.append(_missing("format", loc))
    elif form not in FORMATS:
        diags.append(ARK002(
            N_("manifest.json says format {value}; this pulje reads only {expected}."),
            N_("Update pulje, or build the package again with »pulje submit«."), ("format",),
            value=_cut(form, 80), expected=" / ".join(FORMATS),
        ).at(loc))
    known = form if form in FORMATS else _guess(raw)
    model_type, files_key = MODELS[known]
    try:
        model = model_type.model_validate(raw)
    except ValidationError as exc:
        return None, diags + [_finding(err, files_key, loc) for err in exc.errors()]
    if diags:
        return None, diags
    manifest = _manifest(model, known, raw)
    diags += _documents_agree(manifest, loc)
    return (None, diags) if diags else (manifest, [])


def _missing(field: str, loc: Location) -> Diagnostic:
    return ARK002(N_("manifest.json has no field {field}."), REBUILD, (field,), field=field
                  ).at(loc)


def _finding(err: Any, files_key: str, loc: Location) -> Diagnostic:
    """One of pydantic's errors as the ARK finding it stands for, at the field it names."""
    path = tuple(str(p) for p in err["loc"] if p != "[key]")
    field = ".".join(path)
    ctx = dict(err.get("ctx") or {})
    msgid = ctx.pop("msgid", None)
    in_files = len(path) >= 2 and path[0] == files_key
    params: dict[str, Any] = {"field": field, **ctx}
    if in_files:
        params.setdefault("name", path[1])
    if msgid is not None:
        code = ARK024 if err["type"] == "ark024" else ARK002
        return code(msgid, REBUILD, path, **params).at(loc)
    if len(path) == 1 and err["type"] == "missing":
        return _missing(path[0], loc)
    if in_files and path[-1] == "bytes":  # no size given
        return ARK002(N_("manifest.json gives the file {name} the size {value}; the size must "
                         "be a whole number of bytes."), REBUILD, path,
                      **(params | {"value": "null"})).at(loc)
    if in_files:  # no hash given, or no object with sha256 and bytes at all
        sha_path = (*path[:2], "sha256")
        return ARK002(N_("The field {field} in manifest.json must be a SHA-256 hash: 64 "
                         "hexadecimal characters."), REBUILD, sha_path,
                      field=".".join(sha_path)).at(loc)
    if err["type"] == "missing":
        return ARK002(N_("manifest.json has no field {field}."), REBUILD, path, field=field
                      ).at(loc)
    return ARK002(N_("The field {field} in manifest.json is not what a manifest of pulje "
                     "holds there."), REBUILD, path, field=field).at(loc)


def _documents_agree(manifest: Manifest, loc: Location) -> list[Diagnostic]:
    """Every file a document names must be one of the package's files, with that hash."""
    listed = {f.name: f.sha256 for f in manifest.files}
    out: list[Diagnostic] = []
    if manifest.format == FORMAT_V1:
        return out
    for index, document in enumerate(manifest.raw.get("dokumenter") or []):
        for name, sha in document["filer"].items():
            if listed.get(name) != sha.lower():
                out.append(ARK002(
                    N_("The document {document} in manifest.json names the file {name}, which "
                       "the manifest's list of files does not hold with that SHA-256."),
                    REBUILD, ("dokumenter", str(index), "filer", name),
                    document=document["id"], name=name,
                ).at(loc))
    return out
