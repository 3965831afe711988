"""``pulje web``: pulje in the browser, on the same engine as the command line.

The app (Starlette, Jinja2 templates, served by uvicorn) is built of parts, one module each
under ``pulje.web.pages`` (the front page, the desk, the archive, logging in); see that
package for how a part is added. What every part shares:

- ``config``: the settings (address, base path, data folder, login, limits);
- ``handlers``: ``@page`` and ``@action``, which find the session, identify the user, check
  the role and (for every POST) the CSRF token and the body's limits, and give the handler a
  ``Web`` (who asks, the language, the form, ``render``, ``url``, ``redirect``, ``error``);
- ``identity``, ``sessions``, ``store``, ``users``: who may do what; local users with
  argon2id hashes, or the reverse proxy's trusted header; server-side sessions in SQLite;
- ``security``: the headers on every response, and the base path;
- ``templating`` and ``templates/base.html``: the layout and what every template may use;
- ``desk``: the project office's desk (uploads, batches, the check in the background);
- ``server``: ``serve``, which refuses to listen beyond this machine with no login.
"""

from pulje.web.app import build, create_app
from pulje.web.config import LoginRequired, WebConfig, WebUsageError, configure
from pulje.web.server import check_listen, serve

__all__ = [
    "LoginRequired",
    "WebConfig",
    "WebUsageError",
    "build",
    "check_listen",
    "configure",
    "create_app",
    "serve",
]
