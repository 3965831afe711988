"""Walk a model's fields with their paths, so rules can work on any pool's schema."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from pulje.diagnostics import Path


def fields(model: BaseModel, path: Path = ()) -> Iterator[tuple[Path, FieldInfo, Any]]:
    """Every field below ``model`` (depth first, in the form's order) with its value."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        here = (*path, name)
        yield here, info, value
        if isinstance(value, BaseModel):
            yield from fields(value, here)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from fields(item, (*here, i))


def instances(model: BaseModel, kind: type) -> Iterator[tuple[Path, FieldInfo, Any]]:
    for path, info, value in fields(model):
        if isinstance(value, kind):
            yield path, info, value


def words(text: str) -> int:
    return len(text.split())
