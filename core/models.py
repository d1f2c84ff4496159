"""Pydantic models at the edges of core: what field modules report and registers return.

Field modules take and return plain ``str``; their ``check()`` wraps the result
in a ``FieldReport`` so that callers get the value, the verdict and every issue
in one object.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["error", "warning"]


class FieldIssue(BaseModel):
    """One problem with one value, in words a sheet user can act on."""

    model_config = ConfigDict(frozen=True)

    code: str
    severity: Severity
    message: str
    suggestion: str | None = None


class FieldReport(BaseModel):
    """What ``check()`` of a field module says about one value."""

    value: str = Field(description="The normalized value, or the original when it cannot be normalized.")
    valid: bool
    issues: list[FieldIssue] = Field(default_factory=list)
    details: dict[str, Any] = Field(default_factory=dict)
