"""A YAML syntax error as one Danish finding (SCH001) that names the real cause, at the place the
user must fix — never PyYAML's English text.

The parser says where it gave up; a beginner's mistake usually lies earlier. The common ones are
recognised from the error and the lines around it: text on the same line as ``|``, block text
not indented, a quote never closed (reported where it opens), a tab for indentation, a missing
space after ``:``, text after a closing quote, a list or ``{…}`` never closed. Every other error
gets a short message from a table of libyaml's problems, or a general one.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from pulje.diagnostics import N_, Diagnostic, Location
from pulje.diagnostics.wording import shorten
from pulje.yamlsource import codes

HINT = N_("Check indentation and quotes around this line.")

# key:value without the space YAML needs (not a time such as 10:30, not a URL such as http://)
_NO_SPACE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_ÆØÅæøå][\w-]*):([^\s:/][^\n]*)$")
MAX_KEY = 1024  # YAML's longest implicit key
_KEY_LINE = re.compile(r"^\s*(?:-\s+)?[\w\"'-]+:(\s|$)")
_BLOCK_HEAD = re.compile(r"^(\s*)(?:-\s+)?([^\s#][^#]*?):\s*[|>][-+0-9]*\s*(?:#.*)?$")

#: libyaml's (and PyYAML's) problems, by a part of their text, with pulje's message.
PROBLEMS: tuple[tuple[str, str], ...] = (
    ("nesting depth", N_("The file nests far too deep (brackets or indentation).")),
    ("tab character", N_("A tab character is not allowed here; YAML indents with spaces.")),
    ("mapping values are not allowed", N_(
        "A colon is not allowed here (a text containing ': ' must be put in quotes).")),
    ("could not find expected ':'", N_("A key is missing its colon.")),
    ("found undefined alias", N_("An alias (*name) refers to no anchor.")),
    ("found unexpected end of stream", N_("The file ends in the middle of a value.")),
    ("found unknown escape character", N_("Unknown escape sequence in a quoted text.")),
    ("hexdecimal number", N_("Unknown escape sequence in a quoted text.")),
    ("Unicode character escape", N_("Unknown escape sequence in a quoted text.")),
    ("did not find expected key", N_("The indentation does not match the lines above.")),
    ("did not find expected '-' indicator", N_(
        "A list item ('- ') is indented differently from the lines above.")),
    ("block sequence entries are not allowed", N_(
        "A list item ('- ') is indented differently from the lines above.")),
    ("expected <block end>, but found '<block sequence start>'", N_(
        "A list item ('- ') is indented differently from the lines above.")),
    ("found unexpected ':'", N_("An unexpected colon.")),
    ("did not find expected ',' or ']'", N_("A list in [ ] is not closed with ']'.")),
    ("did not find expected ',' or '}'", N_("A section in curly brackets is not closed.")),
    ("did not find expected node content", N_("A value is missing here.")),
    ("document", N_(
        "A line '---' or '...' ends the application here; the rest cannot be read.")),
    ("indentation indicator", N_("After '|' only '-' or '+' may follow on the same line.")),
    ("tag", N_("A value beginning with '!' must be put in quotes.")),
    ("alphabetic or numeric character", N_(
        "A value beginning with '&' or '*' must be put in quotes.")),
    ("directive", N_("A line beginning with '%' must be put in quotes.")),
    ("special characters are not allowed", N_(
        "The file contains a control character that is not allowed.")),
    ("control characters are not allowed", N_(
        "The file contains a control character that is not allowed.")),
)


def yaml_error(exc: yaml.YAMLError, text: str, filename: str) -> Diagnostic:
    """The finding for a YAML error: SCH001 with a Danish message at the place to fix."""
    lines = text.split("\n")
    message, hint, params, (line, col) = _classify(exc, text, lines)
    return codes.SCH001(message, hint, **params).at(Location(filename, line, col))


def _mark(mark: Any) -> tuple[int, int] | None:
    return (mark.line + 1, mark.column + 1) if mark is not None else None


def _classify(
    exc: yaml.YAMLError, text: str, lines: list[str]
) -> tuple[str, str, dict[str, Any], tuple[int, int]]:
    problem = str(getattr(exc, "problem", "") or "")
    context = str(getattr(exc, "context", "") or "")
    at = _mark(getattr(exc, "problem_mark", None))
    start = _mark(getattr(exc, "context_mark", None))
    where = at or start or (1, 1)
    if isinstance(exc, yaml.reader.ReaderError):
        index = min(exc.position, len(text))
        before = text[:index]
        where = (before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1)
        return N_("The file contains a control character that is not allowed."), HINT, {}, where
    if "block scalar" in context and "comment or line break" in problem:
        return (
            N_("Text may not stand on the same line as '|' or '>'."),
            N_("Begin the text on the next line, indented two spaces more than its name."),
            {}, where,
        )
    if "quoted scalar" in context and start is not None and "escape" not in problem \
            and "hexdecimal" not in problem:
        quote = _char(lines, *start) or '"'
        return (
            N_("The quote {quote} opened here is never closed."),
            N_("Put the closing {quote} at the end of the text."), {"quote": quote}, start,
        )
    opened = _quote_left_open(lines, where)
    if opened is not None:
        quote = _char(lines, *opened)
        return (
            N_("The quote {quote} opened here is never closed."),
            N_("Put the closing {quote} at the end of the text."), {"quote": quote}, opened,
        )
    if _char(lines, *where) == "\t" or "tab character" in problem:
        return N_("A tab character is not allowed here; YAML indents with spaces."), N_(
            "Replace the tab with spaces."), {}, where
    if "expected ':'" in problem or "mapping values" in problem:
        line_text = lines[where[0] - 1] if 1 <= where[0] <= len(lines) else ""
        colon = line_text.find(": ")
        if colon > MAX_KEY or (colon < 0 and len(line_text) > MAX_KEY):
            return (
                N_("The text before ':' is longer than a name may be ({limit} characters)."),
                N_("A long text belongs after 'name: ', as the value."), {"limit": MAX_KEY},
                (where[0], 1),
            )
    found = _missing_space(lines, where, start)
    if found is not None:
        return found
    found = _unindented_block(lines, where, start)
    if found is not None:
        return found
    if "did not find expected key" in problem and _after_quote(lines, *where):
        return (
            N_("Text after the closing quote."),
            N_("Put the whole text inside the quotes, or remove them."), {}, where,
        )
    if "cannot start any token" in problem:
        char = _char(lines, *where)
        return (
            N_("A value may not begin with '{char}'."),
            N_("Put the text in quotes."), {"char": char}, where,
        )
    if start is not None and ("',' or ']'" in problem or "',' or '}'" in problem
                              or "simple key" in context):
        where = start  # an open bracket, or a key without its colon: where it begins
    for key, message in PROBLEMS:
        if key in problem:
            return message, HINT, {}, where
    return N_("The file is not valid YAML here."), HINT, {}, where


def _char(lines: list[str], line: int, col: int) -> str:
    if 1 <= line <= len(lines) and 1 <= col <= len(lines[line - 1]):
        return lines[line - 1][col - 1]
    return ""


_OPEN_QUOTE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s#'"][^#]*?:\s+)?(["'])""")


