"""The base classes of every answer model: ``Model`` (unknown keys are errors) and
``Application`` (what every answer file has: the pool and, optionally, the round).

The answer models themselves are built from the forms' data (``schemas.form``); the models of
the composite answers (budget, måltal, person …) live with their kinds (``schemas.kinds``).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


class Model(BaseModel):
    """Base for every part of an answer file: unknown keys are errors, not silently dropped."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


def _round_id(value: Any) -> Any:
    """``runde: 2016`` without quotes is a number in YAML; it names the same round."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class Application(Model):
    """What every pool's answer file has: the pool, and optionally the round."""

    pulje: str = Field(title="Puljens id (mappenavn under templates/)")
    runde: Annotated[str, BeforeValidator(_round_id)] | None = Field(
        default=None, title="Ansøgningsrunde (tom: puljens seneste)"
    )
