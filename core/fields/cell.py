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

``formula_trigger`` is the one test of that rule for any text, and ``core.clean`` applies it once more to
every value it returns, after all other cleaning (OWASP's CSV-injection list: ``=``, ``+``, ``-``, ``@``,
tab and carriage return, and their full-width forms, looked for behind any leading spaces, invisible and
control characters, which a spreadsheet or a later trim may drop).

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

from core.fields._util import Analysis, entry_points, issue, not_text, strip_invisible
from core.i18n import N_
from core.models import FieldIssue

_TRIGGERS = ("=", "+", "-", "@")
# A phone may end in an extension (``+4681234567 ext. 12``, what the phone module writes): a word a
# spreadsheet cannot call, so still plain data.
_PLAIN_DATA = re.compile(r"[+-]?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?|[+-][\d ()./,-]*(?: ?(?i:ext|ankn|x)\.? ?\d{1,6})?")
# Full-width forms some spreadsheets take for the ASCII operators (Excel with an East Asian IME).
_WIDE = {"\uff1d": "=", "\uff0b": "+", "\uff0d": "-", "\uff20": "@", "\ufe62": "+", "\ufe63": "-", "\ufe66": "="}
# What may stand in front of a trigger and be dropped by a spreadsheet's import or a later trim: spaces,
# tab, carriage return and other controls, zero-width characters, BOM, NUL.
_LEADING = re.compile("[\\s\x00-\x1f\x7f-\x9f\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]+")
# First characters that need a closer look; anything else is plain text at once (the fast path).
SUSPECT_FIRST = frozenset("=+-@\t\r ") | frozenset(_WIDE) | frozenset(
    chr(c) for c in (*range(0x20), *range(0x7f, 0xa1), 0xad, 0x180e, *range(0x200b, 0x2010), *range(0x202a, 0x202f),
                     *range(0x2060, 0x2065), 0xfeff, 0x1680, *range(0x2000, 0x200b), 0x2028, 0x2029, 0x202f,
                     0x205f, 0x3000))


def formula_trigger(value: str) -> str | None:
    """The character that would make a spreadsheet run ``value`` as a formula, or None.

    A value is plain data (None) when, behind its leading spaces and invisible characters, it does not start
    with a trigger, or it is a number or phone-like text (``+46 70 123 45 67``, ``-12``): those carry no
    letters, so they cannot call anything. A leading tab or carriage return is a trigger in itself (OWASP).

    >>> [formula_trigger(v) for v in ("=1+1", "\\u200b=1+1", "+SUM(1,1)", "@SUM(A1)", "\\uff1d1+1", " =1+1")]
    ['=', '=', '+', '@', '=', '=']
    >>> [formula_trigger(v) for v in ("+46 70 123 45 67", "-12", "Anna", "'=1+1", "", "-", "+4681234567 ext. 12")]
    [None, None, None, None, None, None, None]
    >>> formula_trigger("\\tAnna"), formula_trigger("\\r\\n")
    ('\\t', '\\r')
    """
    if not value or value[0] not in SUSPECT_FIRST:
        return None
    if value[0] in "\t\r":  # OWASP: a spreadsheet's import may take what follows as the cell's start
        return value[0]
    text = _LEADING.sub("", value, count=1) if value[0] not in "=+-@" else value
    if not text:
        return None
    first = _WIDE.get(text[0], text[0])
    if first not in _TRIGGERS:
        return None
    if first in "+-" and _PLAIN_DATA.fullmatch(first + text[1:]):
        return None
    return first


def neutralise(value: str) -> str:
    """``value`` as text a spreadsheet keeps as text: an apostrophe in front when it has a formula trigger.

    >>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("+46 70 123 45 67")
    ('\\'=HYPERLINK("http://x")', '+46 70 123 45 67')
    """
    return "'" + value if formula_trigger(value) else value


def normalize(value: str, /) -> str:
    """Remove invisible characters and doubled spaces (no formula handling)."""
    return strip_invisible(value)


def analyse(value: Any, /, *, accepted: bool = False) -> Analysis:
    """Clean one cell and neutralise a formula; see the module docstring for the rule."""
    if not isinstance(value, str):
        return not_text("cell", value)
    cleaned = strip_invisible(value)
    trigger = None if accepted else formula_trigger(cleaned)
    if trigger is None:
        return Analysis(cleaned)
    return Analysis("'" + cleaned, (formula_issue(trigger),))


FORMULA_MESSAGE = N_("The value starts with {character} and a spreadsheet would run it as a formula, "
                     "so an apostrophe was added in front to keep it as text.")


def formula_issue(character: str) -> FieldIssue:
    """The ``cell.formula`` warning for a value that starts with ``character``."""
    return issue("cell.formula", FORMULA_MESSAGE, severity="warning", character=character)


validate, is_valid, check = entry_points(analyse)
