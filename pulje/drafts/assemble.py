"""A Word draft's values as the answer file's data: in the form's order (``order``), the rows
of list tables as lists, and every section whose fields stand in the document (``assemble``)."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel

from pulje.drafts.fields import FieldSpec
from pulje.pools import Runde
from schemas.introspect import model_in

#: (sort key, field, value) of each value read, as ``assemble`` takes them.
Values = list[tuple[tuple[Any, ...], FieldSpec, Any]]


class _Rows(dict[int, Any]):
    """The rows of a list table while they are collected (index → item)."""


def order(model: type[BaseModel], spec: FieldSpec) -> tuple[Any, ...]:
    """A sort key giving the form's order: fields by their place in their model, keys sorted."""
    out: list[Any] = []
    current: Any = model
    for part in spec.path:
        fields = getattr(current, "model_fields", None) if isinstance(current, type) else None
        if isinstance(part, str) and fields is not None and part in fields:
            out.append((0, list(fields).index(part), ""))
            current = model_in(fields[part].annotation)
        else:
            out.append((1, part if isinstance(part, int) else 0, str(part)))
    return tuple(out)


def assemble(pool_id: str, runde: Runde, values: Values, present: set[str]) -> dict[str, Any]:
    """The answer file's data in the form's order. A section whose fields stand in the
    document is there even when none of them is filled in (as in a new answer file): its
    blank questions are TXT001, and TXT003 is left for a section deleted from the document."""
    root: dict[Any, Any] = {"pulje": pool_id, "runde": runde.id}
    fields = runde.answer_model.model_fields
    for section in runde.form.afsnit:
        if section.id in present and section.id in fields:
            root[section.id] = _Rows() if _is_list(fields[section.id].annotation) else {}
    for _, spec, value in sorted(values, key=lambda item: item[0]):
        node: dict[Any, Any] = root
        for i, part in enumerate(spec.path[:-1]):
            nxt = spec.path[i + 1]
            is_rows = isinstance(nxt, int) and spec.in_list and is_row_index(spec, i + 1)
            child = node.get(part)
            if child is None:
                child = _Rows() if is_rows else {}
                node[part] = child
            node = child
        node[spec.path[-1]] = value
    finished: dict[str, Any] = _finish(root)
    return finished


def _is_list(annotation: Any) -> bool:
    """Whether a section's answers are a list (its empty value ``[]``, not ``{}``)."""
    inner = typing.get_args(annotation) or (annotation,)
    return any(typing.get_origin(a) is list or a is list for a in (annotation, *inner))


def is_row_index(spec: FieldSpec, index: int) -> bool:
    """Whether ``spec.path[index]`` is the row number of a list table (not a year key)."""
    # Rows are the only int parts followed by a field name in a list table's path.
    return index + 1 < len(spec.path) and isinstance(spec.path[index + 1], str)


def _finish(node: Any) -> Any:
    if isinstance(node, _Rows):
        rows = [_finish(node[i]) for i in sorted(node)]
        return [row for row in rows if row]
    if isinstance(node, dict):
        return {k: _finish(v) for k, v in node.items()}
    return node
