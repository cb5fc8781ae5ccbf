"""The executor Strawberry runs each operation with (``execution_context_class``)."""

from typing import Any

from graphql import ExecutionResult, GraphQLError
from graphql.execution import ExperimentalIncrementalExecutionResults
from graphql.pyutils import AwaitableOrValue
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from schema.compiled.cache import plan_for
from schema.compiled.compiler import Plan
from schema.compiled.plan import execute_fields

Response = ExecutionResult | ExperimentalIncrementalExecutionResults


class CompiledExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's graphql-core executor, running a query from its compiled plan.

    What an operation is run by is decided before any resolver runs: graphql-core's own
    ``execute_operation`` whenever there is no plan (``schema.compiled.compiler``) or
    the request asks for what a plan does not do (middleware, an abort signal, hooks,
    early execution), so nothing is ever executed twice.
    """

    def execute_operation(self, serially: bool | None = None) -> AwaitableOrValue[Response]:
        plan = self._plan() if serially is None else None
        if plan is None:
            return super().execute_operation(serially)
        return self._run(plan)

    def _plan(self) -> Plan | None:
        if (
            self.abort_signal is not None
            or self.hooks is not None
            or self.enable_early_execution
            or not self.error_propagation
            or (self.middleware_manager is not None and self.middleware_manager.middlewares)
        ):
            return None
        return plan_for(self)

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
