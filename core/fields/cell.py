"""Cell: what applies to every cell, whatever its column.

Invisible characters (NBSP, zero-width spaces, BOM, soft hyphens, control
characters) are removed and runs of spaces collapse to one. A value that a
spreadsheet would run as a formula (it starts with ``=``, ``+``, ``-`` or ``@``)
gets an apostrophe in front and the issue ``cell.formula``.

The formula rule, and why: a formula can only do harm (call ``HYPERLINK``,
``IMPORTXML``, a DDE ``cmd|``) with letters or one of ``|!"$[]&;:`` in it. So a
value is left alone when it is plain data:

- a number (``-12``, ``+3,5``, ``-1.5e3``);
- phone-like text: a ``+`` or ``-`` and then only digits, spaces and ``-().,/``
  (``+46 70 123 45 67``, ``-``, ``--``);
- a value a field module has accepted, passed as ``accepted=True`` (the engine
  does this for a phone it has validated, for instance).

Everything else that starts with ``=``, ``+``, ``-`` or ``@`` is neutralised,
including ``=1+1`` (an ``=`` always means a formula) and ``@mention``.
Apps writing to Sheets should still write with ``valueInputOption=RAW``.

>>> normalize("\\u00a0Anna\\u200b   Svensson ")
'Anna Svensson'
>>> check('=HYPERLINK("http://x.se","Klicka")').value
'\\'=HYPERLINK("http://x.se","Klicka")'
>>> check("+46 70 123 45 67").issues
[]
>>> check("-12").value
'-12'
"""

from __future__ import annotations

import re
from typing import Any

from core.i18n import N_
from core.fields._util import Analysis, entry_points, issue, not_text, strip_invisible

_TRIGGERS = ("=", "+", "-", "@")
_PLAIN_DATA = re.compile(r"[+-]?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?|[+-][\d ()./,-]*")


def normalize(value: str, **context: Any) -> str:
    """Remove invisible characters and doubled spaces (no formula handling)."""
    return strip_invisible(value)


def analyse(value: Any, *, accepted: bool = False, **context: Any) -> Analysis:
    """Clean one cell and neutralise a formula; see the module docstring for the rule."""
    if not isinstance(value, str):
        return not_text("cell", value)
    cleaned = strip_invisible(value)
    if accepted or not cleaned.startswith(_TRIGGERS) or _PLAIN_DATA.fullmatch(cleaned):
        return Analysis(cleaned)
    message = N_("The value starts with {character} and a spreadsheet would run it as a formula, "
                 "so an apostrophe was added in front to keep it as text.")
    return Analysis("'" + cleaned, (issue("cell.formula", message, severity="warning", character=cleaned[0]),))


validate, is_valid, check = entry_points(analyse)
