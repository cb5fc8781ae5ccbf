"""Prepared GraphQL documents: each source text parsed, checked and validated once.

A document is prepared the first time its text is seen and kept by the SHA-256 of that
text: parsed with at most ``graphql_max_tokens`` tokens (an empty selection set, ``{}``,
is a syntax error, as the GraphQL specification of October 2021 says), found within the budget
(``schema.budget``: fragments, fields with fragments expanded, number literals), then
validated by graphql-core's rules, Strawberry's own two, the depth and alias limits and, in
production, with introspection off and no "Did you mean …" suggestions. Its plans are
compiled on first execution (``schema.compiled``) and kept with it.

A document that fails is kept too, as the body that answers it: a text sent again is
refused without being parsed again, and nothing of its syntax tree stays in memory.

Every error of a refused document carries ``extensions.code``: ``GRAPHQL_PARSE_FAILED``,
``GRAPHQL_VALIDATION_FAILED``, or ``QUERY_TOO_COMPLEX`` for the limits (tokens, the budget,
depth, aliases).

The cache is bounded by bytes (``FLOWBACK_GRAPHQL_DOCUMENT_CACHE_BYTES``) as well as by
count: each entry is charged what it holds (``weight_of``), so distinct large documents
from anonymous callers cannot grow a worker past the bound, valid or not.
"""

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
    """How documents are prepared for one schema and one set of settings."""

    schema: GraphQLSchema
    max_tokens: int
    budget: DocumentLimits
    rules: tuple[type[ASTValidationRule], ...]
    hide_suggestions: bool


def preparation_for(schema: GraphQLSchema, settings: Settings) -> Preparation:
    """The limits of ``settings`` for documents run on ``schema``; built once per schema."""
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
    """``rule`` reporting its errors coded ``QUERY_TOO_COMPLEX`` (a limit, not a mistake);
    Strawberry's limiters report to their context directly, so the context is wrapped."""

    def init(self: ASTValidationRule, context: ValidationContext) -> None:
        rule.__init__(self, cast("ValidationContext", _TooComplexReports(context)))

    return type(rule.__name__, (rule,), {"__init__": init})


class _TooComplexReports:
    """A validation context whose reports are coded ``QUERY_TOO_COMPLEX``."""

    def __init__(self, context: ValidationContext) -> None:
        self._context = context

    def __getattr__(self, name: str) -> Any:
        return getattr(self._context, name)

    def report_error(self, error: GraphQLError) -> None:
        self._context.report_error(with_code(error, ErrorCode.QUERY_TOO_COMPLEX.value))


@dataclass(slots=True)
class PreparedDocument:
    """A document that parsed, stayed within every limit and validated."""

    document: DocumentNode
    operations: tuple[OperationDefinitionNode, ...]
    weight: int
    plans: Plans = field(default_factory=Plans)

    def operation(self, name: str | None) -> OperationDefinitionNode | None:
        """The operation named ``name``, or the only one when ``name`` is None."""
        if name is None:
            return self.operations[0] if len(self.operations) == 1 else None
        for operation in self.operations:
            if operation.name is not None and operation.name.value == name:
                return operation
        return None


@dataclass(frozen=True, slots=True)
class RefusedDocument:
    """A document that did not: the JSON body answering it, and its errors' codes."""

    body: bytes
    codes: tuple[str, ...]

    @property
    def weight(self) -> int:
        return ENTRY_BYTES + len(self.body) + 8 * len(self.codes)


Prepared = PreparedDocument | RefusedDocument


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class DocumentCache:
    """The prepared documents last used, by SHA-256 of their text, least recent out first;
    at most ``max_bytes`` charged (``Prepared.weight``) and ``max_entries`` of them."""

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
        """Keep ``entry`` unless it alone is over the byte bound; evict to stay within."""
        if key in self._entries or entry.weight > self._max_bytes:
            return
        self._entries[key] = entry
        self.bytes += entry.weight
        while self.bytes > self._max_bytes or len(self._entries) > self._max_entries:
            _, evicted = self._entries.popitem(last=False)
            self.bytes -= evicted.weight


class Documents:
    """Prepares documents by ``preparation`` and keeps them in ``cache``."""

    def __init__(self, preparation: Preparation, cache: DocumentCache) -> None:
        self.preparation = preparation
        self.cache = cache

    def prepare(self, text: str, sha256: str) -> Prepared:
        """The prepared document of ``text`` (whose SHA-256 is ``sha256``)."""
        prepared = self.cache.get(sha256)
        if prepared is None:
            prepared = prepare(text, self.preparation)
            self.cache.put(sha256, prepared)
        return prepared


def prepare(text: str, preparation: Preparation) -> Prepared:
    """``text`` parsed, checked and validated by ``preparation``."""
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
        return refused([GraphQLError("Document nested too deeply.", extensions=_parse_failed())])
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


def _parse_failed() -> dict[str, Any]:
    return {"code": GRAPHQL_PARSE_FAILED}


def refused(errors: Sequence[GraphQLError]) -> RefusedDocument:
    """The answer to a document that did not prepare: no data, ``errors``."""
    formatted = [error.formatted for error in errors]
    codes = tuple(str((each.get("extensions") or {}).get("code")) for each in formatted)
    # A copy: orjson's own bytes keep the capacity it grew to, up to half again the length.
    body = bytes(memoryview(orjson.dumps({"data": None, "errors": formatted})))
    return RefusedDocument(body=body, codes=codes)


def weight_of(text: str, size: DocumentSize) -> int:
    """What a prepared document of ``text`` and ``size`` holds, its plans included."""
    plans = size.fields * PLAN_FIELD_BYTES * MAX_VARIANTS
    return ENTRY_BYTES + 2 * len(text) + size.nodes * NODE_BYTES + plans
