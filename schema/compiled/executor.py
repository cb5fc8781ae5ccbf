from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from types import CoroutineType, GeneratorType
from typing import Any, TypeGuard

from graphql import (
    ExecutionResult,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
)
from graphql.execution import (
    ExperimentalIncrementalExecutionResults,
    default_field_resolver,
    default_type_resolver,
)
from graphql.execution.collect_fields import FragmentDetails
from graphql.execution.values import VariableValues, get_variable_values
from graphql.pyutils import AwaitableOrValue
from graphql.pyutils import is_async_iterable as default_is_async_iterable
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
    #: Whether a variant has a plan.
    planned: bool = False
    # The document's fragments, as the first executor of the operation read them.
    fragment_definitions: dict[str, FragmentDefinitionNode] = field(default_factory=dict)
    fragments: dict[str, FragmentDetails] = field(default_factory=dict)
    #: Builds the executor a run of a plan of the operation may need.
    build: "_Build | None" = None

    def variant(self, variable_values: VariableValues) -> tuple[object, ...]:
        """The key of the plan for these variables: the values of its conditions."""
        if not self.conditions:
            return ()
        coerced = variable_values.coerced
        return tuple(coerced.get(name) for name in self.conditions)


@dataclass(slots=True)
class Plans:
    """Compiled on first use, a decision for graphql-core kept like a plan; keyed by the
    operation node, which the document holds as long as it holds these."""

    #: By ``id`` of the operation's node.
    operations: dict[int, _Operation] = field(default_factory=dict)

    def plan_for(self, executor: "CompiledExecutor") -> Plan | None:
        operation: OperationDefinitionNode = executor.operation
        entry = self.operations.get(id(operation))
        if entry is None:
            conditions = condition_variables(operation, executor.fragment_definitions)
            entry = self.operations[id(operation)] = _Operation(
                conditions,
                fragment_definitions=executor.fragment_definitions,
                fragments=executor.fragments,
            )
            entry.build = _Build(executor.schema, entry, operation, self)
        if entry.conditions is None:
            return None
        key = entry.variant(executor.variable_values)
        if not all(isinstance(value, bool) for value in key):
            return None  # graphql-core reports the null or missing condition
        if key not in entry.variants:
            if len(entry.variants) >= MAX_VARIANTS:
                entry.variants.clear()
            entry.variants[key] = compile_plan(executor)
            entry.planned = any(plan is not None for plan in entry.variants.values())
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

    def _run(self, plan: Plan) -> AwaitableOrValue[ExecutionResult]:
        """``Executor.execute_operation`` for a query with no abort signal."""
        return PlannedRun.around(self).run(plan)


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


