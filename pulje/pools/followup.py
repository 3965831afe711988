"""What a round says about the time after the grant (``opfoelgning:`` in ``runde.yaml``): when
the status reports, the final report and the audited account are due, and when a deviation on
a budget line in a report needs a reason.

No source we have gives a STAR round's report dates, so every round leaves them empty (null)
and pulje asks for them at the grant (``pulje grant --status-due …``). The deviation threshold
has a default that is pulje's own rule of thumb, not STAR's: a line that is more than 10 % and
more than 10.000 kr. off its budget is named in the report with a request for a reason. A round
(or a later STAR source) may set its own.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import Field

from schemas.common import Model
from schemas.types import Money

#: Where the default threshold comes from, as the report says it.
DEFAULT_SOURCE = (
    "pulje's standard (en tommelfingerregel, ikke STAR's): ingen kilde giver en grænse for, "
    "hvornår en afvigelse skal begrundes"
)


class Afvigelse(Model):
    """A line's deviation needs a reason when it is more than ``procent`` of its budget AND
    more than ``kr`` kroner (both, so small lines are not named for small sums)."""

    procent: Annotated[Decimal, Field(ge=0, le=1000, allow_inf_nan=False)] = Decimal("10")
    kr: Money = Decimal("10000.00")
    kilde: str = DEFAULT_SOURCE


class Opfoelgning(Model):
    """Report due dates and the deviation threshold of a round."""

    #: The status reports' due dates, in order (empty: not known).
    statusrapporter: list[date] = Field(default=[])
    #: The final report's due date (none: not known).
    slutrapport: date | None = None
    #: The final report is due this many months after the project's end (when no date is given).
    slutrapport_maaneder: Annotated[int, Field(ge=0, le=60)] | None = None
    #: The audited account's due date (none: not known).
    regnskab: date | None = None
    afvigelse: Afvigelse = Field(default_factory=Afvigelse)
    kilde: list[str] | str | None = None
