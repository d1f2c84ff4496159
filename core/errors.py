"""Rensa's error tree: one base, stable machine codes, plain messages.

Every error Rensa raises carries a stable ``code`` (for programs, tests and the
add-on's ``ERROR_CODES``) and a ``message`` written for the person looking at
the sheet, plus the ``row`` and ``field`` it concerns when there is one.
Field modules raise the ``FieldError`` family (named as python-stdnum names
its exceptions); register-level problems raise ``InputError``.

>>> err = InvalidFormat("The e-mail address has no @-sign.", code="email.invalid")
>>> (err.code, str(err))
('email.invalid', 'The e-mail address has no @-sign.')
>>> isinstance(err, ValueError)
True
"""

from __future__ import annotations


class RensaError(Exception):
    """Base of every error Rensa raises on purpose."""

    code = "rensa.error"
    message = "Something went wrong."

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        row: int | None = None,
        field: str | None = None,
        suggestion: str | None = None,
    ) -> None:
        if message is not None:
            self.message = message
        if code is not None:
            self.code = code
        self.row = row
        self.field = field
        self.suggestion = suggestion
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    def to_dict(self) -> dict:
        """The JSON shape the API and the add-on show as is."""
        return {"code": self.code, "message": self.message, "row": self.row, "field": self.field}


class FieldError(RensaError, ValueError):
    """A single value is not valid for its field."""

    code = "field.invalid"
    message = "The value is not valid."


class InvalidFormat(FieldError):
    """The value has the wrong shape (characters, structure)."""

    code = "field.invalid_format"
    message = "The value has the wrong format."


class InvalidLength(InvalidFormat):
    """The value has the wrong number of characters or digits."""

    code = "field.invalid_length"
    message = "The value has the wrong length."


class InvalidChecksum(FieldError):
    """The value's check digit does not match."""

    code = "field.invalid_checksum"
    message = "The check digit does not match: the number is probably mistyped."


class InvalidComponent(FieldError):
    """A part of the value is impossible (a birth date in the future, an unknown region)."""

    code = "field.invalid_component"
    message = "A part of the value is not possible."


class InputError(RensaError, ValueError):
    """A register, file or request cannot be read as given (no header row, unknown encoding, ...)."""

    code = "input.invalid"
    message = "The input cannot be read."
