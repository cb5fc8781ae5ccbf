"""A validated query compiled into a plan, or left to graphql-core (``None``).

graphql-core runs the whole operation when it is not a query, uses a directive other than
``@skip``/``@include`` or fragment variables, selects ``__schema`` or ``__type``, or cannot
be collected; a plan holds for every request with the same ``@skip``/``@include`` values.
"""

from dataclasses import dataclass
from typing import Any

import strawberry
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLBoolean,
    GraphQLError,
    GraphQLField,
    GraphQLID,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLString,
    InlineFragmentNode,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    ValueNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_abstract_type,
    is_leaf_type,
    is_object_type,
)
from graphql.execution import Executor
from graphql.execution.collect_fields import (
    FieldDetails,
    GroupedFieldSet,
    collect_fields,
    collect_subfields,
)
from graphql.execution.values import get_argument_values
from graphql.type.introspection import TypeNameMetaFieldDef
from strawberry.types import Info
from strawberry.types.base import StrawberryMaybe, StrawberryOptional
from strawberry.types.field import StrawberryField

from schema.compiled import resolution
from schema.compiled.completion import (
    FieldSite,
    leaf,
    list_items,
    non_null,
    nullable,
    object_fields,
)
from schema.compiled.plan import Completer, PlannedField, RowReader, Selection

CONDITION_DIRECTIVES = frozenset({"skip", "include"})
INTROSPECTION_ROOT_FIELDS = frozenset({"__schema", "__type"})
# Strawberry resolves a field with no resolver, extension or exception handler by this
# function, which reads the attribute with ``getattr`` and never looks at ``info``.
_STRAWBERRY_BASIC_RESOLVER = "_get_basic_result"
# ... and a field with a resolver by one of these, sync and async.
_STRAWBERRY_SYNC_RESOLVER = "_resolver"
_STRAWBERRY_ASYNC_RESOLVER = "_async_resolver"
# Argument types Strawberry hands a resolver as graphql-core coerced them (``convert_argument``
# returns a built-in scalar's value itself); anything else it converts.
_PLAIN_ARGUMENT_TYPES: tuple[object, ...] = (int, str, bool, float)
# The built-in scalars that serialise a value of this one Python type to itself (an Int
# within 32 bits; an ID's str, not its int).
_SERIALISED_AS_ITSELF: dict[object, type] = {
    GraphQLString: str,
    GraphQLID: str,
    GraphQLBoolean: bool,
    GraphQLInt: int,
}


@dataclass(frozen=True, slots=True)
class Plan:
    fields: Selection


class _UncompilableError(Exception):
    """Something only graphql-core executes."""


def condition_variables(
    operation: OperationDefinitionNode, fragments: dict[str, FragmentDefinitionNode]
) -> tuple[str, ...] | None:
    """The variables ``@skip``/``@include`` read, sorted; ``None`` when the operation is left
    to graphql-core whatever they are."""
    if operation.operation is not OperationType.QUERY or operation.directives:
        return None
    names: set[str] = set()
    selection_sets = [operation.selection_set]
    for fragment in fragments.values():
        if fragment.variable_definitions or fragment.directives:
            return None
        selection_sets.append(fragment.selection_set)
    while selection_sets:
        selection_set = selection_sets.pop()
        for selection in selection_set.selections:
            for directive in selection.directives or ():
                if directive.name.value not in CONDITION_DIRECTIVES:
                    return None
                names.update(
                    argument.value.name.value
                    for argument in directive.arguments or ()
                    if isinstance(argument.value, VariableNode)
                )
            nested = _selection_set_of(selection)
            if nested is not None:
                selection_sets.append(nested)
    return tuple(sorted(names))


def _selection_set_of(selection: object) -> SelectionSetNode | None:
    if isinstance(selection, FieldNode | InlineFragmentNode):
        return selection.selection_set
    assert isinstance(selection, FragmentSpreadNode)  # noqa: S101 - the three selections
    return None


