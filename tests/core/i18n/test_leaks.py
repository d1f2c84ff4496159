"""The leak scan sees English that no catalogue knows: text for people written without a gettext marker.

``scripts/i18n_leaks.py`` reads the syntax tree of core/, cli/ and functions/; these tests show it finds a
planted sentence in every kind of place a person reads, lets marked messages, codes, log lines and SQL
through, and that the product has no unmarked text left beyond ``KNOWN`` (which may only shrink).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from scripts import i18n_leaks as leaks

# Unmarked texts for people the product still has (file: text). The list may only shrink: a new leak
# fails the test, and so does an entry that is no longer found (take it out).
KNOWN_FILE = Path(__file__).with_name("known_leaks.txt")


def _plant(tmp_path: Path, source: str, name: str = "cli/planted.py") -> list[leaks.Leak]:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return leaks.scan(tmp_path, [name])


PLANTED = {
    "print": 'import sys\nprint("Cleaning the register now", file=sys.stderr)\n',
    "stderr": 'import sys\nsys.stderr.write(f"{n} rows were read\\n")\n',
    "argparse help": 'def add(p):\n    p.add_argument("--x", help="write the report here")\n',
    "argparse description": 'import argparse\nargparse.ArgumentParser(description="Cleans registers.")\n',
    "argparse type error": 'import argparse\ndef f(t):\n    raise argparse.ArgumentTypeError(f"{t!r} is no country")\n',
    "error message": 'class RensaError(Exception): pass\nclass RequestError(RensaError): pass\n'
                     'def f(n):\n    raise RequestError(f"{n} rows is too many.", code="request.too_many_rows")\n',
    "error class message": 'class RensaError(Exception): pass\nclass Gone(RensaError):\n    message = "It is gone."\n',
    "a name passed on": 'class RensaError(Exception): pass\ndef f():\n    text = "The sheet is empty."\n'
                        '    raise RensaError(text)\n',
    "dict message": 'def f():\n    return {"code": "x.y", "message": "Try again later.", "row": None}\n',
    "validator": 'from pydantic import field_validator\nclass M:\n    @field_validator("c")\n'
                 '    def c(cls, v):\n        raise ValueError("use a two-letter code")\n',
    "HTML text": 'def page(x):\n    return f"<h1>{x}</h1><p>Quality before and after</p>"\n',
    "a stored sentence": 'WORDS = {"paid": ("Thank you.", "The credits were added to your account.")}\n',
    "a glued f-string": 'def header(name):\n    return f"{name} (register)"\n',
}


@pytest.mark.parametrize("kind", PLANTED)
def test_a_planted_english_text_is_found(tmp_path, kind):
    found = _plant(tmp_path, PLANTED[kind])
    assert len(found) == 1, (kind, found)
    assert found[0].path == "cli/planted.py"


def test_marked_messages_codes_logs_and_sql_are_not_leaks(tmp_path):
    found = _plant(tmp_path, '''
        """A module docstring: for developers."""
        import logging, sys
        from core.i18n import N_, translator
        log = logging.getLogger("x")
        class RensaError(Exception):
            message = N_("Something went wrong.")
        def f(t, n, sql):
            """A docstring with several words in it."""
            print(t._("{n} rows were read.", n=n), file=sys.stderr)
            log.warning("the cache could not be opened: %s", n)
            sql.execute("SELECT account_id FROM ledger WHERE rows > 0 ORDER BY at")
            assert n > 0, "n must be positive here"
            if n < 0:
                raise ValueError("a caller's bug: n is negative")
            raise RensaError(N_("The register has {n} rows."), code="request.too_many_rows", n=n)
        def g():
            return {"code": "request.invalid", "message": N_("The request is not valid."), "field": "rows"}
        def h(x):
            return f"<td class='num'>{x}</td>" + "{column}: {message}" + f"job:{x}" + f"secrets.{x}" + f"{x}_count"
        class Row:
            def __repr__(self):
                return f"Row({self.n} cells)"
    ''')
    assert found == []


def test_the_scan_names_the_file_line_and_place(tmp_path):
    (found,) = _plant(tmp_path, 'import sys\n\n\nprint("Done: the file was written")\n')
    assert (found.path, found.line, found.where) == ("cli/planted.py", 4, "print()")
    assert "Done: the file was written" in str(found)


def _known() -> set[str]:
    lines = KNOWN_FILE.read_text(encoding="utf-8").splitlines() if KNOWN_FILE.exists() else []
    return {line for line in lines if line.strip() and not line.startswith("#")}


def test_no_unmarked_text_for_people_beyond_the_known_list():
    found = {f"{leak.path}: {leak.text!r}" for leak in leaks.scan()}
    new, fixed = sorted(found - _known()), sorted(_known() - found)
    assert not new, "text for people that no catalogue will see (mark it, docs/i18n.md):\n" + "\n".join(new)
    assert not fixed, f"no longer leaks: remove from {KNOWN_FILE.name}:\n" + "\n".join(fixed)
