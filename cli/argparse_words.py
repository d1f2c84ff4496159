"""argparse's own words ("usage:", "options", "error: ...") in the user's language, from Rensa's catalogues.

Python's argparse says its words through ``gettext`` (its module-level ``_`` and ``ngettext``, looked up
when they are said). ``speaking(t)`` lends it the translator ``t`` while a parser is built and used (the
help and the title of the options are made when the parser is, the errors when it parses) and gives
argparse its own functions back after, so nothing outside that block changes. The messages below are
argparse's msgids exactly as Python 3.11 writes them (``%``-placeholders, filled by argparse); they are
extracted into the ``argparse`` domain. tests/cli/test_cli_language.py checks that each is still one
argparse says, and that argparse says nothing else a user can meet that is missing here.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from core.i18n import N_, Translator, translator

# What argparse says to a user of a command line it parses (its programming errors, such as a conflicting
# option string, are for the developer and stay English).
MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)


def ngettext(singular: str, plural: str, n: int) -> str:
    """A marker (Babel extracts the pair); argparse's own ``ngettext`` call is answered by the catalogue."""
    return singular if n == 1 else plural


PLURALS = (ngettext("expected %s argument", "expected %s arguments", 2),)

_SPEAKING: ContextVar[Translator | None] = ContextVar("rensa_cli_language", default=None)


def current() -> Translator:
    """The translator of the parser being used (English outside ``speaking``): argument types use it for
    their errors, which argparse shows as they are."""
    return _SPEAKING.get() or translator("en")


@contextmanager
def speaking(t: Translator) -> Iterator[Translator]:
    """Within the block, argparse (and ``current()``) speaks ``t``'s language."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    setattr(argparse, "_", t.gettext)  # noqa: B010 (argparse's own name for gettext)
    setattr(argparse, "ngettext", t.ngettext)  # noqa: B010
    token = _SPEAKING.set(t)
    try:
        yield t
    finally:
        _SPEAKING.reset(token)
        setattr(argparse, "_", saved[0])  # noqa: B010
        setattr(argparse, "ngettext", saved[1])  # noqa: B010
