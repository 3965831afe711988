"""The shared library of answer kinds: one class per kind, one module each, named by the word a
form's question names it with (``type: beloeb`` → ``beloeb.py``), imported when first used
(``kind(word)``). See ``schemas.kinds.base`` for the contract every kind fulfils."""

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
    all_kinds,
    all_messages,
    blank,
    kind,
    register,
    words,
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
    "all_kinds",
    "all_messages",
    "blank",
    "kind",
    "register",
    "words",
]
