"""graphql-core's ``Executor.execute_field`` specialised per field; errors are located and
collected by the executor's own ``handle_field_error``."""

from collections.abc import Awaitable
from types import CoroutineType
from typing import Any

from graphql import (
    FieldNode,
    GraphQLFieldResolver,
    GraphQLResolveInfo,
    get_nullable_type,
    is_leaf_type,
)
from graphql.execution import Executor
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path
from strawberry.types import Info
from strawberry.types.field import StrawberryField

from schema.compiled.completion import FieldSite, settled_or_null
from schema.compiled.plan import Completer, FieldRunner


def typename(site: FieldSite) -> FieldRunner:
    name = site.parent_type.name

    def run(executor: Executor[Any], source: Any, parent_path: Path | None) -> Any:
        return name

    return run


def attribute_leaf(site: FieldSite, key: str, attribute: str, complete: Completer) -> FieldRunner:
    """Read with ``getattr``, as Strawberry does; its path is built only when it fails."""
    parent_name = site.parent_type.name

    def run(executor: Executor[Any], source: Any, parent_path: Path | None) -> Any:
        try:
            return complete(executor, getattr(source, attribute), None)
        except Exception as raw_error:
            _failed(executor, site, raw_error, Path(parent_path, key, parent_name))
            return None

    return run


def attribute(site: FieldSite, key: str, attribute: str, complete: Completer) -> FieldRunner:
    parent_name = site.parent_type.name

    def run(executor: Executor[Any], source: Any, parent_path: Path | None) -> Any:
        path = Path(parent_path, key, parent_name)
        try:
            completed = complete(executor, getattr(source, attribute), path)
            if executor.is_awaitable(completed):
                return _completed(executor, site, completed, path)
        except Exception as raw_error:
            _failed(executor, site, raw_error, path)
            return None
        return completed

    return run


def resolver(
    site: FieldSite,
    key: str,
    resolve: GraphQLFieldResolver,
    arguments: dict[str, Any] | None,
    complete: Completer,
) -> FieldRunner:
    """``arguments``: coerced once when they hold no variable, else ``None`` (coerced at each
    call)."""
    parent_type = site.parent_type
    parent_name = parent_type.name
    field_def = site.field_def
    return_type = field_def.type
    details = site.details
    nodes = [each.node for each in details]

    def run(executor: Executor[Any], source: Any, parent_path: Path | None) -> Any:
        path = Path(parent_path, key, parent_name)
        info = executor.build_resolve_info(field_def, nodes, parent_type, path)
        try:
            args = _arguments(executor, site, arguments)
            result = resolve(source, info, **args)
            return _completion(executor, site, complete, result, path)
        except Exception as raw_error:
            executor.handle_field_error(raw_error, return_type, details, path)
            return None

    return run


def strawberry_method(
    site: FieldSite,
    key: str,
    definition: StrawberryField,
    info_class: type[Info[Any, Any]],
    complete: Completer,
    *,
    arguments: dict[str, Any] | None,
    argument_names: dict[str, str],
) -> FieldRunner:
    """Called as Strawberry's own resolver calls it (``get_arguments``, then
    ``StrawberryField.get_result``) without its generic wrapper, which spent most of the call:
    arguments under their Python names, the source as ``self``/``root``/``parent``, a Strawberry
    ``Info`` built only when the resolver reads more than ``info.context``."""
    return_type = site.field_def.type
    leaf = is_leaf_type(get_nullable_type(return_type))
    details = site.details
    nodes = [each.node for each in details]
    base = definition.base_resolver
    assert base is not None  # noqa: S101 - chosen for having one
    takes_self = base.self_parameter is not None
    # What the resolver's ``__call__`` calls, once it has checked it can be called.
    call = base.wrapped_func if callable(base.wrapped_func) else base
    source_names = [
        parameter.name
        for parameter in (base.parent_parameter, base.root_parameter)
        if parameter is not None
    ]
    info_name = None if base.info_parameter is None else base.info_parameter.name
    # Arguments coerced once by the plan are named once too.
    fixed = None if arguments is None else _python_named(arguments, argument_names)

    def run(executor: Executor[Any], source: Any, parent_path: Path | None) -> Any:
        raw_info = _ResolveInfoOnDemand(executor, site, nodes, parent_path, key)
        try:
            if fixed is not None:
                kwargs = fixed.copy()
            else:
                kwargs = _python_named(_arguments(executor, site, None), argument_names)
            for name in source_names:
                kwargs[name] = source
            if info_name is not None:
                kwargs[info_name] = info_class(_raw_info=raw_info, _field=definition)  # type: ignore[arg-type]
            result = call(source, **kwargs) if takes_self else call(**kwargs)
            if type(result) is CoroutineType:  # an ``async def`` resolver's, known at once
                return settled_or_null(executor, site, return_type, complete, result, raw_info.path)
            if leaf and not executor.is_awaitable(result):
                return complete(executor, result, None)
            return _completion(executor, site, complete, result, raw_info.path)
        except Exception as raw_error:
            executor.handle_field_error(raw_error, return_type, details, raw_info.path)
            return None

    return run


