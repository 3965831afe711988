"""Rendering: the STAR form and the budget attachment as Word, Excel and (via office/) PDF."""
