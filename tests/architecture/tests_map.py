"""Which tests test each module of the project: the map the docs' Development page shows
(``docs/hooks.py``), read from the tests themselves.

A test file tests a module when it is named after it (``tests/domain/test_password_reset.py``
of ``domain/password_reset.py``; listed first), when it calls one of its REST paths (the
handler's module, ``rest_facade.routes.OPERATIONS``), names one of its GraphQL fields in a
document (the mutation's module, or ``schema.queries``) or calls its rule
(``rules.password_reset``). A module that no test reaches so has the tests the Development
page lists for it, or else the first few test files that import it.
``python -m tests.architecture.tests_map`` prints it.
"""

import ast
import re
import tomllib
from collections.abc import Iterator
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEVELOPMENT = ROOT / "docs" / "development.md"
#: The heading of the page's section that lists the modules tested only through others.
SECTION = "### Where a module's tests are"
#: The project's packages, as the import-linter contracts list them.
PACKAGES = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"][
    "root_packages"
]
_GRAPHQL_FIELD = r"\b({names})\s*[({{]"


def project_modules() -> list[str]:
    """Every module of the project with code of its own, dotted."""
    found = ["main"]
    for package in sorted(PACKAGES):
        for path in sorted((ROOT / package).rglob("*.py")):
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            if path.name == "__init__.py":
                if not _has_code(path):
                    continue
                module = module.removesuffix(".__init__")
            found.append(module)
    return found


def test_files() -> list[Path]:
    return sorted((ROOT / "tests").rglob("test_*.py"))


#: How many importing test files a module without closer tests lists, at most.
MOST_IMPORTERS = 5


def tests_by_module() -> dict[str, list[str]]:
    """Each project module and the test files that test it: those named after it and those
    that reach it (a REST path, a GraphQL field, a rule of ``Rules``); for a module without
    either, those the Development page lists for it, or else the first that import it."""
    close, importers = _relations()
    listed = tested_through_others()
    return {
        module: sorted(close[module], key=lambda test: (not _named_after(test, module), test))
        or listed.get(module, [])
        or sorted(importers[module])[:MOST_IMPORTERS]
        for module in close
    }


def _named_after(test: str, module: str) -> bool:
    return Path(test).stem == f"test_{module.rpartition('.')[2]}"


def unreached_modules() -> list[str]:
    """The modules no test file is named after, reaches or imports."""
    close, importers = _relations()
    return [module for module in close if not close[module] and not importers[module]]


def tested_through_others() -> dict[str, list[str]]:
    """The Development page's table of modules tested only through others: each module and
    its test files, as paths from the repository's root."""
    page = DEVELOPMENT.read_text()
    section = page[page.index(SECTION) :].split("\n#", 1)[0]
    rows = re.findall(r"^\| `([\w.]+)` \| (`.*`) \|$", section, re.MULTILINE)
    return {
        module: [f"tests/{test}" for test in re.findall(r"`([^`]+)`", tests)]
        for module, tests in rows
    }


@cache
def _relations() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """The test files named after or reaching each module, and those importing it."""
    modules = project_modules()
    known = set(modules)
    close: dict[str, set[str]] = {module: set() for module in modules}
    importers: dict[str, set[str]] = {module: set() for module in modules}
    for path in test_files():
        name = path.relative_to(ROOT).as_posix()
        source = path.read_text()
        for module in modules:
            if _named_after(name, module):
                close[module].add(name)
        for module in _reached(source) & known:
            close[module].add(name)
        for module in set(_imported(ast.parse(source), known)) & known:
            importers[module].add(name)
    return close, importers


def _has_code(path: Path) -> bool:
    tree = ast.parse(path.read_text())
    return any(not isinstance(node, ast.Expr) for node in tree.body)


def _imported(tree: ast.Module, known: set[str]) -> Iterator[str]:
    """The project modules ``tree`` imports: ``import a.b``, ``from a.b import c``, and
    ``from a import b`` of a module ``a.b``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield _innermost(alias.name, known)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                yield submodule if submodule in known else _innermost(node.module, known)


def _innermost(module: str, known: set[str]) -> str:
    """``module``, or the nearest package above it that has code (``import a.b`` of a
    package ``a.b`` without code runs ``a``'s)."""
    while module not in known and "." in module:
        module = module.rpartition(".")[0]
    return module


def _reached(source: str) -> set[str]:
    """The handler modules of the REST paths ``source`` names as whole strings, the schema
    modules of the GraphQL fields its documents name, and the modules of the rules it calls
    (``rules.password_reset``)."""
    paths, fields, rules = _entry_points()
    strings = re.findall(r"[\"']([^\"'\n]*)[\"']", source)
    called = {paths[text] for text in strings if text in paths}
    pattern = re.compile(_GRAPHQL_FIELD.format(names="|".join(map(re.escape, fields))))
    for text in strings:
        if "{" in text or "(" in text:
            called.update(fields[match] for match in pattern.findall(text))
    called.update(rules[name] for name in re.findall(r"\brules\.(\w+)", source) if name in rules)
    return called


@cache
def _entry_points() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """The module of each REST path, of each GraphQL root field and of each rule."""
    from dataclasses import fields as fields_of
    from typing import get_type_hints

    from strawberry.types.base import get_object_definition

    from domain.rules import Rules
    from rest_facade import forward_auth, introspection
    from rest_facade.routes import OPERATIONS
    from schema.mutations import Mutation
    from schema.queries import Query

    paths = {operation.path: operation.handler.__module__ for operation in OPERATIONS}
    paths[forward_auth.PATH] = forward_auth.__name__
    paths[introspection.PATH] = introspection.__name__
    fields: dict[str, str] = {}
    for root in (Query, Mutation):
        definition = get_object_definition(root, strict=True)
        for field in definition.fields:
            resolver = field.base_resolver
            if resolver is not None:
                name = field.graphql_name or _camel(field.python_name)
                if not name.startswith("_"):
                    fields[name] = resolver.wrapped_func.__module__
    hints = get_type_hints(Rules)
    rules = {field.name: hints[field.name].__module__ for field in fields_of(Rules)}
    return paths, fields, rules


def _camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(word.capitalize() for word in rest)


def markdown() -> str:
    """The map as a Markdown table."""
    rows = []
    for module, tests in tests_by_module().items():
        listed = ", ".join(f"`{test.removeprefix('tests/')}`" for test in tests) or "—"
        rows.append(f"| `{module}` | {listed} |")
    return "\n".join(["| module | its tests |", "|---|---|", *rows])


if __name__ == "__main__":
    print(markdown())
