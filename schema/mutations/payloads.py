"""The answers a mutation gives (never in the schema themselves), and the decorators of a
mutation and of its payload type (``RegisterPayload``: an ``OkPayload`` decorated
``@payload`` beside its resolver)."""

import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, Generic, Self, TypeVar, cast, get_type_hints

import strawberry
from strawberry.extensions import FieldExtension
from strawberry.extensions.field_extension import AsyncExtensionResolver
from strawberry.schema.name_converter import NameConverter
from strawberry.types.field import StrawberryField

from domain.errors import DomainError, ErrorCode
from domain.user_view import view_user
from models import User as Account
from schema.context import Context, Info
from schema.errors import payload_errors
from schema.types import FieldError, User

Result = TypeVar("Result")


@strawberry.type
class _Answer(Generic[Result]):
    """What the domain call returned, as ``shown``, or its errors; each payload names ``result``
    as the schema shows it."""

    #: What the payload holds, for its type's description.
    meaning: ClassVar[str]

    result: Result | None
    errors: list[FieldError] = strawberry.field(
        description="Why the mutation was not done; empty when it was."
    )

    @classmethod
    def shown(cls, value: Any, context: Context) -> Result:
        """The result itself, unless the payload says otherwise."""
        return cast(Result, value)

    @classmethod
    def failed(cls, errors: list[FieldError]) -> Self:
        return cls(result=None, errors=errors)

    @classmethod
    def unauthenticated(cls) -> Self:
        return cls.failed(payload_errors(DomainError.single(ErrorCode.UNAUTHENTICATED)))

    @classmethod
    async def of(cls, work: Awaitable[Any], context: Context) -> Self:
        """Success, or the call's errors."""
        try:
            result = await work
        except DomainError as error:
            return cls.failed(payload_errors(error))
        return cls(result=cls.shown(result, context), errors=[])

    @classmethod
    async def signed_in(
        cls, context: Context, call: Callable[..., Awaitable[Any]], **arguments: Any
    ) -> Self:
        """With the caller's session, looked up afresh for this mutation (an earlier one may have
        ended it), or ``UNAUTHENTICATED``."""
        session = await context.session(fresh=True)
        if session is None:
            return cls.unauthenticated()
        return await cls.of(call(session=session, **arguments), context)


@strawberry.type
class OkPayload(_Answer[bool]):
    """Whether the mutation was done, or why not."""

    meaning = "whether it was done, or why not"
    result: bool = strawberry.field(name="ok", description="Whether it was done.")

    @classmethod
    def shown(cls, value: object, context: Context) -> bool:
        return True

    @classmethod
    def failed(cls, errors: list[FieldError]) -> Self:
        return cls(result=False, errors=errors)


@strawberry.type
class UserPayload(_Answer[User]):
    """The account as the mutation left it, seen by itself, or why not."""

    meaning = "the account as the mutation left it, seen by itself, or why not"
    result: User | None = strawberry.field(
        name="user", description="The account as the mutation left it; null when not done."
    )

    @classmethod
    def shown(cls, value: Account, context: Context) -> User:
        return User.from_view(view_user(value, viewer=value), context.media_url)


@strawberry.type
class TokenPayload(_Answer[str]):
    """A new API token, or why not."""

    meaning = "a new API token, or why not"
    result: str | None = strawberry.field(
        name="token",
        description="A new API token: send it as `Authorization: Bearer <token>`; null when "
        "not done.",
    )


Answer = TypeVar("Answer", bound=type[_Answer[Any]])


def payload(answer: Answer) -> Answer:
    """The payload type of the mutation it is named after (``RegisterPayload`` of
    ``register``), described by what its answer holds."""
    mutation_name = answer.__name__.removesuffix("Payload")
    called = mutation_name[:1].lower() + mutation_name[1:]
    return strawberry.type(answer, description=f"What `{called}` answers: {answer.meaning}.")


def mutation(
    *, description: str
) -> Callable[[Callable[..., Awaitable[_Answer[Any]]]], StrawberryField]:
    """Refuses a resolver not annotated with its own payload type (``register`` answers
    ``RegisterPayload``)."""

    def define(resolver: Callable[..., Awaitable[_Answer[Any]]]) -> StrawberryField:
        answer = get_type_hints(resolver)["return"]
        name = "".join(word.capitalize() for word in resolver.__name__.split("_")) + "Payload"
        if not (
            isinstance(answer, type) and issubclass(answer, _Answer) and answer.__name__ == name
        ):
            raise TypeError(f"{resolver.__name__} must be annotated with its payload, {name}")
        field: StrawberryField = strawberry.mutation(
            resolver=resolver, description=description, extensions=[ArgumentNames()]
        )
        return field

    return define


def argument_names(field: StrawberryField, converter: NameConverter) -> dict[str, str]:
    """Of each argument and each field of an input object argument, by Python name; the
    argument wins where both have one name."""
    names: dict[str, str] = {}
    for argument in field.arguments:
        outer = converter.from_argument(argument)
        definition = getattr(argument.type, "__strawberry_definition__", None)
        if definition is not None and definition.is_input:
            for inner in definition.fields:
                names.setdefault(inner.python_name, f"{outer}.{converter.from_field(inner)}")
        names[argument.python_name] = outer
    return names


class ArgumentNames(FieldExtension):
    """Names each error's ``field`` as the client sent it (``verificationCode``,
    ``input.contactEmail``), through the schema's name converter, never a table."""

    def apply(self, field: StrawberryField) -> None:
        self.field = field

    async def resolve_async(
        self, next_: AsyncExtensionResolver, source: Any, info: Info, **kwargs: Any
    ) -> Any:
        answer = await next_(source, info, **kwargs)
        if answer.errors:
            names = argument_names(self.field, info.schema.config.name_converter)
            answer.errors = [
                dataclasses.replace(error, field=names.get(error.field, error.field))
                if error.field is not None
                else error
                for error in answer.errors
            ]
        return answer
