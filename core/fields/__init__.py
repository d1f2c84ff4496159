"""Field modules: one module per kind of value, one API for all of them.

Every module in ``FIELDS`` follows ``FieldModule`` (python-stdnum's convention of
``compact/validate/is_valid/format``, written down as a Protocol):

- ``normalize(value, **context) -> str``: clean up, no judgement, cheap.
- ``validate(value, **context) -> str``: the normalized value, or raise a ``core.errors.FieldError``.
- ``is_valid(value, **context) -> bool``: ``validate`` without the exception.
- ``check(value, **context) -> FieldReport``: never raises; value, verdict, issues, details.

Context is keyword-only: ``country`` (ISO 3166 alpha-2, default ``"SE"``) plus
field-specific keys named in each module's docstring (``display``, ``kind``,
``today``). Every module accepts and ignores keys it does not use, so a caller
may pass one context to all of them. ``validate`` raises only for errors;
warnings (a typo suggestion, a role address) leave the value valid. An empty
cell gives ``<kind>.empty``: whether a blank is allowed is the caller's call.
``core.fields.cell`` is not a role: it applies to every cell.

>>> module, context = FIELDS["given_name"]
>>> module.validate("ÅSA-LENA", **context)
'Åsa-Lena'
>>> sorted(FIELDS) == sorted(["email", "phone", "full_name", "given_name", "family_name", "company", "street",
...     "postal_code", "city", "country", "personal_id", "org_id", "birth_date", "updated_at"])
True
"""

from __future__ import annotations

from typing import Any, Protocol

from core.models import FieldReport


class FieldModule(Protocol):
    def normalize(self, value: str, **context: Any) -> str: ...

    def validate(self, value: str, **context: Any) -> str: ...

    def is_valid(self, value: str, **context: Any) -> bool: ...

    def check(self, value: str, **context: Any) -> FieldReport: ...


# Imported after FieldModule so that the modules can import from this package freely.
from core.fields import address, cell, country, date, email, name, national_id, phone, postal_code  # noqa: E402

FIELDS: dict[str, tuple[FieldModule, dict[str, Any]]] = {
    "email": (email, {}),
    "phone": (phone, {}),
    "full_name": (name, {"kind": "full"}),
    "given_name": (name, {"kind": "given"}),
    "family_name": (name, {"kind": "family"}),
    "company": (name, {"kind": "company"}),
    "street": (address, {"kind": "street"}),
    "postal_code": (postal_code, {}),
    "city": (address, {"kind": "city"}),
    "country": (country, {}),
    "personal_id": (national_id, {"kind": "personal"}),
    "org_id": (national_id, {"kind": "organisation"}),
    "birth_date": (date, {"kind": "birth_date"}),
    "updated_at": (date, {"kind": "updated_at"}),
}
"""Each column role (docs/ARCHITECTURE.md) to its module and the context that role fixes."""

__all__ = ["FIELDS", "FieldModule", "cell"]
