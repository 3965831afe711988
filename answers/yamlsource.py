"""Read a YAML file into plain Python values plus a map from every value's path to file:line:col.

PyYAML's composer keeps the position of every node; we build the values ourselves from the
node tree so that each key and value keeps its place, duplicate keys are caught (PyYAML keeps
the last one silently), floats become exact ``Decimal``s and alias bombs are bounded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path as FsPath
from typing import Any

import yaml

from answers import codes
from diagnostics import N_, Diagnostic, Location, Path
from diagnostics.errors import UnreadableInput
from schemas.types import XML_ILLEGAL

try:  # the C parser is several times faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_NODES = 200_000  # far above any real answer file; stops "billion laughs" alias bombs
MAX_BYTES = 20_000_000
_FLOAT_TAG = "tag:yaml.org,2002:float"
_STR_TAG = "tag:yaml.org,2002:str"


@dataclass
class SourceMap:
    """Where each path of a document stands in its file (1-based line and column)."""

    file: str
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

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


@dataclass
class YamlDocument:
    data: Any
    source: SourceMap
    diagnostics: list[Diagnostic]


def read_file(path: FsPath) -> bytes:
    """The bytes of a file, or ``UnreadableInput`` with a Danish message."""
    try:
        if path.is_dir():
            raise UnreadableInput(
                N_("{file} is a folder, not a file."), N_("Give the path of an answer file."),
                file=str(path),
            )
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UnreadableInput(
                N_("{file} is {size} bytes: too large for an answer file."),
                N_("Check that you gave the right file."), file=str(path), size=size,
            )
        return path.read_bytes()
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
            N_("{file} could not be read: {reason}"), "", file=str(path), reason=exc.strerror
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


_YAML_PROBLEMS = {
    "found a tab character": N_(
        "A tab character is not allowed here; YAML indents with spaces."
    ),
    "found character '\\t' that cannot start any token": N_(
        "A tab character is not allowed here; YAML indents with spaces."
    ),
    "mapping values are not allowed": N_(
        "A colon is not allowed here (a text containing ': ' must be put in quotes)."
    ),
    "could not find expected ':'": N_("A key is missing its colon."),
    "found undefined alias": N_("An alias (*name) refers to no anchor."),
    "found unexpected end of stream": N_("The file ends in the middle of a value."),
    "found unknown escape character": N_("Unknown escape sequence in a quoted text."),
    "did not find expected key": N_("The indentation does not match the lines above."),
    "did not find expected '-' indicator": N_(
        "A list item ('- ') is indented differently from the lines above."
    ),
    "expected <block end>, but found '<block sequence start>'": N_(
        "A list item ('- ') is indented differently from the lines above."
    ),
    "found unexpected ':'": N_("An unexpected colon."),
    "special characters are not allowed": N_(
        "The file contains a control character that is not allowed."
    ),
}


def _yaml_error(exc: yaml.YAMLError, text: str, filename: str) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = str(getattr(exc, "problem", "") or exc)
    if isinstance(exc, yaml.reader.ReaderError):
        problem = "special characters are not allowed"
        line, col = _line_col_of_char(text, exc.position)
    else:
        # A quote or key left open is reported where the scanner gave up (often the end of
        # the file); where it began is what the user must fix.
        context = str(getattr(exc, "context", "") or "")
        start = getattr(exc, "context_mark", None)
        if start is not None and context.startswith("while scanning a"):
            mark = start
        line = mark.line + 1 if mark is not None else 1
        col = mark.column + 1 if mark is not None else 1
        at = _char_at(text, line, col)
        if at == "\t" and "cannot start any token" in problem:
            problem = "found character '\\t' that cannot start any token"
    msgid = next((m for key, m in _YAML_PROBLEMS.items() if key in problem), None)
    if msgid is None:
        return codes.SCH001(
            N_("The file is not valid YAML: {problem}."),
            N_("Check indentation and quotes around this line."),
            problem=problem,
        ).at(Location(filename, line, col))
    return codes.SCH001(msgid, N_("Check indentation and quotes around this line.")).at(
        Location(filename, line, col)
    )


def _char_at(text: str, line: int, col: int) -> str:
    lines = text.split("\n")
    if 1 <= line <= len(lines) and 1 <= col <= len(lines[line - 1]):
        return lines[line - 1][col - 1]
    return ""


def _line_col_of_char(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def parse(text: str, filename: str) -> YamlDocument:
    """Parse YAML text; every problem becomes a diagnostic, never an exception."""
    source = SourceMap(filename)
    bad = XML_ILLEGAL.search(text)
    if bad:
        line, col = _line_col_of_char(text, bad.start())
        diag = codes.SCH002(
            N_("The character U+{codepoint} cannot be part of a Word document."),
            N_("Delete the invisible character (often pasted in from another program)."),
            codepoint=f"{ord(bad.group()):04X}",
        ).at(Location(filename, line, col))
        return YamlDocument(None, source, [diag])
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.composer.ComposerError as exc:
        if "expected a single document" in str(exc):
            mark = exc.problem_mark
            return YamlDocument(None, source, [codes.SCH001(
                N_("The file holds more than one YAML document ('---')."),
                N_("Keep one application per file."),
            ).at(Location(filename, (mark.line + 1) if mark else 1, 1))])
        return YamlDocument(None, source, [_yaml_error(exc, text, filename)])
    except yaml.YAMLError as exc:
        return YamlDocument(None, source, [_yaml_error(exc, text, filename)])
    if node is None:
        return YamlDocument(None, source, [])
    builder = _Builder(source)
    data = builder.build(node, ())
    return YamlDocument(data, source, builder.diagnostics)


class _TooLarge(Exception):
    pass


class _Builder:
    def __init__(self, source: SourceMap) -> None:
        self.source = source
        self.diagnostics: list[Diagnostic] = []
        self.nodes = 0
        self.stack: set[int] = set()
        self.constructor = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: Path) -> Any:
        try:
            return self._build(node, path)
        except _TooLarge:
            self.diagnostics.append(codes.SCH001(
                N_("The file nests too deep or expands to more than {limit} values (aliases?)."),
                N_("Remove the anchors (&) and aliases (*)."), limit=MAX_NODES,
            ).at(self.source.locate(path)))
            return None

    def _mark(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def _build(self, node: yaml.Node, path: Path) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES or id(node) in self.stack or len(path) > 50:
            raise _TooLarge
        self.source.values.setdefault(path, self._mark(node))
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            self.stack.add(id(node))
            try:
                return self._collection(node, path)
            finally:
                self.stack.discard(id(node))
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node, path)

    def _collection(self, node: yaml.Node, path: Path) -> Any:
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            seen: dict[Any, yaml.Node] = {}
            for key_node, value_node in node.value:
                key = (
                    self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
                )
                if key is None or isinstance(key, list | dict) or key_node.tag == _FLOAT_TAG:
                    self.diagnostics.append(codes.SCH001(
                        N_("A key must be a name or a year."), N_("Write 'name: value'."),
                    ).at(Location(self.source.file, *self._mark(key_node))))
                    continue
                if key in seen:
                    first = seen[key].start_mark.line + 1
                    self.diagnostics.append(codes.SCH007(
                        N_("The key '{key}' appears twice (first on line {first})."),
                        N_("Delete one of them; otherwise only the last is used."),
                        key=key, first=first,
                    ).at(Location(self.source.file, *self._mark(key_node))))
                seen[key] = key_node
                child = (*path, key)
                self.source.keys[child] = self._mark(key_node)
                out[key] = self._build(value_node, child)
            return out
        return [self._build(item, (*path, i)) for i, item in enumerate(node.value)]

    def _scalar(self, node: yaml.ScalarNode, path: Path | None = None) -> Any:
        if node.tag == _FLOAT_TAG:
            try:
                return Decimal(node.value.replace("_", ""))
            except InvalidOperation:
                return node.value  # .inf / .nan: the schema refuses it with its place
        if node.tag == _STR_TAG or not node.tag.startswith("tag:yaml.org,2002:"):
            return self._text(node) if path is not None else node.value
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError:
            return node.value

    def _text(self, node: yaml.ScalarNode) -> str:
        """A string value; characters Word cannot hold are reported once and removed."""
        value: str = node.value
        bad = XML_ILLEGAL.search(value)
        if bad:
            self.diagnostics.append(codes.SCH002(
                N_("The character U+{codepoint} cannot be part of a Word document."),
                N_("Delete the invisible character (often pasted in from another program)."),
                codepoint=f"{ord(bad.group()):04X}",
            ).at(Location(self.source.file, *self._mark(node))))
            value = XML_ILLEGAL.sub("", value)
        return value
