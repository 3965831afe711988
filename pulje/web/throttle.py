"""Failed logins slow the next try: after ``tries`` failures for one name or from one address
within ``window`` seconds, that name or address waits until the window has passed."""

from __future__ import annotations

import threading
import time
from collections import deque


class Throttle:
    def __init__(self, tries: int = 5, window: float = 600.0) -> None:
        self.tries = tries
        self.window = window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        found = self._failures.setdefault(key, deque())
        while found and now - found[0] > self.window:
            found.popleft()
        return found

    def blocked(self, *keys: str) -> bool:
        now = time.monotonic()
        with self._lock:
            return any(len(self._recent(k, now)) >= self.tries for k in keys)

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._failures) > 10_000:  # many names tried: forget the old ones
                self._failures = {k: v for k, v in self._failures.items()
                                  if v and now - v[-1] <= self.window}
            for key in keys:
                self._recent(key, now).append(now)

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)
