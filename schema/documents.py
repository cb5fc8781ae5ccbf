"""GraphQL documents parsed, checked and validated once per text, kept by its SHA-256 in a
cache bounded by bytes (docs/security.md#graphql); a refused document is kept as the body
that answers it, so a text sent again is not parsed again."""

import hashlib
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final, cast

import orjson
from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    ValidationContext,
    parse,
    specified_rules,
    validate,
)
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from config.settings import Settings
from domain.errors import ErrorCode
from schema.budget import DocumentLimits, DocumentSize, check_document
from schema.compiled import Plans
from schema.compiled.executor import MAX_VARIANTS
from schema.errors import GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, with_code

#: graphql-core's message when ``max_tokens`` stops the parser.
_TOKEN_LIMIT_MESSAGE_END = "tokens. Parsing aborted."  # noqa: S105 - not a secret
#: What a kept document holds, measured with ``tracemalloc`` and held to by
#: ``tests/graphql/test_documents.py``: the entry, its key and its slot in the cache; each
#: syntax node with its tokens and location; each field (fragments expanded) of each plan
#: variant compiled from it (``schema.compiled.executor.MAX_VARIANTS``).
ENTRY_BYTES: Final = 8_000
NODE_BYTES: Final = 600
PLAN_FIELD_BYTES: Final = 3_000


@dataclass(frozen=True, slots=True)
class Preparation:
    """For one schema and one set of settings."""

    schema: GraphQLSchema
    max_tokens: int
    budget: DocumentLimits
    rules: tuple[type[ASTValidationRule], ...]
    hide_suggestions: bool


def preparation_for(schema: GraphQLSchema, settings: Settings) -> Preparation:
    """Built once per schema."""
    production = settings.env == "production"
    limits: list[type[ASTValidationRule]] = [
        *QueryDepthLimiter(max_depth=settings.graphql_max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases).validation_rules,
    ]
    rules = [
        *specified_rules,
        MaybeNullValidationRule,
        OneOfInputValidationRule,
        *(_too_complex_when_broken(rule) for rule in limits),
    ]
    if production:
        rules.append(NoSchemaIntrospectionCustomRule)
    return Preparation(
        schema=schema,
        max_tokens=settings.graphql_max_tokens,
        budget=DocumentLimits(
            max_fragments=settings.graphql_max_fragments,
            max_selections=settings.graphql_max_selections,
            introspection=not production,
        ),
        rules=tuple(rules),
        hide_suggestions=production,
    )


def _too_complex_when_broken(rule: type[ASTValidationRule]) -> type[ASTValidationRule]:
    """Coded ``QUERY_TOO_COMPLEX`` (a limit, not a mistake); Strawberry's limiters report to
    their context directly, so the context is wrapped."""

    def init(self: ASTValidationRule, context: ValidationContext) -> None:
        rule.__init__(self, cast("ValidationContext", _TooComplexReports(context)))

    return type(rule.__name__, (rule,), {"__init__": init})


class _TooComplexReports:
    def __init__(self, context: ValidationContext) -> None:
        self._context = context

    def __getattr__(self, name: str) -> Any:
        return getattr(self._context, name)

    def report_error(self, error: GraphQLError) -> None:
        self._context.report_error(with_code(error, ErrorCode.QUERY_TOO_COMPLEX.value))


@dataclass(slots=True)
class PreparedDocument:
    """Parsed, within every limit, validated."""

    document: DocumentNode
    operations: tuple[OperationDefinitionNode, ...]
    weight: int
    plans: Plans = field(default_factory=Plans)

    def operation(self, name: str | None) -> OperationDefinitionNode | None:
        """The only one when ``name`` is None."""
        if name is None:
            return self.operations[0] if len(self.operations) == 1 else None
        for operation in self.operations:
            if operation.name is not None and operation.name.value == name:
                return operation
        return None


@dataclass(frozen=True, slots=True)
class RefusedDocument:
    """The JSON body answering it, and its errors' codes."""

    body: bytes
    codes: tuple[str, ...]

    @property
    def weight(self) -> int:
        return ENTRY_BYTES + len(self.body) + 8 * len(self.codes)


Prepared = PreparedDocument | RefusedDocument


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class DocumentCache:
    """Least recent out first, within ``max_bytes`` charged and ``max_entries``."""

    def __init__(self, *, max_bytes: int, max_entries: int) -> None:
        self._entries: OrderedDict[str, Prepared] = OrderedDict()
        self._max_bytes = max_bytes
        self._max_entries = max_entries
        self.bytes = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: str) -> Prepared | None:
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
        return entry

    def put(self, key: str, entry: Prepared) -> None:
        """Unless ``entry`` alone is over the byte bound; charged its weight and its key's."""
        if key in self._entries or _charge(key, entry) > self._max_bytes:
            return
        self._entries[key] = entry
        self.bytes += _charge(key, entry)
        while self.bytes > self._max_bytes or len(self._entries) > self._max_entries:
            evicted_key, evicted = self._entries.popitem(last=False)
            self.bytes -= _charge(evicted_key, evicted)


def _charge(key: str, entry: Prepared) -> int:
    return len(key) + entry.weight


class Documents:
    def __init__(self, preparation: Preparation, cache: DocumentCache) -> None:
        self.preparation = preparation
        self.cache = cache

    def prepare(self, text: str) -> Prepared:
        """Once per text: kept by the text itself, which a dict finds sooner than a digest of
        it is computed (a stored document's text is the same text)."""
        prepared = self.cache.get(text)
        if prepared is None:
            prepared = prepare(text, self.preparation)
            self.cache.put(text, prepared)
        return prepared


def prepare(text: str, preparation: Preparation) -> Prepared:
    try:
        document = parse(text, max_tokens=preparation.max_tokens, allow_empty_selection_sets=False)
    except GraphQLError as error:
        code = (
            ErrorCode.QUERY_TOO_COMPLEX.value
            if error.message.endswith(_TOKEN_LIMIT_MESSAGE_END)
            else GRAPHQL_PARSE_FAILED
        )
        return refused([with_code(error, code)])
    except RecursionError:
        too_deep = GraphQLError("Document nested too deeply.")
        return refused([with_code(too_deep, GRAPHQL_PARSE_FAILED)])
    try:
        size = check_document(document, limits=preparation.budget)
    except GraphQLError as error:
        return refused([error])
    errors = validate(
        preparation.schema,
        document,
        preparation.rules,
        hide_suggestions=preparation.hide_suggestions,
    )
    if errors:
        return refused([with_code(error, GRAPHQL_VALIDATION_FAILED) for error in errors])
    operations = tuple(
        each for each in document.definitions if isinstance(each, OperationDefinitionNode)
    )
    return PreparedDocument(document=document, operations=operations, weight=weight_of(text, size))


def refused(errors: Sequence[GraphQLError]) -> RefusedDocument:
    formatted = [error.formatted for error in errors]
    codes = tuple(str((each.get("extensions") or {}).get("code")) for each in formatted)
    # A copy: orjson's own bytes keep the capacity it grew to, up to half again the length.
    body = bytes(memoryview(orjson.dumps({"data": None, "errors": formatted})))
    return RefusedDocument(body=body, codes=codes)


def weight_of(text: str, size: DocumentSize) -> int:
    """Its plans included."""
    plans = size.fields * PLAN_FIELD_BYTES * MAX_VARIANTS
    return ENTRY_BYTES + 2 * len(text) + size.nodes * NODE_BYTES + plans
