"""The one exception root. The CLI catches ``PuljeError`` only; anything else is a bug."""

from __future__ import annotations

from typing import Any

from pulje.diagnostics.i18n import Translator


class PuljeError(Exception):
    """Raised when pulje cannot do what was asked because of its input or its surroundings.

    ``message`` and ``hint`` are msgids (English source text, translated when shown);
    ``params`` fill their placeholders. ``exit_code`` is 2 (unusable input) unless a
    subclass says otherwise.
    """

    exit_code = 2

    def __init__(self, message: str, hint: str = "", **params: Any) -> None:
        super().__init__(message.format(**params) if params else message)
        self.message = message
        self.hint = hint
        self.params = params

    def text(self, tr: Translator) -> str:
        out = tr.format(self.message, self.params)
        if self.hint:
            out += f"\n  {tr.gettext('hint')}: {tr.format(self.hint, self.params)}"
        return out


class UnreadableInput(PuljeError):
    """Raised when a file cannot be opened or read at all."""


class UnknownPool(PuljeError):
    """Raised when an answer file or a command names a pool that has no definition."""


class WouldOverwrite(PuljeError):
    """Raised when writing would replace a file the user already has."""
