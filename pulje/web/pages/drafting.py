"""What the pages of applications share (no routes of its own): the draft store and the gauge
in ``state.services``, who may see which draft, a draft's round and answers, and the answer
file a version is written as.

A draft is its owner's; the project office (kontor) sees and may change every draft.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from starlette.responses import Response

from pulje.answers.filled import filled_text
from pulje.diagnostics.errors import PuljeError
from pulje.diagnostics.i18n import N_
from pulje.pools import Pool, Runde, load_pool
from pulje.web.config import KONTOR
from pulje.web.editor.fields import Facts, value_at
from pulje.web.editor.gauge import GaugeJobs
from pulje.web.editor.store import Draft, DraftStore
from pulje.web.handlers import State, Web
from pulje.yamlsource import parse

STORE, GAUGE = "drafts.store", "drafts.gauge"
#: The answer that names the project (as the engine's facts take it: documents.facts).
PROJECT = ("identifikation", "projektnavn")


def setup(state: State) -> None:
    if STORE not in state.services:
        store = DraftStore(state.config.data_dir)
        state.services[STORE] = store
        state.services[GAUGE] = GaugeJobs(store)


def store(web: Web | State) -> DraftStore:
    state = web.state if isinstance(web, Web) else web
    found: DraftStore = state.services[STORE]
    return found


def gauge(web: Web | State) -> GaugeJobs:
    state = web.state if isinstance(web, Web) else web
    found: GaugeJobs = state.services[GAUGE]
    return found


def user_name(web: Web) -> str:
    return web.identity.name if web.identity is not None else ""


def may_see(web: Web, draft: Draft) -> bool:
    who = web.identity
    return who is not None and (who.role == KONTOR or draft.owner == who.name)


def visible(web: Web) -> Draft | None:
    """The draft the address names, if this user may see it."""
    draft = store(web).get(str(web.request.path_params.get("draft", "")))
    return draft if draft is not None and may_see(web, draft) else None


def gone(web: Web) -> Response:
    return web.error(404, N_("No such application"),
                     N_("There is no application at this address that you may see."),
                     N_("Find it in the list of applications, or start a new one."))


@dataclass
class Opened:
    """A draft with its pool, round and the answers of a version."""

    draft: Draft
    pool: Pool
    runde: Runde
    text: str
    data: dict[str, Any]

    @property
    def facts(self) -> Facts:
        return Facts.of(self.runde)

    @property
    def file_name(self) -> str:
        return answer_file_name(self.data)


def open_draft(web: Web, draft: Draft, version: int | None = None) -> Opened | None:
    """The draft's pool, round and answers (its current version by default); None when the
    version is no longer kept or the pool or round is gone."""
    text = store(web).text(draft, version)
    if text is None:
        return None
    try:
        pool = load_pool(draft.pulje)
        runde = pool.runde(draft.runde)
    except PuljeError:
        return None
    return Opened(draft, pool, runde, text, data_of(text))


def data_of(text: str) -> dict[str, Any]:
    """An answer file's answers as plain values (what the form shows; never refused here:
    the findings say what is wrong)."""
    doc = parse(text, "svar.yaml")
    return doc.data if isinstance(doc.data, dict) else {}


def title_of(data: dict[str, Any]) -> str:
    value = value_at(data, PROJECT)
    return " ".join(str(value).split())[:200] if value else ""


def slug(text: str, fallback: str = "ansoegning") -> str:
    """A file name from a project's name: "Ressourceforløb med fokus" → ressourceforloeb-med-
    fokus (at most 60 characters), for the files a user downloads."""
    folded = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    ascii_only = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_only)
    out = "-".join(words)[:60].strip("-")
    return out or fallback


def answer_file_name(data: dict[str, Any]) -> str:
    return slug(title_of(data)) + ".yaml"


def answers_text(pool: Pool, runde: Runde, data: dict[str, Any]) -> str:
    """The answer file of a version (the starter's layout, the questions as comments)."""
    header = [f"Svarfil til {pool.navn}, runde {runde.id}, skrevet i pulje web.",
              "Kontrollér den med:  pulje validate <denne fil>"]
    return filled_text(pool, runde, data, header=header)
