"""Load an answer file: YAML → pool → schema model, every problem a diagnostic with its place."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path as FsPath
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from pulje.answers import codes
from pulje.answers.foreign import refuse_foreign
from pulje.diagnostics import N_, NP_, Diagnostic, Hint, Location, Path, Plural, dotted
from pulje.diagnostics.errors import PuljeError
from pulje.diagnostics.wording import shorten
from pulje.pools import Pool, Runde, load_pool
from pulje.yamlsource import SourceMap, YamlDocument, decode, parse, read_file
from schemas.common import Application
from schemas.introspect import model_in
from schemas.kinds import all_messages


@dataclass
class LoadedApplication:
    """An answer file as far as it could be read.

    ``model`` is the whole answer file, or None when the schema found errors. Then ``partial``
    holds the sections that loaded, with the sections in ``failed`` left empty, so that the
    rules can still check the rest; ``failed`` maps each such section to the key it stands
    under in the file (a misspelt section name: the misspelling)."""

    file: str
    source: SourceMap
    diagnostics: list[Diagnostic] = field(default_factory=list)
    model: Application | None = None
    pool: Pool | None = None
    runde: Runde | None = None
    data: Any = None
    partial: Application | None = None
    failed: dict[str, str] = field(default_factory=dict)

    def locate(self, path: Path) -> Location:
        """The place of ``path`` in the file; for a key the file lacks, where it belongs:
        before the key that follows it in the form, else after the last line of its section."""
        model = self.model or self.partial
        for depth in range(1, len(path) + 1):
            prefix = tuple(path[:depth])
            if self.source.has(prefix) or prefix in self.source.keys:
                continue
            parent = prefix[:-1]
            if parent not in self.source.ends:
                break  # not a mapping in the file: its own line is the place
            names: list[str | int] = (
                list(_fields_at(type(model), parent)) if model is not None else []
            )
            if prefix[-1] in names:
                later = names[names.index(prefix[-1]) + 1:]
            else:  # a key of a table (a month, a year): before the first that sorts after it
                later = [k for k in self.source.children(parent) if str(k) > str(prefix[-1])]
            return self.source.insertion(parent, later)
        return self.source.locate(path)


def load_application(path: FsPath, *, display_name: str | None = None) -> LoadedApplication:
    """Read and validate the form of an answer file. Raises only ``UnreadableInput`` (also for
    a Word, PDF or spreadsheet file given in its place)."""
    name = display_name or str(path)
    raw = read_file(path)
    refuse_foreign(raw, path, name)
    text, diags = decode(raw, name)
    if text is None:
        return LoadedApplication(name, SourceMap(name), diags)
    return load_text(text, name)


def load_text(text: str, name: str) -> LoadedApplication:
    return load_document(parse(text, name), name)


def load_data(data: dict[str, Any], name: str) -> LoadedApplication:
    """Answers as ``parse`` reads them (``answerfile.read_back``), loaded as from a file with
    no places of its own: findings are at the file (a caller locates them itself)."""
    return load_document(YamlDocument(data, SourceMap(name), []), name)


def load_document(doc: YamlDocument, name: str) -> LoadedApplication:
    """A parsed answer file, loaded: its pool, round and model."""
    result = LoadedApplication(name, doc.source, list(doc.diagnostics), data=doc.data)
    if doc.data is None and not doc.diagnostics:
        result.diagnostics.append(codes.SCH008(
            N_("The file is empty."),
            N_("Start from 'pulje init POOL -o FILE', which writes every question."),
        ).at(doc.source.locate(())))
    if doc.data is None:
        return result
    if not isinstance(doc.data, dict):
        result.diagnostics.append(codes.SCH008(
            N_("The file is not an answer file: it must consist of 'name: value' lines."),
            N_("Start from 'pulje init POOL -o FILE', which writes every question."),
        ).at(doc.source.locate(())))
        return result
    pool = _pool_of(doc, result)
    if pool is None or result.runde is None:
        return result
    model_cls = result.runde.answer_model
    try:
        result.model = model_cls.model_validate(doc.data)
    except ValidationError as exc:
        result.diagnostics.extend(schema_diagnostics(exc, model_cls, doc.source))
        _load_partial(result, exc, model_cls, doc.data)
    return result


def _load_partial(
    result: LoadedApplication, exc: ValidationError, model: type[Application],
    data: dict[Any, Any],
) -> None:
    """The sections without errors as a model of their own; the others left empty.

    A section is one top-level key of the answer file (a part of the form). An unknown
    top-level key close to a section's name the file lacks stands for that section.
    """
    sections = list(model.model_fields)
    for err in exc.errors():
        path, _ = _clean_loc(err["loc"])
        if not path:
            return  # the file as a whole is wrong: nothing can be checked
        head = str(path[0])
        if head in model.model_fields:
            result.failed.setdefault(head, head)
        elif len(path) == 1 and err["type"] == "extra_forbidden":
            missing = [s for s in sections if s not in data]
            import difflib  # only for a misspelling: a good file does not load it

            guess = difflib.get_close_matches(head, missing, n=1, cutoff=0.6)
            if guess:
                result.failed.setdefault(guess[0], head)
    kept = {k: v for k, v in data.items() if k in model.model_fields and k not in result.failed}
    try:
        result.partial = model.model_validate(kept)
    except ValidationError:  # a schema whose sections depend on each other
        result.partial = None
    result.failed = {k: result.failed[k] for k in sections if k in result.failed}


def _pool_of(doc: YamlDocument, result: LoadedApplication) -> Pool | None:
    pool_id = doc.data.get("pulje")
    if not isinstance(pool_id, str) or not pool_id:
        result.diagnostics.append(codes.SCH004(
            N_("The file does not say which pool it applies to."),
            N_("Add a line 'pulje: <pool>' at the top (see 'pulje pools')."),
        ).at(doc.source.locate(())))
        return None
    try:
        pool = load_pool(pool_id)
        result.runde = pool.runde(_str_or_none(doc.data.get("runde")))
    except PuljeError as exc:
        key = "runde" if "round" in exc.message else "pulje"
        # what the user wrote is quoted short; the known pools and rounds are named whole
        params: dict[str, Any] = {
            k: _input_text(v) if isinstance(v, str) and k in ("pool", "round") else v
            for k, v in exc.params.items()
        }
        result.diagnostics.append(codes.SCH009(exc.message, exc.hint, **params).at(
            doc.source.locate((key,))
        ))
        return None
    result.pool = pool
    return pool


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


# --- pydantic errors → diagnostics -----------------------------------------------------------

#: What to do about a value that is not valid: in the answer file, the form or the workbook.
_CORRECT = Hint(N_("Correct the value of {field}."),
                word=N_("Correct the answer in the form."),
                excel=N_("Correct the value in {sheet}!{cell}."))

# The value types' errors that belong to no kind; the kinds name their own (``Kind.messages``,
# looked up when an error is met: ``pulje validate`` of a good file loads no other kind).
_VALUE_ERRORS = {
    "period_order": N_("The period ends before it begins."),
}


def value_error(code: str) -> str | None:
    """The msgid of a validation error's key (``money_ore``), or None."""
    return _VALUE_ERRORS.get(code) or all_messages().get(code)

