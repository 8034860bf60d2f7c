from conftest import EXAMPLES


def test_example_evaluates_with_table(run):
    code, out, err = run("eval", EXAMPLES / "exhibition.pol", EXAMPLES / "exhibition.case.yaml")
    assert code == 0, err
    assert "合计：97,000.00元" in out


def test_version(run):
    code, out, _ = run("--version")
    assert code == 0 and "policylang" in out
