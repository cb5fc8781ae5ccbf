"""Every type, field, argument, input field and enum value of the served schema says what it
is: GraphiQL, codegen's comments and the docs show these descriptions."""

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
)

from config.settings import Settings
from schema import app_schema


def _ours(name: str) -> bool:
    """Types the schema defines: not the introspection types, the built-in scalars, or the
    Apollo Federation types (``_Service``, ``link__Purpose``…), whose spec describes them."""
    return not (name.startswith("_") or "__" in name) and name not in {
        "String",
        "Int",
        "Float",
        "Boolean",
        "ID",
    }


def undescribed(schema: GraphQLSchema) -> list[str]:
    """Every element of ``schema`` without a description, named as the SDL would name it."""
    missing = []
    for name, graphql_type in schema.type_map.items():
        if not _ours(name):
            continue
        if not graphql_type.description:
            missing.append(name)
        if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in graphql_type.fields.items():
                if field_name.startswith("_"):
                    continue
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                missing.extend(
                    f"{name}.{field_name}({argument_name}:)"
                    for argument_name, argument in field.args.items()
                    if not argument.description
                )
        elif isinstance(graphql_type, GraphQLInputObjectType):
            missing.extend(
                f"{name}.{field_name}"
                for field_name, field in graphql_type.fields.items()
                if not field.description
            )
        elif isinstance(graphql_type, GraphQLEnumType):
            missing.extend(
                f"{name}.{value_name}"
                for value_name, value in graphql_type.values.items()
                if not value.description
            )
    return missing


def test_every_element_of_the_schema_is_described() -> None:
    schema = app_schema(Settings(_env_file=None))._schema
    assert undescribed(schema) == []


def test_a_missing_description_is_found() -> None:
    from graphql import build_schema

    schema = build_schema(
        '"""Q."""\ntype Query { """Described."""\n a(x: Int): E }\n"""E."""\nenum E { """One."""\n ONE TWO }'
    )
    assert undescribed(schema) == ["Query.a(x:)", "E.TWO"]
