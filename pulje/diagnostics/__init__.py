"""Diagnostics: findings with a stable code, severity, place, Danish message and hint."""

from pulje.diagnostics.i18n import N_, Translator, default_language
from pulje.diagnostics.model import (
    Diagnostic,
    Kr,
    Location,
    Month,
    Msg,
    Path,
    Pct,
    Severity,
    count,
    dotted,
    has_errors,
)
from pulje.diagnostics.report import render_json, render_text, summary

__all__ = [
    "N_",
    "Diagnostic",
    "Kr",
    "Location",
    "Month",
    "Msg",
    "Path",
    "Pct",
    "Severity",
    "Translator",
    "count",
    "default_language",
    "dotted",
    "has_errors",
    "render_json",
    "render_text",
    "summary",
]