def _python_named(given: dict[str, Any], argument_names: dict[str, str]) -> dict[str, Any]:
    """The arguments given, under the resolver's parameter names."""
    return {
        python_name: given[name] for name, python_name in argument_names.items() if name in given
    }


class _ResolveInfoOnDemand:
    """Built on first use: most resolvers read only ``info.context``, which needs neither the
    path nor the rest."""

    __slots__ = ("_built", "_executor", "_key", "_nodes", "_parent_path", "_site", "context")

    def __init__(
        self,
        executor: Executor[Any],
        site: FieldSite,
        nodes: list[FieldNode],
        parent_path: Path | None,
        key: str,
    ) -> None:
        self.context = executor.context_value
        self._executor = executor
        self._site = site
        self._nodes = nodes
        self._parent_path = parent_path
        self._key = key
        self._built: GraphQLResolveInfo[Any] | None = None

    @property
    def path(self) -> Path:
        return Path(self._parent_path, self._key, self._site.parent_type.name)

    @property
    def field_nodes(self) -> list[FieldNode]:
        """What ``build_resolve_info`` would be given: a lookahead needs no more."""
        return self._nodes

    def __getattr__(self, name: str) -> Any:
        if self._built is None:
            site = self._site
            self._built = self._executor.build_resolve_info(
                site.field_def, self._nodes, site.parent_type, self.path
            )
        return getattr(self._built, name)


def delegated(site: FieldSite, key: str) -> FieldRunner:
    """Abstract types, ``is_type_of``."""
    parent_type = site.parent_type
    details = site.details

    def run(executor: Executor[Any], source: Any, parent_path: Path | None) -> Any:
        path = Path(parent_path, key, parent_type.name)
        return executor.execute_field(parent_type, source, details, path, None)

    return run


def _completion(
    executor: Executor[Any], site: FieldSite, complete: Completer, result: Any, path: Path
) -> Any:
    """A synchronous failure is the caller's to handle."""
    if executor.is_awaitable(result):
        return settled_or_null(executor, site, site.field_def.type, complete, result, path)
    completed = complete(executor, result, path)
    if executor.is_awaitable(completed):
        return _completed(executor, site, completed, path)
    return completed


async def _completed(
    executor: Executor[Any], site: FieldSite, completed: Awaitable[Any], path: Path
) -> Any:
    """The ``await_completed`` branch of ``execute_field``."""
    try:
        return await completed
    except Exception as raw_error:
        _failed(executor, site, raw_error, path)
        return None


def _failed(executor: Executor[Any], site: FieldSite, raw_error: Exception, path: Path) -> None:
    """Raised instead when the field is non-null."""
    executor.handle_field_error(raw_error, site.field_def.type, site.details, path)


def _arguments(
    executor: Executor[Any], site: FieldSite, arguments: dict[str, Any] | None
) -> dict[str, Any]:
    """Coerced once by the plan, else now (they hold variables)."""
    if arguments is not None:
        return arguments
    first = site.details[0]
    return get_argument_values(
        site.field_def,
        first.node,
        executor.variable_values,
        first.fragment_variable_values,
        executor.hide_suggestions,
    )
