"""Read a YAML file into plain Python values plus a map from every value's path to file:line:col.

The values are built straight from the parser's events (no node tree, no PyYAML constructor), so
that:

- each key and value keeps its place, and duplicate keys are caught (PyYAML keeps the last one
  silently);
- the work is bounded: at most ``MAX_NODES`` values (aliases count what they expand to) and
  ``MAX_DEPTH`` levels are read, and reading stops there, so a 20 MB file of tiny values or an
  alias bomb costs little time and memory;
- scalars are resolved safely: null, yes/no, whole numbers (at most ``MAX_DIGITS`` digits) and
  decimals (exact ``Decimal``) as YAML 1.1 resolves them; everything else, dates and times
  included, stays the text as written, for the schema's types to parse and refuse with a
  place. An explicit tag (``!!int``, ``!!timestamp``, ``!!python/…``) is ignored (SCH010).
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path as FsPath
from typing import Any

import yaml

from pulje.diagnostics import N_, Diagnostic, Location, Path
from pulje.diagnostics.errors import UnreadableInput
from pulje.yamlsource import codes
from pulje.yamlsource.errors import yaml_error

# Characters Word's XML cannot hold (XML 1.0 allows only tab, LF and CR below 0x20): the
# reader refuses them (SCH002), the answer types and the document writers keep them out.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

try:  # the C parser is several times faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_NODES = 100_000  # far above any real answer file (the example has ~700 values)
MAX_DEPTH = 50
MAX_BYTES = 20_000_000
MAX_DIGITS = 30  # a whole number with more digits is kept as text (Python refuses > 4300)
MAX_EXPONENT = 30  # a decimal beyond 10^±30 is kept as text: no answer is that large or small

_TAG = "tag:yaml.org,2002:"
_NULL, _BOOL, _INT, _FLOAT, _STR = (_TAG + k for k in ("null", "bool", "int", "float", "str"))
_TRUE = {"yes", "true", "on"}


@dataclass
class SourceMap:
    """Where each path of a document stands in its file (1-based line and column)."""

    file: str
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    #: where each mapping ends (the position after its last entry) and its entries' column
    ends: dict[Path, tuple[int, int]] = field(default_factory=dict)
    _children: dict[Path, list[str | int]] | None = field(default=None, repr=False)

    def locate(self, path: Path, *, key: bool = False) -> Location:
        """The place of ``path``, or of its nearest ancestor that is in the file."""
        probe = tuple(path)
        while True:
            table = self.keys if key and probe in self.keys else self.values
            if probe in table:
                line, col = table[probe]
                return Location(self.file, line, col)
            if probe in self.keys:
                line, col = self.keys[probe]
                return Location(self.file, line, col)
            if not probe:
                return Location(self.file, 1, 1)
            probe = probe[:-1]

    def has(self, path: Path) -> bool:
        return tuple(path) in self.values

    def children(self, parent: Path) -> list[str | int]:
        """The keys the file has in the mapping at ``parent``, in the file's order."""
        if self._children is None:
            self._children = {}
            for key in self.keys:
                self._children.setdefault(key[:-1], []).append(key[-1])
        return self._children.get(tuple(parent), [])

    def insertion(self, parent: Path, later: list[str | int]) -> Location:
        """Where a key missing from the mapping at ``parent`` belongs: before the first of
        ``later`` (the keys that follow it in the form) that the file has, else after the
        mapping's last entry."""
        for name in later:
            where = self.keys.get((*parent, name))
            if where is not None:
                return Location(self.file, where[0], where[1])
        end = self.ends.get(tuple(parent))
        if end is not None:
            return Location(self.file, end[0], end[1])
        return self.locate(parent)


@dataclass
class YamlDocument:
    data: Any
    source: SourceMap
    diagnostics: list[Diagnostic]


