"""Reading the schema models' annotations and field metadata (shared by every package).

Only ``typing`` and pydantic: ``pulje validate`` imports this, and must stay light.
"""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel


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
