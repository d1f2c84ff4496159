"""What ``core.fields.FIELDS`` binds for a role, as keyword arguments a test can pass to the module's
public functions (validate, is_valid, check; normalize takes the subset it declares)."""

from __future__ import annotations

import inspect
from functools import partial
from typing import Any

from core.fields import Field, FieldContext, FieldModule


def role_options(field: Field, context: FieldContext) -> tuple[FieldModule, dict[str, Any]]:
    """The role's module and the keywords its ``bind`` fills in from ``context``."""
    bound = field.bind(context)
    return field.module, dict(bound.keywords) if isinstance(bound, partial) else {}


def normalize_options(module: FieldModule, options: dict[str, Any]) -> dict[str, Any]:
    """The options ``module.normalize`` takes (``kind`` of a name, ``country`` of a postal code)."""
    accepted = inspect.signature(module.normalize).parameters
    return {key: value for key, value in options.items() if key in accepted}
