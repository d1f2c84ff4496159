"""The deployable targets. Only registration here; the work is in handlers/ and adapters/.

Serve locally: ``functions-framework --target api --source functions/main.py --port 8080`` (``make serve``). The
packages ``functions``, ``core`` and ``cli`` import from the project's install (``make setup`` installs it
editable) or, deployed, from the source root, where Cloud Functions loads ``main.py``; nothing here edits
``sys.path``.
"""

import flask
import functions_framework

from functions import adapters
from functions.bodies import BodyLimit
from functions.errors import to_response
from functions.routes import API_ROUTES, HOOK_ROUTES, dispatch, secure_headers


def _bound_bodies() -> None:
    """Put ``BodyLimit`` in front of the app functions-framework is loading this file into (it loads it inside
    the app's context), so a body is refused or read with a deadline before the framework or Flask reads it."""
    if not flask.has_app_context():
        return  # imported as a module (tests, tools): no server to guard
    app = flask.current_app._get_current_object()  # type: ignore[attr-defined]  # a werkzeug LocalProxy's method: the app itself, whose wsgi_app is wrapped
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
