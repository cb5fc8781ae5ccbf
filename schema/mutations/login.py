from schema.context import Info
from schema.mutations.arguments import CurrentPassword, Login
from schema.mutations.payloads import TokenPayload, mutation, payload


@payload
class LoginPayload(TokenPayload):
    pass


@mutation(description="Sign in with a username or email; returns a new API token.")
async def login(info: Info, username: Login, password: CurrentPassword) -> LoginPayload:
    return await LoginPayload.of(
        info.context.rules.sessions.login(
            client_ip=info.context.client_ip,
            user_agent=info.context.user_agent,
            username=username,
            password=password,
        ),
        info.context,
    )
