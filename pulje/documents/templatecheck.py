"""``pulje template check POOL [ROUND]``: does the round's Word template fit its form, both ways?

The template checked is the round's own ``ansoegning.docx`` where it ships one, else the one
made from its form (``documents.template_builder``), or the file given.

The names a template uses are read from its Jinja code (body, headers and footers, after
docxtpl's own clean-up): the top-level names (``DocxTemplate.get_undeclared_template_variables``)
and, from the Jinja syntax tree, every attribute path under them, such as
``svar.spor1.hovedelementer`` — through loops too (``{%tr for r in svar.opkvalificering.
medarbejdere %}`` … ``r.funktion`` is ``opkvalificering.medarbejdere[].funktion``).

- TPL001: the template uses a name or field the context or the schema lacks (rendering would
  fail, or show nothing where an answer belongs);
- TPL002: an answer field of the form (``template_builder.answer_paths``) that the template
  never shows (the answer would be lost from the form);
- TPL003: the template file is missing or not a Word document;
- TPL004: the template's Jinja code does not parse.
"""

from __future__ import annotations

import typing
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, meta, nodes
from pydantic import BaseModel

from pulje.diagnostics import N_, Diagnostic, Location, Severity
from pulje.diagnostics.codes import define
from pulje.documents.form import make_environment, pool_context, template_sources
from pulje.documents.template_builder import answer_paths, template_bytes
from pulje.pools import Pool, Runde, load_pool
from schemas.introspect import list_item_model, model_of, optional_inner

_SOURCE = "Skabelonen sammenholdt med puljens skema (documents/templatecheck.py)"
TPL001 = define("TPL001", Severity.FEJL,
                "Skabelonen bruger et navn eller felt, som svarene ikke har", _SOURCE)
TPL002 = define("TPL002", Severity.FEJL,
                "Et spørgsmål i skemaet vises ikke i skabelonen", _SOURCE)
TPL003 = define("TPL003", Severity.FEJL,
                "Skabelonen mangler eller er ikke et Word-dokument (.docx)",
                "Rundens egen skabelon (templates/<pulje>/<runde>/ansoegning.docx)")
TPL004 = define("TPL004", Severity.FEJL,
                "Skabelonens Jinja-kode kan ikke læses", "Jinja2 (docxtpl)")

#: The names the renderer gives every template (``documents.form.build_context``).
CONTEXT_NAMES = ("svar", "pulje", "runde", "udkast", "alle_afsnit")
#: What ``runde`` holds (``documents.form.round_context``).
ROUND_KEYS = ("id", "konti", "baseline_maaned", "maalinger", "fra", "til", "aar")
#: Filters that hand their list on unchanged, so a loop over them still walks the schema.
PASSTHROUGH_FILTERS = ("raekker",)

_HINT_REBUILD = N_("Rebuild the template with 'python -m pulje.documents.template_builder {pool}'"
                   ", or delete the round's own template: pulje then makes it from the form.")


def used_names(sources: list[str]) -> tuple[set[str], set[str]]:
    """(top-level names, attribute paths) the Jinja code uses; paths are dotted, with ``[]``
    for "an item of this list" (``svar.opkvalificering.medarbejdere[].funktion``)."""
    env = make_environment()
    names: set[str] = set()
    paths: set[str] = set()
    for source in sources:
        tree = env.parse(source)
        names |= meta.find_undeclared_variables(tree)
        paths |= set(_paths(tree, {}))
    return names, paths


def _chain(node: nodes.Node) -> list[str] | None:
    """``svar.spor1.x`` (Getattr/constant Getitem on a Name) as its parts, else None."""
    parts: list[str] = []
    while True:
        if isinstance(node, nodes.Getattr):
            parts.append(node.attr)
            node = node.node
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            parts.append(str(node.arg.value))
            node = node.node
        elif isinstance(node, nodes.Name):
            parts.append(node.name)
            return parts[::-1]
        else:
            return None


def _iterable(node: nodes.Node) -> list[str] | None:
    if isinstance(node, nodes.Filter) and node.name in PASSTHROUGH_FILTERS and node.node:
        return _chain(node.node)
    return _chain(node)


def _resolve(parts: list[str], scope: dict[str, list[str] | None]) -> list[str] | None:
    """Replace a loop variable by the path it walks; None for names local to the template."""
    root = parts[0]
    if root in scope:
        mapped = scope[root]
        return None if mapped is None else mapped + parts[1:]
    return parts


def _paths(node: nodes.Node, scope: dict[str, list[str] | None]) -> Iterator[str]:
    if isinstance(node, nodes.For):
        yield from _paths(node.iter, scope)
        inner = dict(scope)
        walked = _iterable(node.iter)
        target = _resolve(walked, scope) if walked else None
        targets = [node.target, *node.target.find_all(nodes.Name)]
        for name in targets:
            if isinstance(name, nodes.Name):
                inner[name.name] = None
        if isinstance(node.target, nodes.Name) and target is not None:
            inner[node.target.name] = [*target, "[]"]
        inner["loop"] = None
        for child in node.body:
            yield from _paths(child, inner)
        for child in node.else_:
            yield from _paths(child, scope)
        if node.test is not None:
            yield from _paths(node.test, inner)
        return
    if isinstance(node, nodes.Getattr | nodes.Getitem | nodes.Name):
        parts = _chain(node)
        if parts is not None:
            resolved = _resolve(parts, scope)
            if resolved is not None:
                yield _dotted(resolved)
            return
    for child in node.iter_child_nodes():
        yield from _paths(child, scope)


