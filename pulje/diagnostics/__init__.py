"""Diagnostics: findings with a stable code, severity, place, Danish message and hint."""

from pulje.diagnostics.i18n import N_, Translator, default_language
from pulje.diagnostics.model import (
    ANSWERS,
    EXCEL,
    WORD,
    Diagnostic,
    Hint,
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
    hint_for,
)
from pulje.diagnostics.report import render_json, render_text, summary

__all__ = [
    "ANSWERS",
    "EXCEL",
    "N_",
    "WORD",
    "Hint",
    "hint_for",
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
