"""What one GraphQL document may cost, counted in one linear pass before validation
(docs/security.md#graphql).

Some validation rules follow every fragment spread, so a few hundred tokens of fragments
spreading fragments can stand for millions of fields: like GitHub's node limit, the budget
counts fields with every spread expanded where it stands, not the text's length.
"""

from dataclasses import dataclass, field

from graphql import (
    DocumentNode,
    ExecutableDefinitionNode,
    FieldNode,
    FloatValueNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    IntValueNode,
    Node,
    OperationDefinitionNode,
)

from domain.errors import ErrorCode, FieldError
from schema.errors import graphql_error
from web.json_body import MAX_NUMBER_LENGTH, NUMBER_TOO_LONG_MESSAGE

INTROSPECTION_SELECTIONS = 500
_INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})


@dataclass(frozen=True, slots=True)
class DocumentLimits:
    max_fragments: int
    max_selections: int
    introspection: bool = False


@dataclass(frozen=True, slots=True)
class DocumentSize:
    """Its syntax nodes, and its fields with every fragment spread expanded (what a plan
    compiles)."""

    nodes: int
    fields: int


@dataclass(slots=True)
class _Definition:
    fields: int = 0
    nodes: int = 0
    spreads: list[str] = field(default_factory=list)


def check_document(document: DocumentNode, *, limits: DocumentLimits) -> DocumentSize:
    """``GraphQLError`` when it is over ``limits``."""
    fragments = [d for d in document.definitions if isinstance(d, FragmentDefinitionNode)]
    if len(fragments) > limits.max_fragments:
        raise _too_complex(
            f"The document has {len(fragments)} fragments; at most {limits.max_fragments} "
            "are allowed."
        )
    operations: list[_Definition] = []
    by_name: dict[str, _Definition] = {}
    for definition in document.definitions:
        if isinstance(definition, ExecutableDefinitionNode):
            summary = _summarise(definition)
            if isinstance(definition, FragmentDefinitionNode):
                by_name[definition.name.value] = summary
            else:
                operations.append(summary)
    expanded: dict[str, int] = {}
    total = sum(_expanded_fields(each, by_name, expanded, frozenset()) for each in operations)
    allowed = limits.max_selections
    if limits.introspection and _only_introspection(document):
        allowed = max(allowed, INTROSPECTION_SELECTIONS)
    if total > allowed:
        raise _too_complex(
            f"The document selects {total} fields with its fragments expanded; at most "
            f"{allowed} are allowed."
        )
    nodes = sum(each.nodes for each in operations) + sum(each.nodes for each in by_name.values())
    return DocumentSize(nodes=nodes, fields=total)


def _only_introspection(document: DocumentNode) -> bool:
    """Fragments do not count."""
    return all(
        isinstance(selection, FieldNode) and selection.name.value in _INTROSPECTION_FIELDS
        for definition in document.definitions
        if isinstance(definition, OperationDefinitionNode)
        for selection in definition.selection_set.selections
    )


def _summarise(definition: Node) -> _Definition:
    """Without recursion; checks numbers."""
    summary = _Definition()
    pending = [definition]
    while pending:
        node = pending.pop()
        summary.nodes += 1
        if isinstance(node, FieldNode):
            summary.fields += 1
        elif isinstance(node, FragmentSpreadNode):
            summary.spreads.append(node.name.value)
        elif isinstance(node, IntValueNode | FloatValueNode) and (
            len(node.value) > MAX_NUMBER_LENGTH
        ):
            raise graphql_error(
                FieldError(ErrorCode.INVALID, NUMBER_TOO_LONG_MESSAGE), nodes=[node]
            )
        for key in node.keys:
            value = getattr(node, key, None)
            if isinstance(value, Node):
                pending.append(value)
            elif isinstance(value, tuple | list):
                pending.extend(item for item in value if isinstance(item, Node))
    return summary


def _expanded_fields(
    definition: _Definition,
    by_name: dict[str, _Definition],
    expanded: dict[str, int],
    visiting: frozenset[str],
) -> int:
    """Unknown fragments and cycles count nothing (validation reports them); recursion is
    bounded by the fragment count, checked first."""
    total = definition.fields
    for name in definition.spreads:
        if name in visiting or name not in by_name:
            continue
        if name not in expanded:
            expanded[name] = _expanded_fields(by_name[name], by_name, expanded, visiting | {name})
        total += expanded[name]
    return total


def _too_complex(message: str) -> GraphQLError:
    return graphql_error(FieldError(ErrorCode.QUERY_TOO_COMPLEX, message))