def _dotted(parts: list[str]) -> str:
    out = ""
    for part in parts:
        out += part if part == "[]" else ("." if out else "") + part
    return out


def _split(path: str) -> list[str]:
    return path.replace("[]", ".[]").split(".")


def schema_has(model: type[BaseModel], parts: list[str]) -> bool:
    """Does the answer model have the field at ``parts`` (``[]`` = an item of a list)?"""
    current: Any = model
    for part in parts:
        item = list_item_model(current)
        inner = optional_inner(current)
        if part == "[]":
            if typing.get_origin(inner) is not list:
                return False
            current = item if item is not None else typing.get_args(inner)[0]
            continue
        sub = model_of(current)
        if sub is not None:
            info = sub.model_fields.get(part)
            if info is None:
                return False
            current = info.annotation
        else:
            return typing.get_origin(inner) is dict  # dict keys are data (months, years)
    return True


def _covered(expected: str, used: set[str]) -> bool:
    for u in used:
        if u == expected:
            return True
        for a, b in ((u, expected), (expected, u)):
            if b.startswith(a + ".") or b.startswith(a + "["):
                return True
    return False


def check_template(pool_id: str, template: Path | None = None,
                   runde_id: str | None = None) -> list[Diagnostic]:
    """TPL findings for a round's template (default: the newest round's own, else the one
    made from its form; or ``template``, checked against that round's form)."""
    pool = load_pool(pool_id)
    runde = pool.runde(runde_id)
    path = template or runde.own_template
    source: Path | bytes
    if path is None:
        source, file = template_bytes(pool, runde), f"{runde.form_path} (Word)"
    else:
        source, file = path, str(path)
    where = Location(file)
    not_word = N_("The template {file} is not a Word document (.docx).")
    if isinstance(source, Path):
        if not source.is_file():
            return [TPL003(N_("The template {file} is missing."), _HINT_REBUILD,
                           file=file, pool=pool.id).at(where)]
        if not zipfile.is_zipfile(source):
            return [TPL003(not_word, _HINT_REBUILD, file=file, pool=pool.id).at(where)]
    try:
        sources = template_sources(source)
    except (KeyError, ValueError, OSError, zipfile.BadZipFile):
        return [TPL003(not_word, _HINT_REBUILD, file=file, pool=pool.id).at(where)]
    try:
        names, paths = used_names(sources)
    except TemplateSyntaxError as exc:
        return [TPL004(N_("The template {file} has an error in its template code: {problem}"),
                       _HINT_REBUILD, file=file, pool=pool.id,
                       problem=exc.message or str(exc)).at(where)]
    return [d.at(where) for d in compare(pool, names, paths, runde)]


def compare(pool: Pool, names: set[str], paths: set[str],
            runde: Runde | None = None) -> list[Diagnostic]:
    """TPL001/TPL002 from the names and paths a template uses, against the round's form."""
    runde = runde or pool.runde()
    model = runde.answer_model
    out: list[Diagnostic] = []
    for name in sorted(names - set(CONTEXT_NAMES)):
        out.append(TPL001(
            N_("The template uses the name '{name}', which templates are not given "
               "(they get: {known})."), _HINT_REBUILD,
            name=name, known=", ".join(CONTEXT_NAMES), pool=pool.id,
        ))
    known_keys = {"pulje": set(pool_context(pool, runde)), "runde": set(ROUND_KEYS)}
    answers: set[str] = set()
    for path in sorted(paths):
        parts = _split(path)
        root, rest = parts[0], parts[1:]
        if root == "svar":
            if rest:
                answers.add(_dotted(rest))
            if not schema_has(model, rest):
                out.append(TPL001(
                    N_("The template uses '{name}', which the answers of pool {pool} "
                       "do not have."), _HINT_REBUILD, name=path, pool=pool.id,
                ))
        elif root in known_keys and rest and rest[0] not in known_keys[root]:
            out.append(TPL001(
                N_("The template uses '{name}'; templates get only these under '{root}': "
                   "{known}."), _HINT_REBUILD,
                name=path, root=root, known=", ".join(sorted(known_keys[root])), pool=pool.id,
            ))
    titles = _titles(model)
    for expected in answer_paths(runde.form):
        if not _covered(expected, answers):
            out.append(TPL002(
                N_("The answer field '{field}' (\"{title}\") is not shown in the template."),
                _HINT_REBUILD, field=expected, title=titles.get(expected, ""), pool=pool.id,
            ))
    return out


def _titles(model: type[BaseModel]) -> dict[str, str]:
    out: dict[str, str] = {}

    def walk(m: type[BaseModel], prefix: str) -> None:
        for name, info in m.model_fields.items():
            path = f"{prefix}.{name}" if prefix else name
            out[path] = info.title or name
            sub = model_of(info.annotation)
            item = list_item_model(info.annotation)
            if sub is not None:
                walk(sub, path)
            elif item is not None:
                walk(item, path + "[]")

    walk(model, "")
    return out
