"""Plans kept per schema, per operation and per value of the ``@skip``/``@include``
variables.

An operation node belongs to one parsed document, and Strawberry's ``ParserCache`` hands
every request with the same text the same document, so the node stands for the document
and the operation name both. Entries hold their node, so its ``id`` is not reused while
cached. A decision to leave an operation to graphql-core is cached like a plan.
"""

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from graphql import GraphQLSchema, OperationDefinitionNode
from graphql.execution import Executor

from schema.compiled.compiler import Plan, compile_plan, condition_variables
from schema.limits import DOCUMENT_CACHE_SIZE

# As many operations as the parser and validation caches keep documents; the variants of
# one operation (its @skip/@include values) are few in practice.
MAX_OPERATIONS = DOCUMENT_CACHE_SIZE
MAX_VARIANTS = 32


@dataclass(slots=True)
class _Entry:
    operation: OperationDefinitionNode
    conditions: tuple[str, ...] | None
    variants: dict[tuple[object, ...], Plan | None] = field(default_factory=dict)


_by_schema: "WeakKeyDictionary[GraphQLSchema, OrderedDict[int, _Entry]]" = WeakKeyDictionary()


def plan_for(executor: Executor[Any]) -> Plan | None:
    """The plan of the executor's operation, compiled on first use; ``None`` when
    graphql-core executes it."""
    entry = _entry(executor)
    if entry.conditions is None:
        return None
    coerced = executor.variable_values.coerced
    key = tuple(coerced.get(name) for name in entry.conditions)
    if not all(isinstance(value, bool) for value in key):
        return None  # graphql-core reports the null or missing condition
    if key not in entry.variants:
        if len(entry.variants) >= MAX_VARIANTS:
            entry.variants.clear()
        entry.variants[key] = compile_plan(executor)
    return entry.variants[key]


def _entry(executor: Executor[Any]) -> _Entry:
    operations = _by_schema.get(executor.schema)
    if operations is None:
        operations = _by_schema[executor.schema] = OrderedDict()
    operation = executor.operation
    entry = operations.get(id(operation))
    if entry is not None and entry.operation is operation:
        operations.move_to_end(id(operation))
        return entry
    entry = _Entry(operation, condition_variables(operation, executor.fragment_definitions))
    operations[id(operation)] = entry
    if len(operations) > MAX_OPERATIONS:
        operations.popitem(last=False)
    return entry