def compile_plan(executor: Executor[Any]) -> Plan | None:
    """For the executor's ``@skip``/``@include`` values; ``None`` for graphql-core."""
    schema = executor.schema
    root_type = schema.query_type
    if root_type is None:
        return None
    try:
        collected = collect_fields(
            schema,
            executor.fragments,
            executor.variable_values,
            root_type,
            executor.operation,
            executor.hide_suggestions,
        )
        grouped = collected.grouped_field_set
        if collected.new_defer_usages or any(
            details[0].node.name.value in INTROSPECTION_ROOT_FIELDS for details in grouped.values()
        ):
            return None
        return Plan(fields=_Compiler(executor).selection(root_type, grouped))
    except (GraphQLError, RecursionError, _UncompilableError):
        return None


class _Compiler:
    def __init__(self, executor: Executor[Any]) -> None:
        self.executor = executor
        strawberry_schema = (executor.schema.extensions or {}).get("strawberry-definition")
        self.strawberry_schema = (
            strawberry_schema if isinstance(strawberry_schema, strawberry.Schema) else None
        )
        self.info_class: type[Info[Any, Any]] = (
            Info if self.strawberry_schema is None else self.strawberry_schema.config.info_class
        )

    def method_of(self, field_def: GraphQLField) -> StrawberryField | None:
        """A resolver ``resolution.strawberry_method`` may call directly: built-in scalar arguments
        only, no field extension or exception handler, ``StrawberryField``'s own ``get_result``."""
        definition = (field_def.extensions or {}).get("strawberry-definition")
        resolver_name = getattr(field_def.resolve, "__name__", None)
        if (
            self.strawberry_schema is None
            or self.strawberry_schema.exception_handlers
            or not isinstance(definition, StrawberryField)
            or type(definition).get_result is not StrawberryField.get_result
            or definition.base_resolver is None
            or definition.extensions
            or resolver_name
            != (_STRAWBERRY_ASYNC_RESOLVER if definition.is_async else _STRAWBERRY_SYNC_RESOLVER)
            or self.argument_names(definition) is None
        ):
            return None
        return definition

    def argument_names(self, definition: StrawberryField) -> dict[str, str] | None:
        """When every argument is of a built-in scalar type, which Strawberry passes on
        unconverted."""
        assert self.strawberry_schema is not None  # noqa: S101 - checked by the caller
        name_converter = self.strawberry_schema.config.name_converter
        names: dict[str, str] = {}
        for argument in definition.arguments:
            type_ = argument.type
            if isinstance(type_, StrawberryOptional) and not isinstance(type_, StrawberryMaybe):
                type_ = type_.of_type
            if type_ not in _PLAIN_ARGUMENT_TYPES or argument.python_name is None:
                return None
            names[name_converter.from_argument(argument)] = argument.python_name
        return names

    def selection(self, parent_type: GraphQLObjectType, grouped: GroupedFieldSet) -> Selection:
        fields: list[PlannedField] = []
        for key, details in grouped.items():
            field_def = self.executor.schema.get_field(parent_type, details[0].node.name.value)
            if field_def is not None:
                fields.append(self.field(FieldSite(parent_type, field_def, details), key))
        return tuple(fields)

    def field(self, site: FieldSite, key: str) -> PlannedField:
        field_def = site.field_def
        if field_def is TypeNameMetaFieldDef:
            return PlannedField(
                key, resolution.typename(site), may_await=False, constant=site.parent_type.name
            )
        if _needs_graphql_core(field_def.type):
            return PlannedField(key, resolution.delegated(site, key), may_await=True)
        complete = self.completer(site, field_def.type, depth=0)
        method = self.method_of(field_def)
        if method is not None:
            run = resolution.strawberry_method(
                site,
                key,
                method,
                self.info_class,
                complete,
                arguments=self.arguments(field_def, site.details[0]),
                argument_names=self.argument_names(method) or {},
            )
            return PlannedField(key, run, may_await=True)
        attribute = _attribute_of(field_def)
        if attribute is None:
            resolve = field_def.resolve or self.executor.field_resolver
            arguments = self.arguments(field_def, site.details[0])
            run = resolution.resolver(site, key, resolve, arguments, complete)
            return PlannedField(key, run, may_await=True)
        leaf_type = get_nullable_type(field_def.type)
        if is_leaf_type(leaf_type):
            run = resolution.attribute_leaf(site, key, attribute, complete)
            exact = _SERIALISED_AS_ITSELF.get(leaf_type)
            if exact is None:
                return PlannedField(key, run, may_await=False)
            return PlannedField(
                key,
                run,
                may_await=False,
                attribute=attribute,
                exact=exact,
                nullable=not isinstance(field_def.type, GraphQLNonNull),
            )
        return PlannedField(
            key, resolution.attribute(site, key, attribute, complete), may_await=True
        )

    def completer(self, site: FieldSite, type_: GraphQLOutputType, *, depth: int) -> Completer:
        if isinstance(type_, GraphQLNonNull):
            inner = type_.of_type
            if is_leaf_type(inner):
                return leaf(site, inner, non_null=True)
            if isinstance(inner, GraphQLList):
                return non_null(site, self.list_kind(site, inner, depth=depth))
            return self.object_kind(site, inner, non_null=True)
        if is_leaf_type(type_):
            return leaf(site, type_, non_null=False)
        if isinstance(type_, GraphQLList):
            return nullable(self.list_kind(site, type_, depth=depth))
        return self.object_kind(site, type_, non_null=False)

    def object_kind(
        self, site: FieldSite, type_: GraphQLOutputType, *, non_null: bool
    ) -> Completer:
        assert isinstance(type_, GraphQLObjectType)  # noqa: S101 - abstract types delegated
        return object_fields(site, self.object_selection(site, type_), non_null=non_null)

    def list_kind(
        self, site: FieldSite, type_: GraphQLList[GraphQLOutputType], *, depth: int
    ) -> Completer:
        """A list of objects whose every field is read inline is given a ``RowReader``
        (``list_items``' rows)."""
        item_type = type_.of_type
        inner = get_nullable_type(item_type)
        if not isinstance(inner, GraphQLObjectType):
            item = self.completer(site, item_type, depth=depth + 1)
            return list_items(site, type_, item, depth=depth)
        fields = self.object_selection(site, inner)
        item = object_fields(site, fields, non_null=isinstance(item_type, GraphQLNonNull))
        rows = RowReader(fields) if all(field.inline for field in fields) else None
        return list_items(site, type_, item, depth=depth, rows=rows)

    def object_selection(self, site: FieldSite, type_: GraphQLObjectType) -> Selection:
        executor = self.executor
        collected = collect_subfields(
            executor.schema,
            executor.fragments,
            executor.variable_values,
            executor.operation,
            type_,
            site.details,
            executor.hide_suggestions,
        )
        if collected.new_defer_usages:
            raise _UncompilableError
        return self.selection(type_, collected.grouped_field_set)

    def arguments(self, field_def: GraphQLField, first: FieldDetails) -> dict[str, Any] | None:
        """Coerced, when no variable is among them; else ``None``."""
        node = first.node
        if not (field_def.args or node.arguments):
            return {}
        if first.fragment_variable_values is not None or any(
            _holds_variable(argument.value) for argument in node.arguments or ()
        ):
            return None
        try:
            return get_argument_values(
                field_def, node, self.executor.variable_values, None, self.executor.hide_suggestions
            )
        except GraphQLError:
            return None  # raised again at each call, where graphql-core raises it


def _needs_graphql_core(type_: GraphQLOutputType) -> bool:
    named = get_named_type(type_)
    if is_abstract_type(named):
        return True
    return is_object_type(named) and named.is_type_of is not None


def _attribute_of(field_def: GraphQLField) -> str | None:
    """The attribute a Strawberry field with no resolver reads, if it is one."""
    definition = (field_def.extensions or {}).get("strawberry-definition")
    if (
        isinstance(definition, StrawberryField)
        and definition.is_basic_field
        and definition.default_resolver is getattr
        and getattr(field_def.resolve, "__name__", None) == _STRAWBERRY_BASIC_RESOLVER
    ):
        return definition.python_name
    return None


def _holds_variable(value: ValueNode) -> bool:
    if isinstance(value, VariableNode):
        return True
    if isinstance(value, ListValueNode):
        return any(_holds_variable(item) for item in value.values)
    if isinstance(value, ObjectValueNode):
        return any(_holds_variable(field.value) for field in value.fields)
    return False


__all__ = ["Plan", "compile_plan", "condition_variables"]
