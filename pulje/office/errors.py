"""Errors raised by the office package; all are ``PuljeError`` so the CLI shows them in Danish."""

from __future__ import annotations

from pulje.diagnostics.errors import PuljeError


class LibreOfficeMissing(PuljeError):
    """Raised when no LibreOffice (``soffice``) can be found to convert .docx files to PDF."""


class OutdirNotWritable(PuljeError):
    """Raised when the folder the PDFs should go to cannot be created or written to."""


class UnreadablePdf(PuljeError):
    """Raised when a PDF is encrypted, damaged, too large or not a PDF at all."""