def read_file(path: FsPath) -> bytes:
    """The bytes of a regular file, or ``UnreadableInput`` with a Danish message.

    Folders, devices and FIFOs are refused without being opened; at most ``MAX_BYTES`` are
    read, whatever size the file claims."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableInput(
                N_("{file} is a folder, not a file."), N_("Give the path of an answer file."),
                file=str(path),
            )
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableInput(
                N_("{file} is not a regular file (a device, a pipe or a socket)."),
                N_("Give the path of an answer file."), file=str(path),
            )
        if info.st_size > MAX_BYTES:
            raise UnreadableInput(
                N_("{file} is {size} bytes: too large for an answer file."),
                N_("Check that you gave the right file."), file=str(path), size=info.st_size,
            )
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise UnreadableInput(
                N_("{file} is {size} bytes: too large for an answer file."),
                N_("Check that you gave the right file."), file=str(path), size=len(raw),
            )
        return raw
    except FileNotFoundError:
        raise UnreadableInput(
            N_("The file {file} does not exist."), N_("Check the name and the folder."),
            file=str(path),
        ) from None
    except PermissionError:
        raise UnreadableInput(
            N_("pulje may not read {file}."), N_("Check the file's permissions."),
            file=str(path),
        ) from None
    except OSError as exc:
        raise UnreadableInput(
            N_("{file} could not be read: {reason}"), "", file=str(path),
            reason=exc.strerror or type(exc).__name__,
        ) from None


def decode(raw: bytes, filename: str) -> tuple[str | None, list[Diagnostic]]:
    """UTF-8 text (a BOM is allowed), or a diagnostic at the first byte that is not UTF-8."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        diag = codes.SCH005(
            N_("The file is not UTF-8 text (byte 0x{byte} cannot be read)."),
            N_("Save the file as UTF-8 (in Notepad: 'Save as' → Encoding: UTF-8)."),
            byte=f"{raw[exc.start]:02X}",
        ).at(Location(filename, line, col))
        return None, [diag]


