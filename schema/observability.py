"""Tells the access log and metrics which GraphQL operation ran and which codes it answered."""

from collections.abc import Iterator
from typing import Any

from strawberry.extensions import SchemaExtension

from observability.record import note_error_codes, note_graphql_operation


class OperationRecorder(SchemaExtension):
    """Notes the operation name and the ``extensions.code`` of top-level errors.

    Payload errors (a mutation's ``errors`` list) are noted where they are built,
    in ``schema.types.field_errors``.
    """

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        note_graphql_operation(context.operation_name, context.operation_type.value)
        yield
        result = self.execution_context.result
        errors: list[Any] = list(getattr(result, "errors", None) or [])
        note_error_codes(
            str(error.extensions["code"])
            for error in errors
            if error.extensions and "code" in error.extensions
        )
