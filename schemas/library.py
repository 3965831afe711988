"""Read a form's data file: the shared sections it refers to (``del: identifikation``) are taken
from the library (``schemas/sections/<id>.yaml``, package data) with the form's overrides,
and the whole is validated as a ``schemas.form.Form``. Every problem is a ``FormError`` naming
the file, line and column."""

from __future__ import annotations

import copy
import hashlib
from functools import lru_cache
from importlib.resources import files
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pulje.diagnostics import N_
from pulje.diagnostics.errors import PuljeError
from pulje.yamlsource import SourceMap, parse
from schemas.form import ID, Form, Id, with_key

SECTIONS = files("schemas") / "sections"
HINT = N_("Correct the form; see docs/pools.md (the form's data file).")


class SectionRef(BaseModel):
    """``del: <id>``: a shared section of the library, with its texts overridden."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    del_: str = Field(alias="del", pattern=ID)
    #: The answer file's key for it (default: the shared section's id).
    id: Id | None = Field(default=None, pattern=ID)
    overskrift: str | None = None
    intro: str | None = None
    #: Question id (dotted for a dependent answer) → the question's text in this form.
    tekster: dict[str, str] = Field(default={})
    #: Question id (dotted for a dependent answer) → keys of the question this form sets
    #: otherwise (its ``type``, ``krav``, a kind's option: ``{budget: {i_skemaet: ja}}``).
    aendringer: dict[str, dict[str, Any]] = Field(default={})
    #: Questions of the shared section this form does not ask.
    uden: list[str] = Field(default=[])
    #: Questions this form asks beyond the shared section's (after them, in this order).
    tilfoej: list[dict[str, Any]] = Field(default=[])
    #: Keys an older answer file may hold that the form no longer asks: ignored.
    udgaaet: list[str] = Field(default=[])


class FormError(PuljeError):
    """Raised when a form's data file (``skema.yaml``) cannot be read or is not valid."""


def library_ids() -> list[str]:
    """The ids of the shared sections."""
    return sorted(p.name.removesuffix(".yaml") for p in SECTIONS.iterdir()
                  if p.name.endswith(".yaml"))


@lru_cache(maxsize=64)
def _library(section_id: str) -> tuple[bytes, Any]:
    entry = SECTIONS / f"{section_id}.yaml"
    raw = entry.read_bytes()
    doc = parse(raw.decode("utf-8"), f"schemas/sections/{section_id}.yaml")
    if doc.diagnostics or not isinstance(doc.data, dict):
        raise FormError(N_("The shared section {section} cannot be read."), HINT,
                        section=section_id)
    return raw, doc.data


#: pydantic's errors in a data file, in Danish (a project office reads them).
_PROBLEMS = {
    "missing": "mangler",
    "extra_forbidden": "ukendt nøgle",
    "string_pattern_mismatch":
        "skal skrives med små bogstaver a–z, tal og _ (fx anden_finansiering)",
    "string_type": "skal være en tekst",
    "bool_parsing": "skal være ja eller nej",
    "bool_type": "skal være ja eller nej",
    "int_parsing": "skal være et helt tal",
    "int_type": "skal være et helt tal",
    "list_type": "skal være en liste (linjer, der begynder med '- ')",
    "dict_type": "skal bestå af linjer 'navn: værdi'",
    "model_type": "skal bestå af linjer 'navn: værdi'",
    "too_short": "må ikke være tom",
    "date_from_datetime_parsing": "skal være en dato (ÅÅÅÅ-MM-DD)",
    "greater_than": "er for lille",
    "greater_than_equal": "er for lille",
    "less_than_equal": "er for stor",
}


def problem_text(err: Any) -> str:
    """A pydantic error in a pool's or form's data file as Danish text."""
    if err["type"] == "literal_error":
        expected = str((err.get("ctx") or {}).get("expected", "")).replace("'", "")
        return f"skal være en af: {expected}"
    if err["type"] == "union_tag_invalid":
        expected = str((err.get("ctx") or {}).get("expected_tags", "")).replace("'", "")
        return f"typen skal være en af: {expected}"
    found = _PROBLEMS.get(err["type"])
    return found if found is not None else str(err["msg"]).removeprefix("Value error, ")


_problem = problem_text


