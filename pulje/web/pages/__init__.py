"""The parts of ``pulje web``, one module each, in the order of the header's menu.

A part is a module with:

- ``ROUTES``: its Starlette routes; every endpoint is a ``handlers.page`` (GET) or a
  ``handlers.action`` (POST: CSRF-checked form, limits, role);
- ``NAV``: its links in the header and on the front page (``templating.NavItem``: text,
  route, role, one line of description);
- optionally ``setup(state)`` (when the app is built: put the part's services in
  ``state.services``), ``start(state)`` and ``stop(state)`` (when the server starts and
  stops: background work).

Its templates extend ``base.html`` and take their texts through ``_()``. Adding a part is
adding its module to ``PARTS``; ``tests/web`` then checks its routes (guards, CSRF, security
headers, no external references, the accessibility scan for its pages).
"""

from __future__ import annotations

from pulje.web.pages import (
    account,
    applications,
    archive,
    desk,
    documents,
    editor,
    home,
    portfolio,
)

# applications before editor: /ansoegninger/ny is not a draft's address
PARTS = [home, applications, editor, documents, desk, portfolio, archive, account]
