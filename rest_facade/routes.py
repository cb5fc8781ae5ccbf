from starlette.routing import Route

from rest_facade import account, signing_in, users
from rest_facade.operation import operations_of

OPERATIONS = operations_of(signing_in, account, users)


def routes() -> list[Route]:
    return [Route(op.path, op.endpoint(), methods=[op.method]) for op in OPERATIONS]
