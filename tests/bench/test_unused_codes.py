from pathlib import Path

from bench.run import UnusedCodes


def test_each_verifier_is_given_codes_no_verifier_had_before(tmp_path: Path) -> None:
    codes = UnusedCodes(tmp_path / "codes.txt", [f"code-{n}" for n in range(5)], per_scenario=2)
    given = [codes.next_file().read_text().split() for _ in range(3)]
    assert given == [["code-0", "code-1"], ["code-2", "code-3"], ["code-4"]]
    assert codes.next_file().read_text() == ""  # none left: the verifier has nothing to send
