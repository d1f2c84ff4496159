"""The functions' loggers, which never write an e-mail address: a log line outlives the request, and Rensa
keeps no register contents (docs/webhooks.md, "What Rensa keeps"). A traceback can carry a cell's value in
its exception's text (``KeyError('anna@firma.se')``, a driver's message), so every record of these loggers,
its message and its formatted traceback, goes through ``core.webhooks.privacy.without_addresses`` first.

>>> import logging
>>> record = logging.LogRecord("rensa.functions", logging.ERROR, __file__, 1, "no row for %s", ("anna@firma.se",), None)
>>> NoAddresses().filter(record), record.getMessage()
(True, 'no row for …')
"""

from __future__ import annotations

import logging
import traceback

from core.webhooks.privacy import without_addresses


class NoAddresses(logging.Filter):
    """Replaces every address-like token in a record's message and traceback with ``…``."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = without_addresses(record.getMessage()), None
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = without_addresses("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
            record.exc_info = None  # the formatter prints exc_text, the scrubbed copy
        elif record.exc_text:
            record.exc_text = without_addresses(record.exc_text)
        return True


def logger(name: str) -> logging.Logger:
    """``logging.getLogger(name)`` with ``NoAddresses`` on it (once)."""
    log = logging.getLogger(name)
    if not any(isinstance(f, NoAddresses) for f in log.filters):
        log.addFilter(NoAddresses())
    return log