class PlannedRun:
    """A query run by a plan already compiled, without graphql-core's executor unless the
    run needs more than the plan: a field's error, a resolver's whole ``info``, a value the
    plan leaves to graphql-core. Building that executor (``Executor.build``, its
    ``__init__``, Strawberry's) cost more than running the plan of a small query; what a
    plan reads of it on every run is here, the rest is read from the executor built on
    first need, with the same variables and context."""

    __slots__ = (
        "_build",
        "_executor",
        "context_value",
        "hide_suggestions",
        "is_async_iterable",
        "is_awaitable",
        "operation_extensions",
        "root_value",
        "variable_values",
    )

    def __init__(
        self,
        *,
        context_value: Any,
        variable_values: VariableValues,
        hide_suggestions: bool,
        build: "Callable[[PlannedRun], CompiledExecutor]",
        operation_extensions: dict[str, Any] | None = None,
    ) -> None:
        self.context_value = context_value
        self.variable_values = variable_values
        self.hide_suggestions = hide_suggestions
        self.operation_extensions = operation_extensions
        self.root_value = None
        self.is_awaitable: Callable[[Any], TypeGuard[Awaitable[Any]]] = is_awaitable
        self.is_async_iterable: Callable[[Any], bool] = default_is_async_iterable
        self._build = build
        self._executor: CompiledExecutor | None = None

    @classmethod
    def around(cls, executor: CompiledExecutor) -> "PlannedRun":
        """A run of ``executor``'s operation by ``executor`` itself."""
        run = cls(
            context_value=executor.context_value,
            variable_values=executor.variable_values,
            hide_suggestions=executor.hide_suggestions,
            build=lambda run: executor,
        )
        run.root_value = executor.root_value
        run.is_awaitable = executor.is_awaitable
        run.is_async_iterable = executor.is_async_iterable
        run._executor = executor
        return run

    @property
    def executor(self) -> "CompiledExecutor":
        if self._executor is None:
            self._executor = self._build(self)
        return self._executor

    def __getattr__(self, name: str) -> Any:
        return getattr(self.executor, name)

    def run(self, plan: Plan) -> AwaitableOrValue[ExecutionResult]:
        """As ``CompiledExecutor._run``. A single root field run by its runner is run here,
        as ``execute_fields`` would run it, without the dict and coroutine it gathers its
        fields with: most operations ask for one."""
        fields = plan.fields
        try:
            if len(fields) == 1 and fields[0].attribute is None:
                field = fields[0]
                value = field.run(self, self.root_value, None)  # type: ignore[arg-type]
                # An ``async def`` resolver's field gives a coroutine: known without a call.
                if type(value) is CoroutineType or (field.may_await and self.is_awaitable(value)):
                    return self._awaited(value, key=field.key)
                return self._response({field.key: value})
            # Read as an executor: what a plan reads of one is here (``__slots__``).
            data = execute_fields(self, fields, self.root_value, None)  # type: ignore[arg-type]
        except GraphQLError as error:
            return self._failed(error)
        if self.is_awaitable(data):
            return self._awaited(data)
        return self._response(data)

    async def _awaited(self, data: Any, *, key: str | None = None) -> ExecutionResult:
        """``data``'s, or with ``key`` the one root field's value, awaited."""
        try:
            completed = await data
        except GraphQLError as error:
            return self._failed(error)
        except Exception:
            if self._executor is not None:
                await self._executor.cancel_incremental_work()
                self._executor.run_async_work_finished_hook()
            raise
        return self._response(completed if key is None else {key: completed})

    def _failed(self, error: GraphQLError) -> ExecutionResult:
        self.executor.collected_errors.add(error, None)
        return self._response(None)

    def _response(self, data: dict[str, Any] | None) -> ExecutionResult:
        if self._executor is None:
            return ExecutionResult(data, None)
        response = self._executor.build_response(data)
        assert isinstance(response, ExecutionResult)  # noqa: S101 - no @defer, @stream
        return response


def run_planned(
    plans: Plans,
    *,
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    context: Any,
    raw_variables: dict[str, Any] | None,
    hide_suggestions: bool,
    operation_extensions: dict[str, Any] | None,
) -> AwaitableOrValue[ExecutionResult] | None:
    """None unless ``operation`` has a plan compiled for these variables (the executor
    ``CompiledExecutor.build`` makes compiles it, and reports variables that do not fit)."""
    entry = plans.operations.get(id(operation))
    if entry is None or entry.conditions is None:
        return None
    variable_values = _NO_VARIABLES
    if operation.variable_definitions:
        if not entry.planned:
            return None  # not coerced twice, by this and by the executor's build
        coerced = get_variable_values(
            schema,
            operation.variable_definitions,
            raw_variables or {},
            max_errors=1,  # which errors, the executor built next reports
            hide_suggestions=hide_suggestions,
        )
        if isinstance(coerced, list):
            return None
        variable_values = coerced
    plan = entry.variants.get(entry.variant(variable_values))
    if plan is None:
        return None
    assert entry.build is not None  # noqa: S101 - set with the entry
    run = PlannedRun(
        context_value=context,
        variable_values=variable_values,
        hide_suggestions=hide_suggestions,
        build=entry.build,
        operation_extensions=operation_extensions,
    )
    return run.run(plan)


#: What coercing gives for no definitions, whatever values were sent; never changed
#: (graphql-core only reads variable values).
_NO_VARIABLES = VariableValues(sources={}, coerced={})


@dataclass(slots=True)
class _Build:
    """The executor a run of the operation's plan builds on first need, with the run's
    context, variables and extensions; one per operation."""

    schema: GraphQLSchema
    entry: _Operation
    operation: OperationDefinitionNode
    plans: Plans

    def __call__(self, run: PlannedRun) -> CompiledExecutor:
        return CompiledExecutor(
            self.schema,
            self.entry.fragment_definitions,
            self.entry.fragments,
            None,
            run.context_value,
            self.operation,
            run.variable_values,
            default_field_resolver,
            default_type_resolver,
            default_field_resolver,
            is_awaitable=is_awaitable,
            hide_suggestions=run.hide_suggestions,
            plans=self.plans,
            operation_extensions=run.operation_extensions,
        )
