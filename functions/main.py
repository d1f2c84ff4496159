"""The deployable targets. Only registration here; the work is in handlers/ and adapters/.

Serve locally: ``functions-framework --target api --source functions/main.py --port 8080``.
"""

import pathlib
import sys

# functions-framework loads this file by path; make the repository root importable for `functions.*`.
_ROOT = str(pathlib.Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import flask  # noqa: E402
import functions_framework  # noqa: E402

from functions import adapters  # noqa: E402
from functions.bodies import BodyLimit  # noqa: E402
from functions.errors import to_response  # noqa: E402
from functions.routes import API_ROUTES, HOOK_ROUTES, dispatch, secure_headers  # noqa: E402


def _bound_bodies() -> None:
    """Put ``BodyLimit`` in front of the app functions-framework is loading this file into (it loads it inside
    the app's context), so a body is refused or read with a deadline before the framework or Flask reads it."""
    if not flask.has_app_context():
        return  # imported as a module (tests, tools): no server to guard
    app = flask.current_app._get_current_object()
    if isinstance(app.wsgi_app, BodyLimit):
        return
    settings = adapters.get_settings()
    limit = settings.max_hook_bytes if app.name == "hooks" else settings.max_request_bytes
    app.wsgi_app = BodyLimit(app.wsgi_app, limit=limit, read_timeout=settings.body_read_seconds)


_bound_bodies()


# The one error handler. Flask takes one class per handler, so it is registered for Exception and
# to_response() maps RensaError (core's base; RequestError, AuthError, ...) to its JSON, werkzeug's HTTP
# errors (404/405) to the same shape, and anything else to an opaque 500.
@functions_framework.errorhandler(Exception)
def _error(error):
    # An error after a handler returned (a malformed Host read while the answer is finished) drops that
    # handler's answer unclosed: end its pause of the garbage collector here, or the worker would run
    # without a collector for good.
    pending = flask.g.pop("rensa_resume", None)
    if pending is not None:
        pending()
    body, status, *headers = to_response(error)
    response = flask.make_response(flask.jsonify(body), status)
    response.headers.update(headers[0] if headers else {})
    secure_headers(response.headers)
    return response


@functions_framework.http
def api(request):
    return dispatch(request, API_ROUTES)


@functions_framework.http
def hooks(request):
    return dispatch(request, HOOK_ROUTES)