def line_col_of_char(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def parse(text: str, filename: str) -> YamlDocument:
    """Parse YAML text; every problem becomes a diagnostic, never an exception."""
    source = SourceMap(filename)
    bad = XML_ILLEGAL.search(text)
    if bad:
        line, col = line_col_of_char(text, bad.start())
        diag = codes.SCH002(
            N_("The character U+{codepoint} cannot be part of a Word document."),
            N_("Delete the invisible character (often pasted in from another program)."),
            codepoint=f"{ord(bad.group()):04X}",
        ).at(Location(filename, line, col))
        return YamlDocument(None, source, [diag])
    loader = _Loader(text)
    builder = _Builder(source, loader, text)
    try:
        data = builder.document(loader)
    except yaml.YAMLError as exc:
        return YamlDocument(None, source, [yaml_error(exc, text, filename)])
    except _Stop as stop:
        return YamlDocument(None, source, [*builder.diagnostics, stop.diagnostic])
    finally:
        loader.dispose()
    return YamlDocument(data, source, builder.diagnostics)


# --- building values from events ---------------------------------------------------------


class _Stop(Exception):
    """Reading stops here: the diagnostic says why (too large, too deep, a bad alias …)."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


_SKIP = object()  # the value of a key that cannot be used: built (to read past it), then dropped
# Tuples built once: ``A | B`` in an isinstance call makes a new union on every event.
_STARTS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


@dataclass
class _Frame:
    """A mapping or sequence being read."""

    value: dict[Any, Any] | list[Any]
    path: Path
    anchor: str | None
    size: int = 1
    key: Any = None  # a mapping's key waiting for its value (``_SKIP``: drop the value)
    has_key: bool = False
    seen: dict[Any, int] = field(default_factory=dict)
    empty_block: bool = False  # the last value was an empty block text ('key: |' + nothing)
    col: int | None = None  # the column of a mapping's keys
    last: tuple[int, int, int] | None = None  # where its last value ends (line, col, index)


def _mark(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _end(event: Any) -> tuple[int, int, int]:
    return event.end_mark.line, event.end_mark.column, event.end_mark.index


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


class _Builder:
    def __init__(self, source: SourceMap, loader: Any, text: str) -> None:
        self.source = source
        self.resolve = loader.resolve
        self.text = text
        self.diagnostics: list[Diagnostic] = []
        self.nodes = 0
        self.anchors: dict[str, tuple[Any, int] | None] = {}  # None: still being read
        self.stack: list[_Frame] = []

    def _at(self, event: Any) -> Location:
        return Location(self.source.file, *_mark(event))

    def document(self, loader: Any) -> Any:
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            return None
        loader.get_event()  # document start
        root = self._node(loader)
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            event = loader.peek_event()
            raise _Stop(codes.SCH001(
                N_("The file holds more than one YAML document ('---')."),
                N_("Keep one application per file."),
            ).at(Location(self.source.file, event.start_mark.line + 1, 1)))
        return root

    def _node(self, loader: Any) -> Any:
        """Read one whole node (iteratively: depth is bounded, not Python's stack)."""
        result: Any = None
        done = False
        while not done:
            event = loader.get_event()
            path = self._child_path()
            if isinstance(event, _STARTS):
                self._count(event, path, 1)
                if len(self.stack) >= MAX_DEPTH:
                    raise _Stop(codes.SCH001(
                        N_("The file nests deeper than {limit} levels."),
                        N_("Check the indentation and the brackets around this line."),
                        limit=MAX_DEPTH,
                    ).at(self._at(event)))
                self._tag_warning(event)
                is_map = isinstance(event, yaml.MappingStartEvent)
                frame = _Frame({} if is_map else [], path, event.anchor)
                if event.anchor is not None:
                    self.anchors[event.anchor] = None
                self.stack.append(frame)
                continue
            if isinstance(event, _ENDS):
                frame = self.stack.pop()
                if isinstance(frame.value, dict) and frame.last is not None:
                    line = self._line_after(frame.last)
                    self.source.ends[frame.path] = (line, frame.col or _mark(event)[1])
                if frame.anchor is not None:
                    self.anchors[frame.anchor] = (frame.value, frame.size)
                value, size, end = frame.value, frame.size, frame.last or _end(event)
            elif isinstance(event, yaml.AliasEvent):
                value, size = self._alias(event)
                self._count(event, path, size)
                end = _end(event)
            else:
                assert isinstance(event, yaml.ScalarEvent)
                self._count(event, path, 1)
                value, size = self._scalar(event), 1
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, 1)
                end = _end(event)
            if not self.stack:
                result, done = value, True
            else:
                self.stack[-1].last = end
                self._add(self.stack[-1], value, size, event)
        return result

    def _line_after(self, end: tuple[int, int, int]) -> int:
        """The 1-based line after the last line with content up to ``end`` (a value's end:
        blank lines and comments after it, which block texts take in, are left out)."""
        line, col, index = end
        if col > 0:
            return line + 2
        pos, last = index - 1, line - 1  # the line break that ends line ``last`` (0-based)
        while last > 0:
            start = self.text.rfind("\n", 0, pos) + 1
            content = self.text[start:pos].strip()
            if content and not content.startswith("#"):
                break
            pos, last = start - 1, last - 1
        return last + 2

    def _child_path(self) -> Path:
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.value, list):
            return (*top.path, len(top.value))
        if top.has_key and top.key is not _SKIP:
            return (*top.path, top.key)
        return (*top.path, "\0key")  # a key itself, or a dropped value: not mapped

    def _count(self, event: Any, path: Path, size: int) -> None:
        self.nodes += size
        if self.nodes > MAX_NODES:
            raise _Stop(codes.SCH001(
                N_("The file holds more than {limit} values (or expands to more through "
                   "aliases): far more than an application."),
                N_("Check that this is the right file; remove anchors (&) and aliases (*)."),
                limit=MAX_NODES,
            ).at(self._at(event)))
        if "\0key" not in path:
            self.source.values.setdefault(path, _mark(event))

    def _alias(self, event: Any) -> tuple[Any, int]:
        if event.anchor not in self.anchors:
            raise _Stop(codes.SCH001(
                N_("An alias (*name) refers to no anchor."),
                N_("Check indentation and quotes around this line."),
            ).at(self._at(event)))
        target = self.anchors[event.anchor]
        if target is None:
            raise _Stop(codes.SCH001(
                N_("An alias (*{name}) refers to the section it stands in."),
                N_("Remove the anchors (&) and aliases (*)."), name=event.anchor,
            ).at(self._at(event)))
        return target

    def _add(self, frame: _Frame, value: Any, size: int, event: Any) -> None:
        frame.size += size
        if isinstance(frame.value, list):
            frame.value.append(value)
            return
        if not frame.has_key:
            frame.key = self._key(frame, value, event)
            frame.has_key = True
            return
        if frame.key is not _SKIP:
            frame.value[frame.key] = value
        frame.empty_block = (
            isinstance(event, yaml.ScalarEvent) and event.style in ("|", ">") and value == ""
        )
        frame.has_key, frame.key = False, None

    def _key(self, frame: _Frame, key: Any, event: Any) -> Any:
        mark = _mark(event)
        if isinstance(event, yaml.ScalarEvent) and not isinstance(key, (int, str)):
            key = event.value  # yes, null, 1.5 as a key: the name as written
        elif isinstance(key, bool):
            key = event.value
        if not isinstance(event, yaml.ScalarEvent) or key == "":
            self.diagnostics.append(codes.SCH001(
                N_("A key must be a name or a year."), N_("Write 'name: value'."),
            ).at(self._at(event)))
            return _SKIP
        if frame.empty_block and isinstance(key, str) and len(key.split()) > 1:
            # 'svar: |' followed by text as far left as 'svar': YAML reads the text as a key.
            self.diagnostics.append(codes.SCH001(
                N_("The text under '|' must be indented further than its name."),
                N_("Indent every line of the text by two more spaces than the name above "
                   "it."),
            ).at(self._at(event)))
            return _SKIP
        if key in frame.seen:
            self.diagnostics.append(codes.SCH007(
                N_("The key '{key}' appears twice (first on line {first})."),
                N_("Delete one of them; otherwise only the last is used."),
                key=key, first=frame.seen[key],
            ).at(self._at(event)))
        frame.seen[key] = mark[0]
        frame.col = frame.col or mark[1]
        self.source.keys[(*frame.path, key)] = mark
        return key

    def _tag_warning(self, event: Any) -> str | None:
        """The explicit tag of a node, reported (SCH010) unless it only says "text"."""
        tag: str | None = event.tag
        if tag is not None and tag not in ("!", _STR):
            self.diagnostics.append(codes.SCH010(
                N_("The YAML tag '{tag}' is ignored: pulje reads the value as it is written."),
                N_("Remove '{tag}'. To keep a value as text, put it in quotes."),
                tag=_short_tag(tag),
            ).at(self._at(event)))
        return tag

    def _scalar(self, event: Any) -> Any:
        tag = self._tag_warning(event)
        text: str = event.value
        plain = event.style in (None, "")
        if tag in ("!", _STR) or not plain:
            return self._text(event, text)
        resolved = self.resolve(yaml.ScalarNode, text, (True, False))
        if resolved == _NULL:
            return None
        if resolved == _BOOL:
            return text.lower() in _TRUE
        if resolved == _INT:
            return _whole(text)
        if resolved == _FLOAT:
            return _decimal(text)
        return self._text(event, text)  # str, and dates and times as written

    def _text(self, event: Any, value: str) -> str:
        """A string value; characters Word cannot hold are reported once and removed."""
        bad = XML_ILLEGAL.search(value)
        if bad:
            self.diagnostics.append(codes.SCH002(
                N_("The character U+{codepoint} cannot be part of a Word document."),
                N_("Delete the invisible character (often pasted in from another program)."),
                codepoint=f"{ord(bad.group()):04X}",
            ).at(self._at(event)))
            value = XML_ILLEGAL.sub("", value)
        return value


