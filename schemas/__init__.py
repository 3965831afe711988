"""Answer-file schemas: one module per form, sharing the parts in ``schemas.common``.

A pool's definition names its schema module (``skema: bedre_ressourceforloeb``); the module
exposes ``MODEL``, the pydantic model of a whole answer file.
"""

from __future__ import annotations

import importlib

from schemas.common import Application


def model_for(schema: str) -> type[Application]:
    """The answer-file model of a schema module under ``schemas/``."""
    module = importlib.import_module(f"schemas.{schema}")
    model: type[Application] = module.MODEL
    return model
