"""Every module's tests can be found from it (docs/development.md, "Where a module's tests
are"): by a test file named after it, one that reaches or imports it, or the page's table."""

from tests.architecture import tests_map
from tests.architecture.tests_map import ROOT, project_modules, unreached_modules


def test_every_module_has_tests_a_reader_can_find() -> None:
    listed = tests_map.tested_through_others()
    lost = [module for module in unreached_modules() if module not in listed]
    assert not lost, (
        "no test file is named after these modules, reaches or imports them; name one "
        "tests/<layer>/test_<module>.py, or list their tests in docs/development.md: "
        + ", ".join(lost)
    )


def test_the_modules_and_tests_the_page_lists_exist() -> None:
    listed = tests_map.tested_through_others()
    assert listed, "the table of docs/development.md is not read"
    gone = sorted(set(listed) - set(project_modules()))
    assert not gone, f"docs/development.md lists modules that are gone: {gone}"
    missing = [test for tests in listed.values() for test in tests if not (ROOT / test).is_file()]
    assert not missing, f"docs/development.md lists test files that are gone: {missing}"


def test_the_map_reads_names_paths_fields_and_rules() -> None:
    found = tests_map.tests_by_module()
    assert set(found) == set(project_modules())
    assert "tests/domain/test_password_reset.py" in found["domain.password_reset"]  # named
    assert "tests/http/test_rest_lifecycle.py" in found["rest_facade.signing_in"]  # a path
    assert "tests/graphql/test_lifecycle.py" in found["schema.mutations.reset_password"]
    assert "tests/abuse/test_timing.py" in found["domain.password_reset"]  # a rule
