"""What one GraphQL document may cost, checked once it is parsed and before it is validated.

Validation is work on the event loop that grows faster than the document: some rules
(overlapping fields, the depth limiter) follow every fragment spread, so a few hundred
tokens of fragments spreading fragments can stand for millions of fields. Like GitHub's
node limit and Shopify's query cost, the budget counts what the document amounts to
rather than how long it is, in one linear pass:

- at most ``max_fragments`` fragment definitions;
- at most ``max_selections`` fields, counted with every fragment spread expanded where
  it stands (a fragment spread ten times counts ten times), over all its operations;
  where introspection is allowed (development), a document asking only about the schema
  (``__schema``, ``__type``) may select ``INTROSPECTION_SELECTIONS``: the introspection
  query of GraphiQL and of schema tools selects about 230;
- no number literal longer than ``web.json_body.MAX_NUMBER_LENGTH`` (``INVALID``): Python
  refuses to convert more than 4,300 digits.

A document over budget is answered with one error coded ``QUERY_TOO_COMPLEX`` before any
validation rule runs; each text is walked once, when it is prepared (``schema.documents``).
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
    """What a document within budget amounts to: its syntax nodes, and its fields with
    every fragment spread expanded (what a plan compiles)."""

    nodes: int
    fields: int


@dataclass(slots=True)
class _Definition:
    """One operation or fragment: its own fields and the fragments it spreads."""

    fields: int = 0
    nodes: int = 0
    spreads: list[str] = field(default_factory=list)


def check_document(document: DocumentNode, *, limits: DocumentLimits) -> DocumentSize:
    """The size of ``document``; ``GraphQLError`` when it is over ``limits``."""
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
    """Every operation selects only schema fields at its root (fragments do not count)."""
    return all(
        isinstance(selection, FieldNode) and selection.name.value in _INTROSPECTION_FIELDS
        for definition in document.definitions
        if isinstance(definition, OperationDefinitionNode)
        for selection in definition.selection_set.selections
    )


def _summarise(definition: Node) -> _Definition:
    """Fields and spreads of one definition, walked without recursion; checks numbers."""
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
    """Fields of ``definition`` with its spreads expanded; unknown fragments and cycles
    count nothing here (validation reports them). Recursion is bounded by the fragment
    count, which is checked first."""
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
