"""The service as an Apollo Federation 2 subgraph, ``User`` keyed by ``id``
(docs/graphql/federation.md)."""

from typing import Any, Final

import strawberry
from graphql import GraphQLError
from strawberry.federation.schema import FederationAny
from strawberry.printer import print_schema

from domain.user_view import UserView
from domain.users import users_by_ids
from schema import errors
from schema.context import Info
from schema.types import MediaUrl, User

NOT_AN_ENTITY = "Not an entity of this subgraph: {name}."


#: The lowest Federation version whose directives the subgraph uses (``@key``): the widest
#: range of gateways and routers compose it.
FEDERATION_VERSION: Final = "2.0"


@strawberry.type(name="_Service")
class SubgraphService:
    sdl: str


@strawberry.type
class FederationQuery:
    """Strawberry keeps a query type's own ``_service`` in place of its default."""

    @strawberry.field(name="_service")
    def service(self, info: Info) -> SubgraphService:
        """In production, where introspection is off, only for the gateway: the SDL is the whole
        schema."""
        context = info.context
        if context.settings.env == "production" and not context.is_gateway():
            raise errors.unauthenticated()
        return SubgraphService(sdl=print_schema(info.schema))


class FederatedSchema(strawberry.federation.Schema):
    """Resolves a batch of representations at once, in one statement."""

    def __init__(self, **options: Any) -> None:
        super().__init__(federation_version=FEDERATION_VERSION, **options)

    async def entities_resolver(  # type: ignore[override]
        self, info: Info, representations: list[FederationAny]
    ) -> list[Any]:
        """In order: null for an id of no user the caller may see, an error at its index for a
        representation of no entity, ``UNAUTHENTICATED`` for each when not signed in."""
        session = await info.context.session()
        if session is None:
            return [errors.unauthenticated() for _ in representations]
        ids = [_user_id(representation) for representation in representations]
        views = await users_by_ids([i for i in ids if isinstance(i, int)], viewer=session.user)
        media = info.context.media_url
        return [_answer(user_id, views, media) for user_id in ids]


def _answer(user_id: int | GraphQLError | None, views: dict[int, UserView], media: MediaUrl) -> Any:
    if isinstance(user_id, GraphQLError):
        return user_id
    view = None if user_id is None else views.get(user_id)
    return None if view is None else User.from_view(view, media)


def _user_id(representation: Any) -> int | GraphQLError | None:
    """None for one that names no id there can be."""
    name = representation.get("__typename") if isinstance(representation, dict) else None
    if name != User.__strawberry_definition__.name:  # type: ignore[attr-defined]
        return errors.with_code(
            GraphQLError(NOT_AN_ENTITY.format(name=name)), errors.BAD_USER_INPUT
        )
    user_id = representation.get("id")
    return user_id if isinstance(user_id, int) and not isinstance(user_id, bool) else None
