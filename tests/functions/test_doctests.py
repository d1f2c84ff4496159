"""The doctests in functions/ (pytest's --doctest-modules covers core/ and tests/ only)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["functions.settings", "functions.request_models", "functions.prematch", "functions.suppression.upload",
           "functions.adapters.sheets", "functions.routes", "functions.logs", "functions.keys"]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
