"""Shared plumbing for the field modules: text coercion, invisible characters, reports.

Every module analyses a value into ``(value, issues, details)`` once; ``check``,
``validate`` and ``is_valid`` are thin wrappers built here, the way stdnum's
``is_valid`` wraps ``validate``.

>>> strip_invisible("\\u00a0Anna\\u200b  Svensson\\ufeff ")
'Anna Svensson'
>>> issue("email.role", "A role address.", severity="warning").severity
'warning'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from inspect import signature
from typing import Any, NamedTuple, ParamSpec

from core import errors
from core.i18n import N_, translator
from core.models import FieldIssue, FieldReport, Severity

# Zero-width characters, BOM, soft hyphen, word joiner, bidi marks: never meant to be data.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
# C0/C1 control characters (tab and newlines included): a cell value is one line.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
# Every Unicode space (NBSP, thin space, ideographic space, ...) and runs of them.
_SPACES = re.compile(r"\s+")

ENGLISH = translator("en")
# The keyword-only options of one module's analyse(), which its validate, is_valid and check take too.
Options = ParamSpec("Options")

# Anything longer than this is not a value of any field; refusing it keeps regexes linear and cheap.
MAX_INPUT = 1000


class Analysis(NamedTuple):
    """What a module found: the value to store, the issues and the details (immutable, cacheable)."""

    value: str
    issues: tuple[FieldIssue, ...] = ()
    details: tuple[tuple[str, Any], ...] = ()


def strip_invisible(value: str) -> str:
    """Drop invisible and control characters, turn every space into one ASCII space, trim."""
    if value.isascii() and value.isprintable() and "  " not in value:
        return value.strip()
    value = _CONTROL.sub(" ", _INVISIBLE.sub("", value))
    return _SPACES.sub(" ", value).strip()


def issue(code: str, message: str, /, *, severity: Severity = "error", suggestion: str | None = None,
          raises: type[errors.FieldError] | None = None, **params: Any) -> FieldIssue:
    """One FieldIssue; a small wrapper so modules read as tables of codes and messages.

    ``message`` is the English text marked with ``N_`` (the catalogue key); ``params`` fill its
    ``{placeholders}``. The issue keeps both, so a surface shows it in any language (``core.i18n``):

    >>> found = issue("email.typo", "Did you mean {domain}?", severity="warning", domain="gmail.com")
    >>> found.message, found.params, found.template
    ('Did you mean gmail.com?', {'domain': 'gmail.com'}, 'Did you mean {domain}?')

    ``raises`` is the exception ``validate`` raises for an error, named by the code that found it (stdnum's
    ``raise InvalidChecksum()``): ``InvalidLength``, ``InvalidChecksum`` or ``InvalidComponent``; left out,
    ``InvalidFormat``. The words of the message never choose it.
    """
    text = ENGLISH._(message, **params) if params else message
    return FieldIssue(code=code, severity=severity, message=text, suggestion=suggestion, params=params or None,
                      template=message, raises=raises)


def not_text(kind: str, value: Any) -> Analysis:
    """The analysis of a value that is not a string at all (None, a number, an object)."""
    shown = "" if value is None else str(value)[:MAX_INPUT] if isinstance(value, int | float) else ""
    return Analysis(shown, (issue(f"{kind}.invalid", N_("The value is not text.")),))


def too_long(kind: str, value: str) -> Analysis:
    return Analysis(value[:MAX_INPUT], (issue(f"{kind}.invalid", N_("The value is far too long for this column."),
                                              raises=errors.InvalidLength),))


def empty(kind: str) -> Analysis:
    return Analysis("", (issue(f"{kind}.empty", N_("The cell is empty."), raises=errors.InvalidLength),))


# What exports and formulas leave in empty cells: never a name, street or city. (Issue code: <kind>.placeholder.)
EMPTY_MARKERS = frozenset(
    "nan null none n/a na #n/a - -- --- ? ?? x xx xxx undefined #value! #ref! #name? #div/0! #null! #num!".split()
)


def empty_marker(kind: str, text: str) -> Analysis | None:
    """The analysis of a cell that only marks emptiness (``NaN``, ``#N/A``), or None for real text."""
    if len(text) <= 9 and text.casefold() in EMPTY_MARKERS:
        return Analysis(text, (issue(f"{kind}.placeholder", N_("The cell holds a placeholder ({text}), not a value."), text=text),))
    return None


def first_error(analysis: Analysis) -> FieldIssue | None:
    return next((i for i in analysis.issues if i.severity == "error"), None)


def to_report(analysis: Analysis) -> FieldReport:
    """A fresh FieldReport (callers may mutate it; the cached analysis stays untouched)."""
    return FieldReport.model_construct(
        value=analysis.value,
        valid=first_error(analysis) is None,
        issues=list(analysis.issues),
        details=dict(analysis.details),
    )


def start(kind: str, value: Any, limit: int) -> Analysis | str:
    """The shared first steps of a text field: not text, empty, far too long; else the tidied text.

    >>> start("name", "  Anna\u200b ", 200), start("name", "", 200).issues[0].code
    ('Anna', 'name.empty')
    """
    if not isinstance(value, str):
        return not_text(kind, value)
    text = strip_invisible(value[: limit * 4])
    if not text:
        return empty(kind)
    if len(text) > limit:
        return too_long(kind, text[:limit])
    return text


def entry_points(analyse: Callable[Options, Analysis]) -> tuple[Callable[Options, str], Callable[Options, bool],
                                                                  Callable[Options, FieldReport]]:
    """``validate``, ``is_valid`` and ``check`` of a module, built from its ``analyse`` (stdnum's wrappers).

    Each takes exactly ``analyse``'s parameters (its keyword-only options), so a misspelt option is a
    TypeError at the call and a finding for the type checker, not a default quietly used:

    >>> def analyse(value, /, *, kind="full"):
    ...     return empty("name")
    >>> validate, is_valid, check = entry_points(analyse)
    >>> is_valid("x"), check("x", kind="given").issues[0].code
    (False, 'name.empty')
    >>> check("x", knd="given")
    Traceback (most recent call last):
        ...
    TypeError: analyse() got an unexpected keyword argument 'knd'
    """

    # Each shows analyse's parameters (inspect.signature, help()) with its own name, docstring and return type.
    @wraps(analyse, assigned=("__module__",), updated=())
    def validate(*args: Options.args, **kwargs: Options.kwargs) -> str:
        """The normalized value, or raise the first error as a FieldError (warnings do not raise)."""
        return raise_for(analyse(*args, **kwargs))

    @wraps(analyse, assigned=("__module__",), updated=())
    def is_valid(*args: Options.args, **kwargs: Options.kwargs) -> bool:
        """Whether the value has no error (a value with only warnings is valid)."""
        return first_error(analyse(*args, **kwargs)) is None

    @wraps(analyse, assigned=("__module__",), updated=())
    def check(*args: Options.args, **kwargs: Options.kwargs) -> FieldReport:
        """Report on one cell: value, verdict, every issue and the details; never raises."""
        return to_report(analyse(*args, **kwargs))

    for function, returns in ((validate, "str"), (is_valid, "bool"), (check, "FieldReport")):
        setattr(function, "__signature__", signature(analyse).replace(return_annotation=returns))  # noqa: B010
    return validate, is_valid, check


def raise_for(analysis: Analysis) -> str:
    """Return the value, or raise the first error as a FieldError subclass carrying its code and message.

    >>> raise_for(empty("phone"))
    Traceback (most recent call last):
        ...
    core.errors.InvalidLength: The cell is empty.
    """
    problem = first_error(analysis)
    if problem is None:
        return analysis.value
    error = problem.raises or errors.InvalidFormat
    raise error(problem.template or problem.message, code=problem.code, suggestion=problem.suggestion,
                **(problem.params or {}))
