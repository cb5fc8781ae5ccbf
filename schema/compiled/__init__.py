"""Compiled execution of GraphQL queries (issue 13).

Each operation of a prepared document (``schema.documents``) is compiled once into a plan
(``schema.compiled.compiler``): its fields collected, looked up and given a resolver and a
completion for their type, so that a list of rows is completed without graphql-core's
per-field walk. ``CompiledExecutor`` runs the plan, or graphql-core's own execution when
the plan is ``None`` (mutations, subscriptions, introspection, directives it does not
know).
"""

from schema.compiled.executor import CompiledExecutor, Plans

__all__ = ["CompiledExecutor", "Plans"]
