"""Field modules: one module per kind of value, one API for all of them.

Every module in ``FIELDS`` follows ``FieldModule`` (python-stdnum's convention of
``compact/validate/is_valid/format``, written down as a Protocol):

- ``normalize(value, **context) -> str``: clean up, no judgement, cheap.
- ``validate(value, **context) -> str``: the normalized value, or raise a ``core.errors.FieldError``.
- ``is_valid(value, **context) -> bool``: ``validate`` without the exception.
- ``check(value, **context) -> FieldReport``: never raises; value, verdict, issues, details.

Context is keyword-only: ``country`` (ISO 3166 alpha-2, default ``"SE"``) plus
field-specific keys named in each module's docstring.
"""

from __future__ import annotations

from typing import Any, Protocol

from core.models import FieldReport


class FieldModule(Protocol):
    def normalize(self, value: str, **context: Any) -> str: ...

    def validate(self, value: str, **context: Any) -> str: ...

    def is_valid(self, value: str, **context: Any) -> bool: ...

    def check(self, value: str, **context: Any) -> FieldReport: ...
