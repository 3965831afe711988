"""Reading the schema models' annotations and field metadata (shared by every package).

Only ``typing`` and pydantic: ``pulje validate`` imports this, and must stay light.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo


def field_extra(info: FieldInfo) -> dict[str, Any]:
    """A field's ``json_schema_extra`` (question, unit, table, section …), or ``{}``."""
    value = info.json_schema_extra
    return value if isinstance(value, dict) else {}


def optional_inner(annotation: Any) -> Any:
    """``X | None`` → ``X``; any other annotation as it is."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """The plain type under ``X | None`` and ``Annotated[X, …]``, and the ``Annotated``
    metadata met on the way (outermost first)."""
    metadata: list[Any] = []
    inner = optional_inner(annotation)
    while typing.get_origin(inner) is typing.Annotated:
        args = typing.get_args(inner)
        metadata += args[1:]
        inner = optional_inner(args[0])
    return inner, metadata


def model_in(annotation: Any) -> type[BaseModel] | None:
    """The first pydantic model in an annotation (``Model``, ``Model | None``,
    ``list[Model]``, ``dict[str, Model]`` …), searched depth first; None if there is none."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = model_in(arg)
        if found is not None:
            return found
    return None


def model_of(annotation: Any) -> type[BaseModel] | None:
    """The model of ``Model`` or ``Model | None``; None for anything else."""
    inner = optional_inner(annotation)
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return inner
    return None


def list_item_model(annotation: Any) -> type[BaseModel] | None:
    """The item model of ``list[Model]`` (or ``list[Model] | None``); None otherwise."""
    inner = optional_inner(annotation)
    if typing.get_origin(inner) is list:
        return model_of(typing.get_args(inner)[0])
    return None