def _fail(name: str, source: SourceMap, loc: tuple[Any, ...], problem: str) -> FormError:
    return FormError(
        N_("The form {file} is not valid at {where}: {problem}"), HINT,
        file=name, where=str(source.locate(loc)), problem=problem,
    )


def shared_section(ref: SectionRef, where: tuple[Any, ...], name: str,
                   source: SourceMap) -> tuple[dict[str, Any], bytes]:
    """A shared section with the overrides of ``ref`` applied (raw data, to be validated)."""
    if ref.del_ not in library_ids():
        raise _fail(name, source, (*where, "del"),
                    f"'{ref.del_}' er ingen fælles del (kendte: {', '.join(library_ids())})")
    raw, data = _library(ref.del_)
    section: dict[str, Any] = copy.deepcopy(data)
    if ref.id is not None:
        section["id"] = ref.id
    for key in ("overskrift", "intro"):
        value = getattr(ref, key)
        if value is not None:
            section[key] = value
    questions = section.get("spoergsmaal") or []
    for qid in ref.uden:
        kept = [q for q in questions if not (isinstance(q, dict) and q.get("id") == qid)]
        if len(kept) == len(questions):
            raise _fail(name, source, (*where, "uden"),
                        f"'{qid}' er intet spørgsmål i den fælles del {ref.del_}")
        questions = kept
    if ref.tilfoej:
        if "spoergsmaal" not in section:
            raise _fail(name, source, (*where, "tilfoej"),
                        f"den fælles del {ref.del_} er ét svar; den kan ikke få spørgsmål")
        questions = [*questions, *copy.deepcopy(ref.tilfoej)]
    if "spoergsmaal" in section:
        section["spoergsmaal"] = questions
    if ref.udgaaet:
        section["udgaaet"] = [*section.get("udgaaet", []), *ref.udgaaet]
    changes = [("tekster", dotted, {"tekst": text}) for dotted, text in ref.tekster.items()]
    changes += [("aendringer", dotted, dict(keys)) for dotted, keys in ref.aendringer.items()]
    for key, dotted, update in changes:
        target = _find(section, dotted.split("."))
        if target is None:
            raise _fail(name, source, (*where, key, dotted),
                        f"'{dotted}' er intet spørgsmål i den fælles del {ref.del_}")
        if "id" in update:
            raise _fail(name, source, (*where, key, dotted),
                        "et spørgsmåls id (svarfilens nøgle) i en fælles del ændres ikke")
        target.update(copy.deepcopy(update))
    return section, raw


def _find(section: dict[str, Any], parts: list[str]) -> dict[str, Any] | None:
    svar = section.get("svar")
    if isinstance(svar, dict):  # the section's one answer: named by the section's id
        return svar if parts == [section.get("id")] else None
    pool = section.get("spoergsmaal") or []
    found: dict[str, Any] | None = None
    for part in parts:
        found = next((q for q in pool if isinstance(q, dict) and q.get("id") == part), None)
        if found is None:
            return None
        pool = found.get("hvis_ja") or []
    return found


def load_form(raw: bytes, name: str) -> Form:
    """The form in ``raw`` (the bytes of ``name``), shared sections resolved."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FormError(N_("The form {file} is not UTF-8 text."), HINT, file=name) from None
    doc = parse(text, name)
    if doc.diagnostics:
        first = doc.diagnostics[0]
        raise FormError(N_("The form {file} cannot be read: {where}."), HINT,
                        file=name, where=str(first.location))
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("afsnit"), list):
        raise _fail(name, doc.source, (), "skemaet skal have en liste 'afsnit:'")
    digest = hashlib.sha256(raw)
    sections: list[Any] = []
    for i, item in enumerate(data["afsnit"]):
        if isinstance(item, dict) and "del" in item:
            try:
                ref = SectionRef.model_validate(item)
            except ValidationError as exc:
                err = exc.errors()[0]
                raise _fail(name, doc.source, ("afsnit", i, *err["loc"]),
                            _problem(err)) from None
            section, shared = shared_section(ref, ("afsnit", i), name, doc.source)
            digest.update(shared)
            sections.append(section)
        else:
            sections.append(item)
    try:
        form = Form.model_validate({**data, "afsnit": sections})
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
        raise _fail(name, doc.source, loc, _problem(err)) from None
    return with_key(form, digest.hexdigest())