def _whole(text: str) -> int | str:
    """A YAML 1.1 integer (decimal, 0b, 0x, 0-octal, base 60); too many digits: the text."""
    digits = text.replace("_", "")
    sign = -1 if digits.startswith("-") else 1
    digits = digits.lstrip("+-")
    if len(digits) > MAX_DIGITS:
        return text
    if digits == "0":
        return 0
    if digits.startswith("0b"):
        return sign * int(digits[2:], 2)
    if digits.startswith("0x"):
        return sign * int(digits[2:], 16)
    if digits.startswith("0"):
        return sign * int(digits, 8)
    if ":" in digits:
        value = 0
        for part in digits.split(":"):
            value = value * 60 + int(part)
        return sign * value
    return sign * int(digits)


def _decimal(text: str) -> Decimal | str:
    """An exact ``Decimal``; .inf, .nan, base 60 or an absurd exponent: the text."""
    try:
        value = Decimal(text.replace("_", ""))
    except InvalidOperation:
        return text
    if not value.is_finite() or (value and abs(value.adjusted()) > MAX_EXPONENT):
        return text
    return value


def plain_number(text: str) -> int | Decimal | str:
    """A plain scalar of decimal digits (``-12``, ``3.50``, no leading zero) as ``parse``
    reads it: a whole number, an exact ``Decimal``, or the text when it is too long."""
    return _decimal(text) if "." in text else _whole(text)