_TYPE_ERRORS = {
    "int_parsing": N_("'{input}' is not a whole number."),
    "int_parsing_size": N_("'{input}' is not a whole number pulje can read (too many digits)."),
    "int_type": N_("This must be a whole number."),
    "int_from_float": N_("'{input}' is not a whole number."),
    "decimal_parsing": N_("'{input}' is not a number."),
    "decimal_type": N_("This must be a number."),
    "bool_parsing": N_("'{input}' is not yes or no; write ja or nej."),
    "bool_type": N_("This must be ja or nej."),
    "string_type": N_("This must be a text."),
    "dict_type": N_("This must be a section of 'name: value' lines."),
    "model_type": N_("This must be a section of 'name: value' lines."),
    "list_type": N_("This must be a list (lines beginning with '- ')."),
    "string_too_short": N_("This must not be empty."),
    "too_short": Plural(NP_("The list must have at least {min_length} item.",
                            "The list must have at least {min_length} items."), "min_length"),
    "greater_than_equal": N_("The value must be at least {ge}."),
    "less_than_equal": N_("The value must be at most {le}."),
    "greater_than": N_("The value must be greater than {gt}."),
    "less_than": N_("The value must be less than {lt}."),
    "date_from_datetime_parsing": N_("'{input}' is not a date; write YYYY-MM-DD."),
    "date_parsing": N_("'{input}' is not a date; write YYYY-MM-DD."),
    "date_type": N_("This must be a date (YYYY-MM-DD)."),
    "decimal_max_places": N_("At most {decimal_places} decimals are allowed."),
    "finite_number": N_("The value must be a finite number."),
    "decimal_max_digits": N_("'{input}' has too many digits."),
    "decimal_whole_digits": N_("'{input}' has too many digits."),
    "float_parsing": N_("'{input}' is not a number."),
    "float_type": N_("This must be a number."),
    "date_from_datetime_inexact": N_("'{input}' is not a date; write YYYY-MM-DD."),
    "set_type": N_("This must be a list (lines beginning with '- ')."),
}


_KEY_VALUE = re.compile(r"^[A-Za-z_ÆØÅæøå][\w-]*:\S")
_DASH_TEXT = re.compile(r"^-[^\s\d-]")


def _expected(text: str) -> str:
    """pydantic's list of allowed values without quotes, each once (an enum's aliases name a
    value twice: ``lokaler`` is ``husleje``)."""
    words = [w.strip().strip("'") for w in re.split(r",| or ", text) if w.strip()]
    unique = list(dict.fromkeys(words))
    if len(unique) < 2:
        return "".join(unique)
    return unique[0] if len(unique) == 1 else ", ".join(unique[:-1]) + " or " + unique[-1]


