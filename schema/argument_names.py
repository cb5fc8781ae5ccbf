"""Payload errors named as the client sent them: ``verificationCode``, ``input.contactEmail``.

The domain names a problem's field by its Python name (``verification_code``); a mutation's
errors name the argument, or the field inside an input object, that the client wrote. The
names are read from the mutation's own arguments through the schema's name converter, so
they are whatever the schema shows, never a table of their own.
"""

import dataclasses
from typing import Any

from strawberry.extensions import FieldExtension
from strawberry.extensions.field_extension import AsyncExtensionResolver
from strawberry.schema.name_converter import NameConverter
from strawberry.types.field import StrawberryField

from schema.context import Info


def argument_names(field: StrawberryField, converter: NameConverter) -> dict[str, str]:
    """The GraphQL path of each argument of ``field`` and of each field of an input object
    argument, by its Python name; the argument itself wins where both have one name."""
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
    """Renames the ``field`` of each error in the mutation's payload as the client sent it."""

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
