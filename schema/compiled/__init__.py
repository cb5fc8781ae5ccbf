"""Compiled execution of GraphQL queries (docs/architecture.md#the-hot-path)."""

from schema.compiled.executor import CompiledExecutor, Plans

__all__ = ["CompiledExecutor", "Plans"]