def _space_missing(kind: str, value: Any) -> tuple[str, str] | None:
    """'navn:værdi' where a section belongs, or '-tekst' where a list belongs: YAML read a
    text because a space is missing."""
    if not isinstance(value, str):
        return None
    if kind in ("dict_type", "model_type") and _KEY_VALUE.match(value):
        return (
            N_("A space is missing after the colon in '{input}'."),
            N_("Write a space after each ':' (name: value)."),
        )
    if kind == "list_type" and _DASH_TEXT.match(value):
        return (
            N_("A space is missing after '-' in '{input}'."),
            N_("Write each item of the list as '- text' (a space after '-')."),
        )
    return None


def _clean_loc(loc: tuple[int | str, ...]) -> tuple[Path, bool]:
    """Drop pydantic's internal loc parts; report whether the error is about a dict key."""
    out: list[str | int] = []
    is_key = False
    for part in loc:
        if part == "[key]":
            is_key = True
            continue
        if isinstance(part, str) and ("[" in part or part.startswith("function-")):
            continue
        out.append(part)
    return tuple(out), is_key


def _fields_at(model: type[BaseModel], path: Path) -> list[str]:
    """The field names of the model standing at ``path`` (for "did you mean")."""
    current: Any = model
    for part in path:
        is_model = isinstance(current, type) and issubclass(current, BaseModel)
        if isinstance(part, int) or not is_model:
            current = model_in(current) or current
            if isinstance(part, int):
                continue
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(str(part))
            if info is None:
                return []
            current = info.annotation
        else:
            return []
    current = model_in(current) or current
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _input_text(value: Any) -> str:
    """The value as the message quotes it: short, and never an error itself (an int of more
    than 4300 digits cannot be turned into text)."""
    try:
        text = value if isinstance(value, str) else str(value)
    except ValueError:
        return "…"
    return shorten(text, 60)


def _param(value: Any) -> Any:
    """A bound from pydantic's error context (ge, le, min_length …) as a message parameter."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return _input_text(value)


def schema_diagnostics(
    exc: ValidationError, model: type[BaseModel], source: SourceMap
) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for err in exc.errors():
        out.append(_one(err, model, source))
    return out


def _one(err: ErrorDetails, model: type[BaseModel], source: SourceMap) -> Diagnostic:
    path, is_key = _clean_loc(err["loc"])
    kind = err["type"]
    ctx = dict(err.get("ctx") or {})
    field_name = dotted(path) or "(rod)"
    if kind == "extra_forbidden":
        known = _fields_at(model, path[:-1])
        import difflib

        guess = difflib.get_close_matches(str(path[-1]), known, n=1, cutoff=0.6)
        if guess:
            hint, params = N_("Did you mean '{guess}'?"), {"guess": guess[0]}
        else:
            hint = N_("Allowed here: {known}.")
            params = {"known": ", ".join(known) or "-"}
        return codes.SCH003(
            N_("Unknown key '{key}'."), hint, path, key=path[-1], **params
        ).at(source.locate(path, key=True))
    hint_text = _space_missing(kind, err["input"])
    if hint_text is not None:
        return codes.SCH006(*hint_text, path, input=_input_text(err["input"])).at(
            source.locate(path, key=is_key)
        )
    if kind == "missing":
        return codes.SCH004(
            N_("'{field}' is missing."),
            Hint(N_("Add '{name}:' here with its answer."),
                 word=N_("Fill in the answer in the form."),
                 excel=N_("Fill in the cell {sheet}!{cell}.")), path,
            field=field_name, name=path[-1] if path else "",
        ).at(source.locate(path))
    if kind in ("literal_error", "enum"):
        return codes.SCH006(
            N_("'{input}' is not allowed for {field}; allowed: {expected}."),
            N_("Write one of the allowed values."), path,
            input=_input_text(err["input"]), field=field_name,
            expected=_expected(str(ctx.get("expected", ""))),
        ).at(source.locate(path, key=is_key))
    if kind == "value_error":
        code = str(ctx.get("error", ""))
        msgid = value_error(code)
        if msgid is not None:
            return codes.SCH006(
                msgid, _CORRECT, path,
                input=_input_text(err["input"]), field=field_name,
            ).at(source.locate(path, key=is_key))
    msgid = _TYPE_ERRORS.get(kind)
    if msgid is not None:
        extra_params = {
            k: _param(v) for k, v in ctx.items() if k not in ("input", "field")
        }
        return codes.SCH006(
            msgid, _CORRECT, path,
            **{**extra_params, "input": _input_text(err["input"]), "field": field_name},
        ).at(source.locate(path, key=is_key))
    # pydantic's own text is English: the finding names the field and the value instead.
    return codes.SCH006(
        N_("'{input}' is not a valid value for {field}."), _CORRECT,
        path, field=field_name, input=_input_text(err["input"]),
    ).at(source.locate(path, key=is_key))
