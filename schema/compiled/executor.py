from collections.abc import Awaitable
from dataclasses import dataclass, field
from types import CoroutineType, GeneratorType
from typing import Any, TypeGuard

from graphql import ExecutionResult, GraphQLError, OperationDefinitionNode
from graphql.execution import ExperimentalIncrementalExecutionResults
from graphql.pyutils import AwaitableOrValue
from strawberry.execution import optimized_is_awaitable
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from schema.compiled.compiler import Plan, compile_plan, condition_variables
from schema.compiled.plan import execute_fields

Response = ExecutionResult | ExperimentalIncrementalExecutionResults
#: Plans kept per operation, one per combination of its ``@skip``/``@include`` values;
#: clients use few. Charged to the document's weight (``schema.documents``).
MAX_VARIANTS = 2


@dataclass(slots=True)
class _Operation:
    conditions: tuple[str, ...] | None
    variants: dict[tuple[object, ...], Plan | None] = field(default_factory=dict)


@dataclass(slots=True)
class Plans:
    """Compiled on first use, a decision for graphql-core kept like a plan; keyed by the
    operation node, which the document holds as long as it holds these."""

    _operations: dict[int, _Operation] = field(default_factory=dict)

    def plan_for(self, executor: "CompiledExecutor") -> Plan | None:
        operation: OperationDefinitionNode = executor.operation
        entry = self._operations.get(id(operation))
        if entry is None:
            conditions = condition_variables(operation, executor.fragment_definitions)
            entry = self._operations[id(operation)] = _Operation(conditions)
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


class CompiledExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's graphql-core executor, running a query from its plan. Which runs an
    operation is decided before any resolver runs, so nothing is ever executed twice:
    graphql-core without a plan, or for middleware, an abort signal, hooks, early execution."""

    def __init__(self, *args: Any, plans: Plans | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plans = plans

    def execute_operation(self, serially: bool | None = None) -> AwaitableOrValue[Response]:
        plan = self._plan() if serially is None else None
        if plan is None:
            return super().execute_operation(serially)
        return self._run(plan)

    def _plan(self) -> Plan | None:
        if (
            self.plans is None
            or self.abort_signal is not None
            or self.hooks is not None
            or self.enable_early_execution
            or not self.error_propagation
            or (self.middleware_manager is not None and self.middleware_manager.middlewares)
        ):
            return None
        return self.plans.plan_for(self)

    def _run(self, plan: Plan) -> AwaitableOrValue[Response]:
        """``Executor.execute_operation`` for a query with no abort signal."""
        try:
            data = execute_fields(self, plan.fields, self.root_value, None)
        except GraphQLError as error:
            self.collected_errors.add(error, None)
            return self.build_response(None)
        if self.is_awaitable(data):
            return self._awaited(data)
        return self.build_response(data)

    async def _awaited(self, data: Any) -> Response:
        try:
            completed = await data
        except GraphQLError as error:
            self.collected_errors.add(error, None)
            return self.build_response(None)
        except Exception:
            await self.cancel_incremental_work()
            self.run_async_work_finished_hook()
            raise
        return self.build_response(completed)


#: Whether a value of each type is awaitable, as ``is_awaitable`` found it first.
_AWAITABLE_BY_TYPE: dict[type, bool] = {
    CoroutineType: True,
    **dict.fromkeys((type(None), bool, int, float, str, bytes, list, tuple, dict), False),
}
#: Types remembered at most; a schema's results are of few.
_MAX_REMEMBERED_TYPES = 1024


def is_awaitable(value: Any) -> TypeGuard[Awaitable[Any]]:
    """graphql-core's ``is_awaitable`` (Strawberry's, with its fast path for built-in
    types), answered once per type: whether a value has ``__await__`` is its type's
    to say, unless the type answers attribute lookups itself (``__getattr__``,
    ``__getattribute__``) or the value is a generator (whose code decides). A list of 50
    objects asked it for each, and for an object its checks cost half a microsecond."""
    kind = type(value)
    known = _AWAITABLE_BY_TYPE.get(kind)
    if known is not None:
        return known
    awaitable = optimized_is_awaitable(value)
    if (
        kind is not GeneratorType
        and getattr(kind, "__getattribute__") is object.__getattribute__  # noqa: B009
        and not hasattr(kind, "__getattr__")
        and len(_AWAITABLE_BY_TYPE) < _MAX_REMEMBERED_TYPES
    ):
        _AWAITABLE_BY_TYPE[kind] = awaitable
    return awaitable
