"""Every REST call, gathered from the handler modules in the order the documents list them.

Each call is declared on its handler (``rest_facade.operation``), and only there; the facade's
routes (below) and both OpenAPI documents (``rest_facade.openapi``) are read from
``OPERATIONS``, so a call cannot exist undocumented or be documented without existing.
"""

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from rest_facade import account, signing_in, user_sessions, users
from rest_facade.app_state import settings_of
from rest_facade.auth import require_session
from rest_facade.call import Call, SignedInCall
from rest_facade.operation import Operation, operations_of
from rest_facade.request_bodies import RequestBody, read_body
from web.revalidation import revalidated

OPERATIONS = operations_of(signing_in, account, user_sessions, users)


def routes() -> list[Route]:
    return [Route(op.path, _endpoint(op), methods=[op.method]) for op in OPERATIONS]


def _endpoint(op: Operation) -> Callable[[Request], Awaitable[Response]]:
    """The route's endpoint: the session looked up when ``op`` is secured, then its body read
    as declared (the caller's token is checked before any of the body is read); its answer
    has the status ``op`` declares, and a read's can be revalidated (``web.revalidation``)."""
    model = op.upload or op.body

    async def endpoint(request: Request) -> Response:
        session = await require_session(request) if op.secured else None
        body = None if model is None else await _read(request, model, files=op.upload is not None)
        call = Call(request, body) if session is None else SignedInCall(request, body, session)
        response = await op.handler(call)
        response.status_code = op.status
        if op.method == "GET" and op.status == 200:
            account = None if session is None else session.user.id
            return revalidated(request.headers, response, account=account)
        return response

    return endpoint


async def _read(request: Request, model: type[RequestBody], *, files: bool) -> RequestBody:
    limit = settings_of(request).max_image_bytes if files else None
    return await read_body(request, model, max_file_bytes=limit)
