"""The shared library of answer kinds: one class per kind, one module each, registered by the
word a form's question names it with (``type: beloeb``). See ``schemas.kinds.base`` for the
contract every kind fulfils."""

from schemas.kinds import (  # noqa: F401  (each module registers its kind)
    antal,
    beloeb,
    budget,
    dato,
    deltagere,
    janej,
    kommune,
    linje,
    linjer,
    maaltal,
    maaned,
    maanedstal,
    medansoegere,
    medarbejdere,
    person,
    procent,
    tekst,
    tidsplan,
    uger,
    valg,
)
from schemas.kinds.base import (
    KINDS,
    Blank,
    FormWriter,
    Kind,
    Leaf,
    Ref,
    RoundFacts,
    Starter,
    Unfit,
    Widget,
    all_messages,
    blank,
    kind,
    register,
)

__all__ = [
    "KINDS",
    "Blank",
    "FormWriter",
    "Kind",
    "Leaf",
    "Ref",
    "RoundFacts",
    "Starter",
    "Unfit",
    "Widget",
    "all_messages",
    "blank",
    "kind",
    "register",
]
