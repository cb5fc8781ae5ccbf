"""Every REST call, gathered from the handler modules in the order the documents list them.

Each call is declared on its handler (``rest_facade.operation``), and only there; the facade's
routes (below) and both OpenAPI documents (``rest_facade.openapi``) are read from
``OPERATIONS``, so a call cannot exist undocumented or be documented without existing.
"""

from starlette.routing import Route

from rest_facade import account, signing_in, user_sessions, users
from rest_facade.operation import operations_of

OPERATIONS = operations_of(signing_in, account, user_sessions, users)


def routes() -> list[Route]:
    return [Route(op.path, op.endpoint(), methods=[op.method]) for op in OPERATIONS]
