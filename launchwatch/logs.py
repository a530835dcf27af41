"""Logging for every launchwatch command: one format, the libraries' chatter kept down, repeats folded.

With the broker gone, aiokafka logs the same connection error for every attempt, about a hundred a second
from one worker. An operator needs to know the state changed, not each retry: a repeated library message is
shown once, then at most once per `REPEAT_WINDOW_S`, saying how many like it were folded away.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable

from launchwatch.settings import Settings

#: The libraries whose repeated messages are folded (launchwatch's own are never folded).
LIBRARIES = ("faust", "aiokafka", "mode", "alembic")
REPEAT_WINDOW_S = 30.0


class RepeatFilter(logging.Filter):
    """Passes a library message once, then once per window, with the count of the repeats it folded."""

    def __init__(self, window_s: float = REPEAT_WINDOW_S, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.window_s = window_s
        self._clock = clock
        self._seen: dict[tuple[str, int, str], tuple[float, int]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith(LIBRARIES):
            return True
        key = (record.name, record.levelno, str(record.msg))
        now = self._clock()
        last = self._seen.get(key)
        if last is not None and now - last[0] < self.window_s:
            self._seen[key] = (last[0], last[1] + 1)
            return False
        folded = last[1] if last is not None else 0
        self._seen[key] = (now, 0)
        if folded:
            record.msg = f"{record.msg} (and {folded} more like it in the last {self.window_s:.0f} s)"
        return True


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # faust and aiokafka are chatty at INFO; their warnings still show, repeats folded.
    for noisy in (*LIBRARIES, "launchwatch.faust_transport"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))
    repeats = RepeatFilter()
    for handler in logging.getLogger().handlers:
        handler.addFilter(repeats)
