"""The round's form as the page draws it: the sections, and for each question a node for its
widget template's macro (``templates/widgets.html``), with every field's name, id, label and
the text it holds. Built from the kinds' widget descriptors and the round's facts (months,
years) only — no pool, round or form is named here.

While building, every field and every question's block is registered in ``Layout``: a
finding's path is drawn at the nearest field on it, listed in the block of its question
(``findings.place``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pulje.diagnostics.i18n import N_, Translator
from pulje.web.editor.fields import CHOICE, YEARS, Facts, Item, items, text, value_at
from pulje.web.editor.names import Path, field_id, name, normal
from schemas.form import Form
from schemas.kinds import Widget

ADD, REMOVE = "tilfoej", "fjern"
#: The row number a table's template row carries, for the script to replace.
TEMPLATE_ROW = "__i__"


#: How a choice cell reads an answer's text as one of its choices (None: it is none of them).
Reader = Callable[[str], Any]


@dataclass
class Layout:
    """Where the page has each field (path → its id, label, and whether it is an input that
    can be marked invalid: a table or a row is a place, no input) and each block (a question,
    or a section, with the findings listed in it)."""

    fields: dict[Path, tuple[str, str, bool]] = field(default_factory=dict)
    blocks: dict[Path, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # block id → its question
    order: list[str] = field(default_factory=list)  # the blocks in the page's order

    def field(self, path: Path, label: str, *, is_input: bool = True,
              dom: str | None = None) -> str:
        dom = dom or field_id(path)
        self.fields[normal(path)] = (dom, label, is_input)
        return dom

    def block(self, path: Path, label: str, prefix: str = "spm-") -> str:
        dom = prefix + field_id(path).removeprefix("felt-")
        self.blocks[normal(path)] = dom
        self.labels[dom] = label
        self.order.append(dom)
        return dom


class Builder:
    def __init__(self, form: Form, facts: Facts, data: Mapping[str, Any] | None,
                 extra_rows: Mapping[str, int] | None = None,
                 tr: Translator | None = None) -> None:
        self.tr = tr or Translator("da")
        self.form = form
        self.facts = facts
        self.data = data or {}
        self.extra_rows = extra_rows or {}
        self.layout = Layout()

    # --- cells -----------------------------------------------------------------------------

    def cell(self, path: Path, label: str, word: str, *, value: Any = None,
             take: bool = True, **more: Any) -> dict[str, Any]:
        """One field: its name and id, its label, and the text it holds."""
        if take:
            value = value_at(self.data, path)
        kind_type = more.get("type", "text")
        return {"id": self.layout.field(path, label), "name": name(path), "label": label,
                "kind": word, "value": text(word, value, kind_type),
                "type": kind_type, **more}

    def template_cell(self, path: Path, label: str, word: str, **more: Any) -> dict[str, Any]:
        """A cell of a table's template row (not registered: it is no field yet)."""
        return {"id": field_id(path), "name": name(path), "label": label, "kind": word,
                "value": "", "type": "text", **more}

    # --- the form --------------------------------------------------------------------------

    def sections(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        by_section: dict[str, list[Item]] = {}
        for item in items(self.form):
            by_section.setdefault(item.section.id, []).append(item)
        switches = self.form.switches
        for section in self.form.afsnit:
            heading = section.overskrift or ""
            block = self.layout.block((section.id,), heading or section.id, "afsnit-fund-")
            nodes = self._nodes(by_section.get(section.id, []))
            for node in nodes:
                node.setdefault("caption", heading)
            switch = switches.get(section.id)
            out.append({"id": section.id, "dom": "afsnit-" + section.id, "block": block,
                        "heading": heading, "intro": section.intro or "", "nodes": nodes,
                        "switch": {"name": name(switch[0]), "option": switch[1]}
                        if switch else None})
        return out

    def _nodes(self, section_items: list[Item]) -> list[dict[str, Any]]:
        nodes: list[dict[str, Any]] = []
        for item in section_items:
            node = self.node(item.widget, item.path)
            group = item.widget.attrs.get("group")
            last = nodes[-1] if nodes else None
            if (group and last is not None and last["template"] == "counts"
                    and last.get("group") == group):
                last["rows"] += node["rows"]
                continue
            nodes.append(node)
        return nodes

    def node(self, widget: Widget, path: Path) -> dict[str, Any]:
        a = dict(widget.attrs)
        label = str(a.get("label") or "")
        hint = self.tr.gettext(a["hint"]) if a.get("hint") else ""
        base = {"template": widget.template, "label": label, "note": a.get("note") or "",
                "hint": hint, "name": name(path)}
        if widget.template == "counts":
            # a row of a table that consecutive questions of its group share
            block = self.layout.block(path, label)
            row = {"label": label, "block": block,
                   "cells": [self.cell((*path, n), f"{label}: {t}", k, inputmode="numeric")
                             for n, t, k in a["columns"]]}
            return {**base, "group": a.get("group"), "block": None,
                    "columns": [t for _n, t, _k in a["columns"]], "rows": [row]}
        base["block"] = self.layout.block(path, label)
        build = getattr(self, "_" + widget.template, None)
        if build is None:
            return {**base, "template": "unknown"}
        found: dict[str, Any] = build(a, path, label)
        return {**base, **found}

    # --- one method per widget template ----------------------------------------------------

    def _input(self, a: Mapping[str, Any], path: Path, label: str) -> dict[str, Any]:
        extra = {k: a[k] for k in ("inputmode", "list", "placeholder") if a.get(k)}
        return {"cell": self.cell(path, label, a["kind"], type=a.get("type", "text"),
                                  **extra),
                "suffix": a.get("suffix") or ""}

    def _textarea(self, a: Mapping[str, Any], path: Path, label: str) -> dict[str, Any]:
        return {"cell": self.cell(path, label, a["kind"], type="textarea"),
                "rows": a.get("rows", 6)}

    def _lines(self, a: Mapping[str, Any], path: Path, label: str) -> dict[str, Any]:
        return {"cell": self.cell(path, label, a["kind"], type="textarea"), "rows": 4}

    def _janej(self, a: Mapping[str, Any], path: Path, label: str) -> dict[str, Any]:
        where = (*path, a["key"]) if a.get("key") else path
        value = value_at(self.data, where)
        dom = self.layout.field(where, label)
        shown = text("janej", value)
        return {"radio": {"name": name(where), "id": dom, "value": shown,
                          "raw": shown if shown not in ("", "ja", "nej") else ""},
                "deps": [self.node(dep, (*path, dep.attrs["name"]))
                         for dep in a.get("hvis_ja", ())]}

    def _radio(self, a: Mapping[str, Any], path: Path, label: str) -> dict[str, Any]:
        value = value_at(self.data, path)
        chosen = [str(v) for v in value] if isinstance(value, list) else (
            [str(value)] if value is not None else [])
        first = self.layout.field(path, label)
        options = [{"value": oid, "text": otext, "id": first if i == 0 else f"{first}-{i}",
                    "checked": oid in chosen} for i, (oid, otext) in enumerate(a["options"])]
        known = {o["value"] for o in options}
        return {"options": options, "raw": ", ".join(c for c in chosen if c not in known),
                "switches": a.get("switches") or {}}

    _checkboxes = _radio

    def _person(self, a: Mapping[str, Any], path: Path, label: str) -> dict[str, Any]:
        return {"cells": [self.cell((*path, n), t, k) for n, t, k in a["fields"]]}

    def _measurements(self, a: Mapping[str, Any], path: Path, label: str) -> dict[str, Any]:
        key = a.get("key")
        where = (*path, key) if key else path
        table = a.get("title") or label
        months = [{"label": self.facts.month_name(m),
                   "cell": self.cell((*where, m), f"{table}: {self.facts.month_name(m)}",
                                     a["value_kind"], inputmode="decimal")}
                  for m in self.facts.month_keys(value_at(self.data, where))]
        baseline = [self.cell((*path, n), f"{table}: {t}", k, title=t)
                    for n, t, k in a.get("baseline", ())]
        return {"title": a.get("title") or "", "table_note": a.get("table_note") or "",
                "unit": a.get("unit") or "", "months": months, "baseline": baseline,
                "baseline_month": self.facts.baseline or ""}

    def _quarters(self, a: Mapping[str, Any], path: Path, label: str) -> dict[str, Any]:
        years = []
        for year in self.facts.year_keys(value_at(self.data, path)):
            cells = [self.cell((*path, year, n),
                               self.tr.format(N_("quarter {n} of {year}"),
                                              {"n": n, "year": year}),
                               a["cell_kind"], type="textarea") for n in range(1, 5)]
            years.append({"year": year, "cells": cells})
        return {"years": years}

    def _rows(self, a: Mapping[str, Any], path: Path, label: str) -> dict[str, Any]:
        return {"table": self.table(path, label, a.get("title") or label, a["columns"], {}),
                "table_note": a.get("table_note") or ""}

    def _budget(self, a: Mapping[str, Any], path: Path, label: str) -> dict[str, Any]:
        tables = []
        for spec in a["tables"]:
            table = self.table((*path, spec["key"]), spec["title"], spec["title"],
                               spec["columns"], a.get("choices") or {}, a.get("read") or {})
            table["amount"] = list(spec.get("amount") or [])
            table["key"] = spec["key"]
            tables.append(table)
        return {"tables": tables, "years": list(self.facts.years)}

    # --- tables of rows --------------------------------------------------------------------

    def table(self, path: Path, label: str, title: str, columns: Any,
              choices: Mapping[str, Any], read: Mapping[str, Reader] | None = None
              ) -> dict[str, Any]:
        value = value_at(self.data, path)
        rows_data = value if isinstance(value, list) else []
        count = len(rows_data) + self.extra_rows.get(name(path), 0)
        if count == 0:
            count = 1  # an empty table shows one empty row to fill in
        years = self.facts.year_keys(None)
        for row in rows_data:
            if isinstance(row, Mapping):
                for col, _t, word in columns:
                    if word == YEARS:
                        years = sorted({*years, *self.facts.year_keys(row.get(col))})
        heads = []
        for col, col_title, word in columns:
            if word == YEARS:
                heads += [{"title": f"{col_title} {y}", "col": col, "year": y, "wide": False}
                          for y in years]
            else:
                heads.append({"title": col_title, "col": col, "year": None,
                              "wide": word == "linje"})
        dom = self.layout.field(path, label, is_input=False, dom="tabel-" + field_id(path))
        rows = [self._row(path, i, columns, choices, years, template=False, read=read)
                for i in range(count)]
        for row in rows[len(rows_data):] if self.extra_rows.get(name(path)) else []:
            row["new"] = True  # added without the script: its first field gets the focus
        return {"name": name(path), "label": label, "title": title, "heads": heads,
                "rows": rows, "template": self._row(path, TEMPLATE_ROW, columns, choices,
                                                    years, template=True),
                "add": f"{ADD}:{name(path)}", "id": dom}

    def _row(self, path: Path, index: Any, columns: Any, choices: Mapping[str, Any],
             years: list[int], *, template: bool, read: Mapping[str, Reader] | None = None
             ) -> dict[str, Any]:
        number = index + 1 if isinstance(index, int) else 0

        def labelled(title: str) -> str:
            if not number:
                return title
            return self.tr.format(N_("{column}, row {n}"), {"column": title, "n": number})

        cells = []
        for col, col_title, word in columns:
            where = (*path, index, col)
            label = labelled(col_title)
            make = self.template_cell if template else self.cell
            if word == YEARS:
                for y in years:
                    cells.append(make((*where, y), labelled(f"{col_title} {y}"), "beloeb",
                                      inputmode="decimal", col=col, year=y,
                                      title=f"{col_title} {y}"))
            elif word == CHOICE:
                cells.append(make(where, label, word, choices=choices.get(col, []),
                                  type="select", col=col, title=col_title))
                _as_choice(cells[-1], (read or {}).get(col))
            else:
                cells.append(make(where, label, word, col=col, title=col_title,
                                  inputmode="decimal" if word in ("beloeb", "tal", "antal")
                                  else None))
        if not template and cells:
            # a finding about a whole row (an amount missing) points at its first cell
            self.layout.field((*path, index),
                              self.tr.format(N_("row {n}"), {"n": number}), is_input=False,
                              dom=cells[0]["id"])
        return {"index": index, "number": number, "cells": cells,
                "remove": f"{REMOVE}:{name((*path, index))}"}


def _as_choice(cell: dict[str, Any], read: Reader | None) -> None:
    """A choice cell's value as one of its choices when the kind reads it as one (an old id
    of a budget category shown as the guide's category, as the budget model reads it)."""
    known = {str(value) for value, _text in cell["choices"]}
    if read is None or not cell["value"] or cell["value"] in known:
        return
    found = read(cell["value"])
    if found is not None and str(found) in known:
        cell["value"] = str(found)


def build(form: Form, facts: Facts, data: Mapping[str, Any] | None,
          extra_rows: Mapping[str, int] | None = None, tr: Translator | None = None
          ) -> tuple[list[dict[str, Any]], Layout]:
    """The page's sections and the layout of its fields and blocks."""
    builder = Builder(form, facts, data, extra_rows, tr)
    return builder.sections(), builder.layout
