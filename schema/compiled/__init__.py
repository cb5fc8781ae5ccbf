"""Compiled execution of GraphQL queries (docs/architecture.md#the-hot-path)."""

from schema.compiled.executor import CompiledExecutor, Plans, is_awaitable, run_planned

__all__ = ["CompiledExecutor", "Plans", "is_awaitable", "run_planned"]
