"""A form as data: the model of ``skema.yaml`` (sections and questions, word for word), the
shared sections it may refer to, and the answer model built from it.

A form is a list of sections (``afsnit``). A section is written out, or taken from the shared
library (``del: identifikation``, ``schemas/sections/<id>.yaml``) with its texts overridden.
A section holds questions (``spoergsmaal``), or is one answer as a whole (``svar``: the
tidsplan grid, the budget, a free text under a heading). Each question has a stable id (its key
in the answer file) and a kind (``type``, a class under ``schemas/kinds/``), with the kind's
options beside the common ones. See docs/pools.md for every key.

The answer model (``answer_model``) is built with ``pydantic.create_model`` from the kinds'
annotations: one model per section, in the form's order, ``extra="forbid"`` — the paths,
findings and lines of a hand-written model. It is built once per form content.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    create_model,
    field_validator,
    model_validator,
)
from pydantic.fields import FieldInfo

from schemas.common import Application, Model

#: An id: a key of the answer file (ASCII-folded Danish, e.g. ``anden_finansiering``).
ID = r"^[a-z][a-z0-9_]*$"
Id = str


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Question(BaseModel):
    """One question: its id (the answer file's key), its kind and text, the common options;
    the kind's own options stand beside them (``opts``)."""

    model_config = ConfigDict(extra="allow", frozen=True, defer_build=True)

    id: Id = Field(pattern=ID)
    type: str
    #: The question as the form asks it, word for word (none: an answer under a heading).
    tekst: str | None = None
    #: A short label for messages where the question is long.
    etiket: str | None = None
    #: Fixed text the form has under the question.
    note: str | None = None
    #: Must it be answered? (none: the kind's default)
    krav: bool | None = None
    #: Required only when the ja/nej answer at this path is ja (``organisation.modtager_stv``).
    kraeves_hvis: str | None = None
    #: TXT002: an answer of fewer words is read again (free text; default 25).
    kort: int | None = Field(default=None, ge=0, le=10_000)
    #: Shown in the answer cell of the question before it (one question, two answers).
    samme_celle: bool = False
    _opts: BaseModel | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _kind_and_options(self) -> Question:
        from schemas.kinds import kind, words

        try:
            found = kind(self.type)
        except KeyError:
            raise ValueError(f"ukendt type '{self.type}' (kendte: {', '.join(words())})") from None
        try:
            self._opts = found.options.model_validate(self.__pydantic_extra__ or {})
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            if err["type"] == "extra_forbidden":
                allowed = ", ".join(found.options.model_fields) or "-"
                raise ValueError(f"'{where}' gælder ikke for typen {self.type} "
                                 f"(den kender: {allowed})") from None
            raise ValueError(f"'{where}': {err['msg']}") from None
        return self

    @property
    def opts(self) -> Any:
        """The kind's own options (a model of ``kind(type).options``)."""
        return self._opts

    @property
    def kind(self) -> Any:
        from schemas.kinds import kind

        return kind(self.type)


class FormSection(_Data):
    """A part of the form: its heading and introduction, word for word, and its questions
    (or the one answer it is as a whole)."""

    id: Id = Field(pattern=ID)
    #: The heading; none: the part follows the form's title (the identification).
    overskrift: str | None = None
    intro: str | None = None
    spoergsmaal: list[Question] = Field(default=[])
    #: The section is one answer (the key is the section's id): the tidsplan, the budget …
    svar: Question | None = None
    #: Shorthand for ``svar: {type: tekst}``: a free text under the heading, no question.
    fritekst: bool = False
    #: Keys an older answer file may hold that the form no longer asks: ignored.
    udgaaet: list[str] = Field(default=[])

    @model_validator(mode="before")
    @classmethod
    def _answer_key(cls, data: Any) -> Any:
        """``fritekst: ja`` is a free-text answer; the one answer's key is the section's id."""
        if not isinstance(data, dict):
            return data
        svar = data.get("svar")
        if data.get("fritekst") is True and svar is None and not data.get("spoergsmaal"):
            svar = {"type": "tekst"}
        if isinstance(svar, dict):
            data = {**data, "svar": {**svar, "id": data.get("id")}}
        return data

    @model_validator(mode="after")
    def _one_shape(self) -> FormSection:
        if (self.svar is None) == (not self.spoergsmaal):
            raise ValueError("et afsnit har enten 'spoergsmaal' eller 'svar' (eller "
                             "'fritekst: ja')")
        ids = [q.id for q in self.spoergsmaal]
        double = sorted({i for i in ids if ids.count(i) > 1})
        if double:
            raise ValueError(f"spørgsmålets id står mere end én gang: {', '.join(double)}")
        return self

    @property
    def questions(self) -> list[Question]:
        return [self.svar] if self.svar is not None else list(self.spoergsmaal)

    @property
    def single(self) -> bool:
        """Whether the section is one answer (its key holds the answer itself)."""
        return self.svar is not None


class Form(_Data):
    """A round's form: ``skema.yaml``."""

    #: The form's title; default "Ansøgningsskema for <the pool's name>".
    titel: str | None = None
    #: The header's paragraphs (Jinja over ``pulje`` and ``runde``); default: the finance
    #: account, where and how to send, and the page limit, from the round's facts.
    hoved: list[str] | None = None
    afsnit: list[FormSection] = Field(min_length=1)
    _key: str = PrivateAttr(default="")

    @field_validator("afsnit")
    @classmethod
    def _unique(cls, sections: list[FormSection]) -> list[FormSection]:
        ids = [s.id for s in sections]
        double = sorted({i for i in ids if ids.count(i) > 1})
        if double:
            raise ValueError(f"afsnittets id står mere end én gang: {', '.join(double)}")
        reserved = {"pulje", "runde"} & set(ids)
        if reserved:
            raise ValueError(f"'{', '.join(sorted(reserved))}' er svarfilens egne nøgler")
        return sections

    @model_validator(mode="after")
    def _references(self) -> Form:
        for q, path, _ in self.walk():
            if q.kraeves_hvis is not None:
                target = self.question_at(q.kraeves_hvis)
                if target is None or target[0].type != "janej":
                    raise ValueError(
                        f"'{'.'.join(path)}': kraeves_hvis '{q.kraeves_hvis}' er ikke et "
                        "ja/nej-spørgsmål i skemaet")
        for section_id in self.switches:
            if section_id not in {s.id for s in self.afsnit}:
                raise ValueError(f"et valg åbner afsnittet '{section_id}', som skemaet ikke har")
        return self

    @property
    def key(self) -> str:
        """A digest of the form's content (the answer model and the template are cached by
        it)."""
        return self._key

    # --- walking -----------------------------------------------------------------------------

    def section(self, section_id: str) -> FormSection | None:
        return next((s for s in self.afsnit if s.id == section_id), None)

    def walk(self, *, dependents: bool = True) -> Iterator[tuple[Question, tuple[str, ...],
                                                                 FormSection]]:
        """Every question with its path in the answer file and its section, in the form's
        order; the dependent answers of a ja/nej question follow it (unless
        ``dependents=False``: then they are the ja/nej question's own)."""
        return iter(self._walked if dependents else self._walked_own)

    # The form does not change once read, and the rules walk it many times per answer file.
    @cached_property
    def _walked(self) -> tuple[tuple[Question, tuple[str, ...], FormSection], ...]:
        return tuple(self._walk_all(True))

    @cached_property
    def _walked_own(self) -> tuple[tuple[Question, tuple[str, ...], FormSection], ...]:
        return tuple(self._walk_all(False))

    def _walk_all(self, dependents: bool) -> Iterator[tuple[Question, tuple[str, ...],
                                                            FormSection]]:
        for section in self.afsnit:
            if section.svar is not None:
                yield from _walk(section.svar, (section.id,), section, dependents)
                continue
            for q in section.spoergsmaal:
                yield from _walk(q, (section.id, q.id), section, dependents)

    def of_kind(self, *words: str) -> Iterator[tuple[Question, tuple[str, ...], FormSection]]:
        """The questions of the given kinds (rules walk the form by kind)."""
        return ((q, p, s) for q, p, s in self.walk() if q.type in words)

    def question_at(self, dotted: str | Sequence[str]) -> tuple[Question, FormSection] | None:
        parts = tuple(dotted.split(".")) if isinstance(dotted, str) else tuple(dotted)
        return self._by_path.get(parts)

    @cached_property
    def _by_path(self) -> dict[tuple[str, ...], tuple[Question, FormSection]]:
        """Path → (question, section); the first question at a path wins, as in a walk."""
        out: dict[tuple[str, ...], tuple[Question, FormSection]] = {}
        for q, path, section in self.walk():
            out.setdefault(path, (q, section))
            if q.type == "janej" and q.opts.hvis_ja:
                out.setdefault((*path, q.opts.svar), (q, section))
        return out

    def has(self, dotted: str) -> bool:
        """Whether the form asks the question at ``dotted`` (``oekonomi.ansoegt_beloeb``)."""
        return self.question_at(dotted) is not None

    @cached_property
    def switches(self) -> dict[str, tuple[tuple[str, ...], str]]:
        """Section id → (path of the choice question, the option that switches it on)."""
        out: dict[str, tuple[tuple[str, ...], str]] = {}
        for q, path, _ in self.walk():
            if q.type == "valg":
                for option in q.opts.muligheder:
                    for section_id in option.afsnit:
                        out[section_id] = (path, option.id)
        return out

    def active(self, answers: BaseModel | None, section_id: str) -> bool:
        """Whether a section applies: always, unless a choice switches it on and the
        answers did not choose it."""
        switch = self.switches.get(section_id)
        if switch is None:
            return True
        chosen = value_at(answers, switch[0])
        return switch[1] in _chosen(chosen)


def _chosen(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def _walk(q: Question, path: tuple[str, ...], section: FormSection,
          dependents: bool = True) -> Iterator[tuple[Question, tuple[str, ...], FormSection]]:
    yield q, path, section
    if dependents and q.type == "janej":
        for dep in q.opts.hvis_ja:
            yield from _walk(dep, (*path, dep.id), section)


def value_at(answers: Any, path: Sequence[Any]) -> Any:
    """The value at ``path`` in a model (attributes, dict keys, list indices); None if absent."""
    current = answers
    for part in path:
        if current is None:
            return None
        if isinstance(current, BaseModel):
            current = getattr(current, str(part), None)
        elif isinstance(current, dict):
            current = current.get(part)
        elif isinstance(current, list) and isinstance(part, int):
            current = current[part] if 0 <= part < len(current) else None
        else:
            return None
    return current


# --- the answer model ------------------------------------------------------------------------

_MODELS: dict[tuple[str, str], type[Application]] = {}


def answer_model(form: Form, pool_id: str) -> type[Application]:
    """The pydantic model of an answer file of ``form`` (cached per form content)."""
    key = (form.key or _digest(form), pool_id)
    found = _MODELS.get(key)
    if found is None:
        fields: dict[str, Any] = {
            "pulje": (Literal[pool_id], pool_id),
        }
        for section in form.afsnit:
            fields[section.id] = section_field(section)
        found = create_model("Ansoegning", __base__=Application, **fields)
        _MODELS[key] = found
    return found


def section_field(section: FormSection) -> tuple[Any, FieldInfo]:
    """The top-level field of a section: its one answer, or a model of its questions."""
    if section.svar is not None:
        annotation, info = section.svar.kind.field(section.svar)
        return annotation, info
    model = group_model(f"Afsnit_{section.id}", section.spoergsmaal, section.udgaaet)
    return model, field_info(default_factory=model, json_schema_extra={"kind": "afsnit"})


def field_info(**kwargs: Any) -> FieldInfo:
    """``pydantic.Field(...)``, typed as the ``FieldInfo`` it is."""
    info: FieldInfo = Field(**kwargs)
    return info


def group_model(name: str, questions: Sequence[Question], retired: Sequence[str] = (),
                first: tuple[str, tuple[Any, FieldInfo]] | None = None) -> type[Model]:
    """A model of ``questions`` (in order), after ``first`` (a field of the group's own);
    ``retired`` keys are dropped before validation (older answer files hold them)."""
    fields: dict[str, Any] = {}
    if first is not None:
        fields[first[0]] = first[1]
    for q in questions:
        fields[q.id] = q.kind.field(q)
    validators: dict[str, Any] = {}
    if retired:
        dropped = frozenset(retired)

        def _retired(cls: type[BaseModel], data: Any) -> Any:
            if isinstance(data, dict) and dropped & data.keys():
                data = {k: v for k, v in data.items() if k not in dropped}
            return data

        validators["_retired_keys"] = model_validator(mode="before")(_retired)
    model: type[Model] = create_model(
        _class_name(name), __base__=Model, __validators__=validators or None, **fields
    )
    return model


def _class_name(name: str) -> str:
    return re.sub(r"\W", "_", name)


def _digest(form: Form) -> str:
    import hashlib

    return hashlib.sha256(form.model_dump_json().encode("utf-8")).hexdigest()


def with_key(form: Form, key: str) -> Form:
    form._key = key
    return form
