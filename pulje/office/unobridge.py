"""The UNO side of ``pulje.office.warm``: a small program run by the Python that LibreOffice's
UNO belongs to (Debian's ``python3`` with ``python3-uno``; LibreOffice's own ``program/python``
elsewhere), never imported by pulje itself.

It connects to the running LibreOffice named on its command line, then reads one request per
line on standard input — ``{"src": "/abs/x.docx", "pdf": "/abs/x.pdf"}`` — and answers each
with one line, ``{"ok": true}`` or ``{"ok": false, "error": "…"}``. Each document is loaded as
``soffice --convert-to`` loads it (hidden, read-only, no macros, no link updates), exported
with the same filter, and closed: no document outlives its request. Nothing but the answers is
written to standard output (a stray print from UNO goes to standard error).
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

#: How long to wait for LibreOffice to listen on its pipe after it was started.
CONNECT_SECONDS = 90.0
_NEVER_EXECUTE = 0  # css.document.MacroExecMode.NEVER_EXECUTE
_NO_UPDATE = 0  # css.document.UpdateDocMode.NO_UPDATE


def _prop(name: str, value: Any) -> Any:
    prop = PropertyValue()
    prop.Name = name
    prop.Value = value
    return prop


_LOAD = (_prop("Hidden", True), _prop("ReadOnly", True),
         _prop("MacroExecutionMode", _NEVER_EXECUTE), _prop("UpdateDocMode", _NO_UPDATE))
_STORE = (_prop("FilterName", "writer_pdf_Export"), _prop("Overwrite", True))


def _desktop(pipe: str) -> Any:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)


def _convert(desktop: Any, source: str, target: str) -> None:
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0, _LOAD)
    if doc is None:
        raise RuntimeError("LibreOffice could not open the document")
    try:
        doc.storeToURL(uno.systemPathToFileUrl(target), _STORE)
    finally:
        doc.close(True)


def _warm_up(desktop: Any) -> None:
    """Load Writer once (an empty hidden document), so the first request pays no start-up."""
    doc = desktop.loadComponentFromURL("private:factory/swriter", "_blank", 0,
                                       (_prop("Hidden", True),))
    if doc is not None:
        doc.close(True)


def main(argv: list[str]) -> int:
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)  # anything else printed goes to standard error, never into the answers
    if len(argv) != 2:
        answers.write(json.dumps({"ready": False, "error": "usage: unobridge.py PIPE"}) + "\n")
        return 2
    try:
        desktop = _desktop(argv[1])
        _warm_up(desktop)
    except Exception as exc:  # noqa: BLE001 - told to the caller, which gives up on the warm path
        answers.write(json.dumps({"ready": False, "error": repr(exc)[:2000]}) + "\n")
        return 1
    answers.write(json.dumps({"ready": True}) + "\n")
    for line in sys.stdin:
        try:
            request = json.loads(line)
            _convert(desktop, str(request["src"]), str(request["pdf"]))
            reply: dict[str, Any] = {"ok": True}
        except Exception as exc:  # noqa: BLE001 - one document's failure is that request's answer
            reply = {"ok": False, "error": repr(exc)[:2000]}
        answers.write(json.dumps(reply) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