def _quote_left_open(lines: list[str], where: tuple[int, int]) -> tuple[int, int] | None:
    """A quote opened on an earlier line and never closed there: YAML runs the text on to
    the next quote (often the opening quote of a later value) and fails after it."""
    line, col = where
    if not 1 <= line <= len(lines):
        return None
    before = lines[line - 1][: col - 1]
    for quote in ('"', "'"):
        if before.count(quote) % 2 == 0:
            continue
        for number in range(line - 1, max(line - 50, 0), -1):
            text = lines[number - 1]
            match = _OPEN_QUOTE.match(text)
            if match is None or match.group(1) != quote:
                continue
            rest = text[match.end():].replace("\\" + quote, "").replace(quote * 2, "")
            if quote not in rest:
                return number, match.end()
            break  # the nearest quoted value above was closed on its line
    return None


def _after_quote(lines: list[str], line: int, col: int) -> bool:
    if not 1 <= line <= len(lines):
        return False
    before = lines[line - 1][: col - 1].rstrip()
    return before.endswith(('"', "'"))


def _missing_space(
    lines: list[str], where: tuple[int, int], start: tuple[int, int] | None
) -> tuple[str, str, dict[str, Any], tuple[int, int]] | None:
    """'name:value': the line the parser stopped at, where it began, or the lines just above."""
    first = min(where[0], start[0] if start else where[0])
    for number in range(where[0], max(first - 2, 0), -1):
        if not 1 <= number <= len(lines):
            continue
        match = _NO_SPACE.match(lines[number - 1])
        if match is None:
            continue
        key = match.group(2)
        col = len(match.group(1)) + len(key) + 1
        return (
            N_("A space is missing after the colon in '{text}'."),
            N_("Write '{key}: {value}' (a space after ':')."),
            {"text": _cut(lines[number - 1].strip()), "key": key.strip(),
             "value": _cut(match.group(3).strip(), 30)},
            (number, col),
        )
    return None


def _unindented_block(
    lines: list[str], where: tuple[int, int], start: tuple[int, int] | None
) -> tuple[str, str, dict[str, Any], tuple[int, int]] | None:
    """'name: |' followed by text no further right than the name."""
    first = start[0] if start else where[0]
    number = first - 1
    while number >= 1 and lines[number - 1].strip() and not _BLOCK_HEAD.match(
        lines[number - 1]
    ) and number > first - 30:
        number -= 1
    while number >= 1 and not lines[number - 1].strip():
        number -= 1
    if number < 1:
        return None
    head = _BLOCK_HEAD.match(lines[number - 1])
    if head is None:
        return None
    text_line = number + 1
    while text_line <= len(lines) and not lines[text_line - 1].strip():
        text_line += 1
    if text_line > len(lines):
        return None
    text = lines[text_line - 1]
    indent = len(text) - len(text.lstrip(" "))
    if indent > len(head.group(1)) or text_line > first or _KEY_LINE.match(text):
        return None  # indented, after the error, or the next key (an empty text): not this
    return (
        N_("The text under '{key}: |' must be indented further than '{key}'."),
        N_("Indent every line of the text by two more spaces than '{key}'."),
        {"key": head.group(2).strip()}, (text_line, indent + 1),
    )


def _cut(text: str, limit: int = 60) -> str:
    return shorten(text, limit)
