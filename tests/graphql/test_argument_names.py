"""A payload error names the argument, or the input object's field, as the client sent it."""

import pytest
import strawberry
from strawberry.schema.config import StrawberryConfig

from adapters.composition import Composition
from schema.mutations import Mutation
from schema.mutations.payloads import argument_names
from schema.queries import Query
from tests.factories import PASSWORD, make_user
from tests.graphql.helpers import execute


def _names(mutation: str, *, auto_camel_case: bool) -> dict[str, str]:
    schema = strawberry.federation.Schema(
        query=Query, mutation=Mutation, config=StrawberryConfig(auto_camel_case=auto_camel_case)
    )
    field = next(
        field
        for field in Mutation.__strawberry_definition__.fields  # type: ignore[attr-defined]
        if field.python_name == mutation
    )
    return argument_names(field, schema.config.name_converter)


def test_the_names_are_the_schemas() -> None:
    assert _names("change_password", auto_camel_case=True) == {
        "current_password": "currentPassword",
        "new_password": "newPassword",
    }
    update = _names("update_user", auto_camel_case=True)
    assert update["contact_email"] == "input.contactEmail"
    assert update["input"] == "input"
    assert update["settings"] == "input.settings"
    # Read from the schema's name converter, not from a table: another naming, other names.
    assert _names("change_password", auto_camel_case=False) == {
        "current_password": "current_password",
        "new_password": "new_password",
    }


@pytest.mark.usefixtures("db")
async def test_payload_errors_name_arguments_and_input_fields(composition: Composition) -> None:
    await make_user(composition, username="ann")
    token = await composition.rules.sessions.login(username="ann", password=PASSWORD)
    change = 'mutation { changePassword(currentPassword: "wrong", newPassword: "") { errors { field code } } }'
    result = await execute(composition, change, token)
    assert {error["field"] for error in result.data["changePassword"]["errors"]} <= {
        "currentPassword",
        "newPassword",
    }
    update = 'mutation { updateUser(input: {contactEmail: "nope", darkTheme: null}) { errors { field code } } }'
    result = await execute(composition, update, token)
    assert result.data["updateUser"]["errors"] == [
        {"field": "input.contactEmail", "code": "INVALID_EMAIL"}
    ]
    login = 'mutation { login(username: "ann", password: "wrong") { errors { field code } } }'
    result = await execute(composition, login, None)
    assert result.data["login"]["errors"] == [{"field": None, "code": "INVALID_CREDENTIALS"}]
