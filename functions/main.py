"""The deployable targets. Only registration here; the work is in handlers/ and adapters/.

Serve locally: ``functions-framework --target api --source functions/main.py --port 8080``.
"""

import pathlib
import sys

# functions-framework loads this file by path; make the repository root importable for `functions.*`.
_ROOT = str(pathlib.Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import functions_framework  # noqa: E402

from functions.errors import to_response  # noqa: E402
from functions.routes import API_ROUTES, HOOK_ROUTES, dispatch  # noqa: E402


# The one error handler. Flask takes one class per handler, so it is registered for Exception and
# to_response() maps RensaError (core's base; RequestError, AuthError, ...) to its JSON, werkzeug's HTTP
# errors (404/405) to the same shape, and anything else to an opaque 500.
@functions_framework.errorhandler(Exception)
def _error(error):
    return to_response(error)


@functions_framework.http
def api(request):
    return dispatch(request, API_ROUTES)


@functions_framework.http
def hooks(request):
    return dispatch(request, HOOK_ROUTES)
