from conftest import EXAMPLES


def test_example_evaluates_with_table(run):
    code, out, err = run("eval", EXAMPLES / "exhibition.pol", EXAMPLES / "exhibition.case.yaml")
    assert code == 0, err
    assert "合计：97,000.00元" in out


def test_version(run):
    code, out, _ = run("--version")
    assert code == 0 and "policylang" in out


def test_readme_seed_example_totals_as_worked_by_hand(run):
    from conftest import POLICIES

    code, out, err = run("eval", POLICIES / "jixi.pol", EXAMPLES / "jixi" / "processing-firm.yaml")
    assert code == 0, err
    for line in ("400,000.00元", "600,000.00元", "50,000.00元", "220,000.00元", "合计：1,270,000.00元"):
        assert line in out
