"""Rensa's error tree: one base, stable machine codes, plain messages.

Every error Rensa raises carries a stable ``code`` (for programs, tests and the
add-on's ``ERROR_CODES``) and a ``message`` written for the person looking at
the sheet, plus the ``row`` and ``field`` it concerns when there is one.
Field modules raise the ``FieldError`` family (named as python-stdnum names
its exceptions); register-level problems raise ``InputError``.

A message is an English template marked with ``N_`` and filled with keyword ``params`` (never an
f-string), so every surface can show it in the user's language (``text(language)``, ``to_dict``):

>>> err = InvalidFormat("The e-mail address has no @-sign.", code="email.invalid")
>>> (err.code, str(err))
('email.invalid', 'The e-mail address has no @-sign.')
>>> isinstance(err, ValueError)
True
>>> err = InputError(N_("{file}: the file does not exist."), code="input.unreadable", file="kunder.csv")
>>> err.message, err.params
('kunder.csv: the file does not exist.', {'file': 'kunder.csv'})

A message that counts something is an ``Nn_`` (singular, plural) pair; ``n`` picks the form, by the
language's own plural rule:

>>> from core.i18n import Nn_
>>> InputError(Nn_("{file}: the file has only {n} row.", "{file}: the file has only {n} rows."), file="a.csv", n=1).message
'a.csv: the file has only 1 row.'
"""

from __future__ import annotations

from typing import Any

from core.i18n import N_, translator


class RensaError(Exception):
    """Base of every error Rensa raises on purpose."""

    code = "rensa.error"
    message = N_("Something went wrong.")

    def __init__(
        self,
        message: str | tuple[str, str] | None = None,
        *,
        code: str | None = None,
        row: int | None = None,
        field: str | None = None,
        suggestion: str | None = None,
        **params: Any,
    ) -> None:
        self.template: str | tuple[str, str] = message if message is not None else type(self).message
        if isinstance(self.template, tuple) and not isinstance(params.get("n"), int):
            raise TypeError("a singular/plural message needs its count as n=")
        self.params = params
        self.row = row
        self.field = field
        self.suggestion = suggestion
        self.message = self._render("en")
        if code is not None:
            self.code = code
        super().__init__(self.message)

    def _render(self, language: str | None) -> str:
        # ``{row}`` and ``{field}`` in a message are the error's own row and field.
        known = {name: value for name, value in (("row", self.row), ("field", self.field)) if value is not None}
        params = {**known, **self.params}
        t = translator(language)
        if isinstance(self.template, tuple):
            n = params.pop("n")
            return t.n_(*self.template, n, **params)
        return t._(self.template, **params) if params else t._(self.template)

    def __str__(self) -> str:
        return self.message

    def text(self, language: str | None = "en") -> str:
        """The message in ``language`` (English when the catalogue has no translation)."""
        if self.message != self._render("en"):
            return self.message  # a caller rewrote the message: show what it wrote
        return self._render(language)

    def to_dict(self, language: str | None = "en") -> dict:
        """The JSON shape the API and the add-on show as is, the message in ``language``."""
        return {"code": self.code, "message": self.text(language), "row": self.row, "field": self.field}


class FieldError(RensaError, ValueError):
    """A single value is not valid for its field."""

    code = "field.invalid"
    message = N_("The value is not valid.")


class InvalidFormat(FieldError):
    """The value has the wrong shape (characters, structure)."""

    code = "field.invalid_format"
    message = N_("The value has the wrong format.")


class InvalidLength(InvalidFormat):
    """The value has the wrong number of characters or digits."""

    code = "field.invalid_length"
    message = N_("The value has the wrong length.")


class InvalidChecksum(FieldError):
    """The value's check digit does not match."""

    code = "field.invalid_checksum"
    message = N_("The check digit does not match: the number is probably mistyped.")


class InvalidComponent(FieldError):
    """A part of the value is impossible (a birth date in the future, an unknown region)."""

    code = "field.invalid_component"
    message = N_("A part of the value is not possible.")


class InputError(RensaError, ValueError):
    """A register, file or request cannot be read as given (no header row, unknown encoding, ...)."""

    code = "input.invalid"
    message = N_("The input cannot be read.")
    file: object = None  # the CLI sets the file it was reading, so its error line can name it
