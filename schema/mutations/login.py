import strawberry

from domain.errors import DomainError
from schema.context import Context
from schema.types import FieldError, field_errors


@strawberry.type
class LoginPayload:
    token: str | None
    errors: list[FieldError]


@strawberry.mutation(description="Sign in with a username or email; returns a new API token.")
async def login(info: strawberry.Info[Context, None], username: str, password: str) -> LoginPayload:
    try:
        token = await info.context.rules.sessions.login(
            client_ip=info.context.client_ip,
            user_agent=info.context.user_agent,
            username=username,
            password=password,
        )
    except DomainError as error:
        return LoginPayload(token=None, errors=field_errors(error))
    return LoginPayload(token=token, errors=[])
