from starlette.routing import Route

from config.settings import Settings
from domain.rules import Rules
from rest_facade import account, signing_in, users
from rest_facade.operation import operations_of

OPERATIONS = operations_of(signing_in, account, users)


def api_routes(rules: Rules, settings: Settings) -> list[Route]:
    return [Route(op.path, op.endpoint(rules, settings), methods=[op.method]) for op in OPERATIONS]
