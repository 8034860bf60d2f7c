"""policylang batch: what it reads and what it writes fail cleanly, located, and never leave a partial output.

Each test is the exact input issue 11 reports ("Tracebacks and lost output"), through the CLI.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import polars as pl
import pytest
from conftest import FIXTURES, ROOT
from golden import assert_golden

GOLDEN = Path(__file__).resolve().parent / "golden" / "batch_files"
JIXI = str(ROOT / "policies" / "jixi.pol")
HEADER = (FIXTURES / "batch" / "jixi.csv").read_text(encoding="utf-8").splitlines()[0]


def coal(name: str, imports: str = "6000") -> str:
    """A row of the fixture's header: a coal importer (五(一)1), every other column as 鸡西甲煤业 has it."""
    return f"{name},{imports},80%,40000吨,,,否,,0,,,"


@pytest.fixture
def here(monkeypatch, tmp_path):
    """A folder of our own, named relatively, so messages (and their goldens) do not name the machine."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(FIXTURES / "batch" / "jixi.csv", tmp_path / "pop.csv")
    return tmp_path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# ---------------------------------------------------------------------------- reading
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_column_named_twice_is_located_not_a_traceback(run, here, lang):
    Path("dup.csv").write_text("企业,贸易额[万元],贸易额[万元]\nA,1,2\n", encoding="utf-8")
    code, out, err = run("--lang", lang, "batch", JIXI, "dup.csv")
    assert code == 2 and out == ""
    assert "B004" in err and "Traceback" not in err
    assert_golden(GOLDEN / f"repeated_column.{lang}.txt", err)


def test_a_column_named_twice_in_parquet_is_refused(run, here):
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_arrays(
        [pa.array(["A"]), pa.array(["1"]), pa.array(["2"])], names=["企业", "贸易额", "贸易额"]
    )
    pq.write_table(table, "dup.parquet")
    code, _, err = run("batch", JIXI, "dup.parquet")
    assert code == 2 and "B004" in err and "贸易额" in err


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_23_digit_amount_is_a_located_refusal(run, here, lang):
    Path("big.csv").write_text(f"{HEADER}\n{coal('甲')}\n{coal('乙', '12345678901234567890123')}\n", encoding="utf-8")
    code, out, err = run("--lang", lang, "batch", JIXI, "big.csv")
    assert code == 2 and out == ""
    assert "B013" in err and "big.csv:3:" in err and "Traceback" not in err
    assert_golden(GOLDEN / f"too_many_digits.{lang}.txt", err)


def test_eval_takes_the_23_digit_amount_batch_refuses(run, here):
    """The refusal in batch is about its 38-digit columns, not about the value: eval pays it, exactly, to the cap."""
    Path("big.yaml").write_text(
        "能源资源类产品进口额: 12345678901234567890123万元\n商品落地率: 80%\n", encoding="utf-8"
    )
    code, out, err = run("eval", JIXI, "big.yaml", "--clause", "五(一)1")
    assert code == 0 and "Traceback" not in err, err
    assert "合计：1,000,000.00元" in out


# ---------------------------------------------------------------------------- where the output goes
@pytest.mark.parametrize(
    ("make", "target", "code_expected"),
    [
        (lambda: Path("out").mkdir(), "out", "F014"),  # an existing folder
        (lambda: Path("x.csv").mkdir(), "x.csv", "F014"),  # a folder named like a file
        (lambda: None, "missing/x.csv", "F015"),  # a missing parent folder
        (lambda: None, "pop.csv", "F016"),  # the input itself
        (lambda: None, "./sub/../pop.csv", "F016"),  # the input under another name
        (lambda: None, "", "F018"),  # an empty name: once silently no output, exit 0 (found by tests/test_fuzz.py)
        (lambda: None, "  ", "F018"),  # blanks only
    ],
)
def test_an_output_that_cannot_be_written_is_refused_before_any_work(run, here, make, target, code_expected):
    Path("sub").mkdir()
    make()
    before = Path("pop.csv").read_bytes()
    code, out, err = run("batch", JIXI, "pop.csv", "-o", target, "--force")
    assert code == 2 and out == "", err
    assert f"[{code_expected}]" in err and "Traceback" not in err
    assert Path("pop.csv").read_bytes() == before
    assert leftovers(here) == []


def test_an_item_table_or_the_policy_as_output_is_refused(run, here):
    shutil.copy(FIXTURES / "batch" / "jixi_loans.csv", "loans.csv")
    before = Path("loans.csv").read_bytes()
    code, _, err = run("batch", JIXI, "pop.csv", "--items", "出口融资贷款=loans.csv", "-o", "loans.csv", "--force")
    assert code == 2 and "F016" in err
    assert Path("loans.csv").read_bytes() == before


def test_the_input_by_a_hard_link_is_refused(run, here):
    (here / "link.csv").hardlink_to(here / "pop.csv")
    code, _, err = run("batch", JIXI, "pop.csv", "-o", "link.csv", "--force")
    assert code == 2 and "F016" in err


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_existing_output_is_replaced_only_with_force(run, here, lang):
    Path("out.csv").write_text("old\n", encoding="utf-8")
    code, out, err = run("--lang", lang, "batch", JIXI, "pop.csv", "-o", "out.csv")
    assert code == 2 and out == ""
    assert Path("out.csv").read_text(encoding="utf-8") == "old\n"
    assert_golden(GOLDEN / f"output_exists.{lang}.txt", err)
    code, _, err = run("batch", JIXI, "pop.csv", "-o", "out.csv", "--force")
    assert code == 0, err
    assert pl.read_csv("out.csv", infer_schema=False).height == 8  # the fixture's eight enterprises
    assert leftovers(here) == []


def test_output_keeps_ordinary_permissions(run, here):
    code, _, err = run("batch", JIXI, "pop.csv", "-o", "out.parquet")
    assert code == 0, err
    assert (
        Path("out.parquet").stat().st_mode & 0o044 == 0o044
    )  # readable by others, as any new file (not mkstemp's 0600)


# ---------------------------------------------------------------------------- failing half-way
def test_a_bad_row_after_written_chunks_leaves_no_partial_output(run, here):
    rows = [coal(f"企业{i}") for i in range(7)] + [coal("坏", "六千")]
    Path("bad.csv").write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    Path("out.csv").write_text("old\n", encoding="utf-8")
    code, out, err = run("batch", JIXI, "bad.csv", "-o", "out.csv", "--force", "--chunk-rows", "2")
    assert code == 2 and out == "" and "bad.csv:9:" in err, err
    assert Path("out.csv").read_text(encoding="utf-8") == "old\n"  # not 6 rows of results
    assert leftovers(here) == []


def test_a_bad_row_leaves_no_new_output_at_all(run, here):
    rows = [coal(f"企业{i}") for i in range(3)] + [coal("坏", "六千")]
    Path("bad.csv").write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    code, _, _ = run("batch", JIXI, "bad.csv", "-o", "out.parquet", "--chunk-rows", "1")
    assert code == 2
    assert not Path("out.parquet").exists() and leftovers(here) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_full_disk_is_a_message_and_no_partial_file(run, here, monkeypatch, lang):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pl.DataFrame, "write_csv", full)
    code, out, err = run("--lang", lang, "batch", JIXI, "pop.csv", "-o", "out.csv")
    assert code == 2 and out == ""
    assert "F003" in err and "Traceback" not in err
    assert not Path("out.csv").exists() and leftovers(here) == []
    assert_golden(GOLDEN / f"disk_full.{lang}.txt", err)


def test_the_readme_documents_force(run):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "--force" in readme
    code, out, _ = run("--lang", "en", "batch", "--help")
    assert code == 0 and "--force" in out and "Replace OUT" in out


def test_a_full_disk_while_writing_parquet_is_a_message(run, here, monkeypatch):
    import polars as pl

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pl.DataFrame, "write_parquet", full)  # batch writes Parquet with polars' own writer
    code, _, err = run("batch", JIXI, "pop.csv", "-o", "out.parquet")
    assert code == 2 and "F003" in err and "Traceback" not in err
    assert not Path("out.parquet").exists() and leftovers(here) == []


def test_an_interrupt_half_way_keeps_the_old_output(run, here, monkeypatch):
    from policylang.tools.batch.summary import Summary

    Path("out.csv").write_text("old\n", encoding="utf-8")
    calls = []

    def interrupted(self, outcome):
        calls.append(outcome)
        if len(calls) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(Summary, "add", interrupted)
    code, _, _ = run("batch", JIXI, "pop.csv", "-o", "out.csv", "--force", "--chunk-rows", "1")
    assert code != 0 and len(calls) == 2  # Ctrl-C after the first chunk was written to the temporary file
    assert Path("out.csv").read_text(encoding="utf-8") == "old\n" and leftovers(here) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_award_past_64_bit_fen_is_a_located_refusal(run, here, lang):
    """An award of 1.5×10^17 元 is more 分 than batch's Int64 columns hold: the clause went to the row path, which
    then stopped with a traceback (polars could not build the Int64 column). It is refused at its row, exit 2, and
    eval still pays it exactly."""
    policy = str(FIXTURES / "patterns" / "rounding.pol")
    Path("big.csv").write_text("企业,费用\n甲,12.34\n乙,300000000000000000\n", encoding="utf-8")
    code, out, err = run("--lang", lang, "batch", policy, "big.csv", "--clause", "九(二)")
    assert code == 2 and out == ""
    assert "B061" in err and "big.csv:3:" in err and "九(二)" in err and "Traceback" not in err
    assert_golden(GOLDEN / f"award_past_64_bits.{lang}.txt", err)
    Path("big.yaml").write_text("费用: 300000000000000000元\n", encoding="utf-8")
    code, out, _ = run("eval", policy, "big.yaml", "--clause", "九(二)")
    assert code == 0 and "150,000,000,000,000,000.00元" in out
