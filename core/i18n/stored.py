"""A sentence kept for later: its stable code, its English template and its arguments, said on read.

Work that runs with nobody asking (the bounce flush, upkeep) writes notes and errors that a person reads
later, through the API, in the language *their* request asks for. So what is kept is not the sentence but
what makes it: a ``Said`` with a code (stable, for programs), the ``N_``-marked English template (or a
``Nn_`` singular/plural pair with its ``n``) and the arguments, kept as JSON. ``Said.text(language)``
renders it; a ``Said`` among the arguments of another renders itself in the same language (the
Translator calls ``.text``), so "waiting: <the reason>" nests.

What is kept must not be register contents (docs/i18n.md): arguments are codes, counts, row numbers,
a column or tab name (pointers the register row itself holds), never a cell's value.

Text stored before sentences were kept this way (plain English) is shown as it is (``shown``).

>>> rows = Said("example.rows", ("row {rows}", "rows {rows}"), n=2, rows=[3, 7])
>>> note = Said("example.waiting", "waiting: {reason}", reason=rows)
>>> note.text("en"), note.to_json()
('waiting: rows 3 and 7', '{"code":"example.waiting","message":"waiting: {reason}","params":{"reason":{"code":"example.rows","message":["row {rows}","rows {rows}"],"n":2,"params":{"rows":[3,7]}}}}')
>>> Said.from_json(note.to_json()) == note
True
>>> shown("waiting: an old English note", "fi")
'waiting: an old English note'
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from core.i18n import translator

# What an argument may be once kept: JSON scalars, lists of them, and other kept sentences.
_SCALARS = (str, int, float, bool, type(None))


@dataclass(frozen=True, init=False)
class Said:
    """A sentence to say later: ``code``, the English ``message`` (or a (singular, plural) pair with ``n``)."""

    code: str
    message: str | tuple[str, str]
    params: Mapping[str, Any] = field(default_factory=dict)
    n: int | None = None

    def __init__(self, code: str, message: str | tuple[str, str] | list[str], /, *, n: int | None = None,
                 **params: Any) -> None:
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "message", tuple(message) if isinstance(message, (list, tuple)) else message)
        object.__setattr__(self, "params", {name: _keepable(value) for name, value in params.items()})
        object.__setattr__(self, "n", n)

    def __hash__(self) -> int:
        return hash(self.to_json())

    @classmethod
    def of_error(cls, error: Any) -> Said:
        """A ``core.errors.RensaError`` (anything with ``code``, ``template``, ``params``) kept as said."""
        known = {name: value for name in ("row", "field") if (value := getattr(error, name, None)) is not None}
        params = dict(error.params or {})
        if isinstance(error.template, tuple):  # a singular/plural message: its count picks the form
            return cls(error.code, error.template, n=params.pop("n"), **known, **params)
        return cls(error.code, error.template, **known, **params)

    def text(self, language: str | None = "en") -> str:
        """The sentence in ``language``; English (and then the bare template) if the language cannot fill it,
        so a kept note never breaks the answer that shows it."""
        for candidate in (language, "en"):
            try:
                return self._render(candidate)
            except (KeyError, IndexError, ValueError, TypeError):
                continue
        return self.message if isinstance(self.message, str) else self.message[1]

    def _render(self, language: str | None) -> str:
        t = translator(language)
        if isinstance(self.message, tuple):
            return t.n_(*self.message, self.n if self.n is not None else 2, **self.params)
        counted = {"n": self.n} if self.n is not None else {}  # ``{n}`` of a one-form message (an error's count)
        return t._(self.message, **counted, **self.params)

    def __str__(self) -> str:
        return self.text("en")

    # --- kept as JSON ---------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        kept: dict[str, Any] = {"code": self.code, "message": list(self.message) if isinstance(self.message, tuple)
                                else self.message}
        if self.n is not None:
            kept["n"] = self.n
        if self.params:
            kept["params"] = {name: _plain(value) for name, value in self.params.items()}
        return kept

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_dict(cls, kept: Mapping[str, Any]) -> Said:
        params = {name: _revived(value) for name, value in (kept.get("params") or {}).items()}
        return cls(str(kept["code"]), kept["message"], n=kept.get("n"), **params)

    @classmethod
    def from_json(cls, text: str | None) -> Said | None:
        """The kept sentence, or None for anything else (an old plain-English note, nothing)."""
        if not text or not text.startswith("{"):
            return None
        try:
            kept = json.loads(text)
        except ValueError:
            return None
        if not isinstance(kept, dict) or not {"code", "message"} <= kept.keys():
            return None
        return cls.from_dict(kept)


def shown(text: str | None, language: str | None) -> str | None:
    """A stored note or error as a person reads it in ``language`` (old plain text as it is)."""
    said = Said.from_json(text)
    return said.text(language) if said is not None else text


def code_of(text: str | None) -> str | None:
    """The stable code of a stored note or error (None for old plain text)."""
    said = Said.from_json(text)
    return said.code if said is not None else None


def _keepable(value: Any) -> Any:
    """An argument as it can be kept: a sentence stays one, an error becomes one, lists of scalars stay, and
    anything else becomes its text (no object is pickled into the database)."""
    if isinstance(value, (Said, *_SCALARS)):
        return value
    if hasattr(value, "template") and hasattr(value, "code"):
        return Said.of_error(value)
    if isinstance(value, (list, tuple)) and all(isinstance(item, _SCALARS) for item in value):
        return list(value)
    return str(value)


def _plain(value: Any) -> Any:
    return value.to_dict() if isinstance(value, Said) else value


def _revived(value: Any) -> Any:
    if isinstance(value, dict) and {"code", "message"} <= value.keys():
        return Said.from_dict(value)
    return value
