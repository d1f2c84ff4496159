"""Cloud Functions loads ``main.py`` from the source root: this file only re-exports the targets.

The targets themselves are registered in ``functions/main.py`` (run locally with
``functions-framework --target api --source functions/main.py``).
"""

from functions.main import api, hooks  # noqa: F401
