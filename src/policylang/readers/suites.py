"""The one reader of `*.cases.yaml` suites, for `policylang test` and `diff --cases` alike.

    政策: jixi.pol                      # optional; default <name>.pol beside the suite
    案例:
      - 名称: "五(一)2 煤炭恰为 5000吨"
        事实: {煤炭落地量: 5000吨}
        设定: {规模门槛一: 500万元}
        条款: [五(一)2]
        期望: {五(一)2: 25万元}

This module reads what does not depend on a policy: the file's YAML, the keys of the suite and of
each case (a typo such as `期待:` is a located error with the key it means), each case's name (given,
and different from the others') and its `期望:` (present, a mapping). What a case's entries mean for a
policy — facts, settings, clauses, expected amounts — is typed by the caller (`test` for the suite's
policy, `diff` for each of the two versions), through a typer called case by case, so every
diagnostic comes out in the order of the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from policylang.errors import Collector, Diagnostic, PolicyError, Source, Span
from policylang.report.i18n import t

SUITE_SUFFIX = ".cases.yaml"
SUITE_KEYS = ("政策", "案例")
CASE_KEYS = ("名称", "事实", "设定", "条款", "期望")
CASES = "案例"
Entry = tuple[Any, Any]  # (key node, value node) of a YAML mapping
T = TypeVar("T")


@dataclass
class SuiteFile:
    """A suite as read: its source, root node and top-level entries (政策, 案例)."""

    path: str
    source: Source
    root: Any
    top: dict[str, Entry]


@dataclass
class RawCase:
    """One case's entries, checked for their keys and name; its values are typed by the caller."""

    name: str
    span: Span  # the name as written
    node: Any
    source: Source
    entries: dict[str, Entry]
    _expectations_checked: bool = field(default=False, repr=False)

    def get(self, key: str) -> Entry | None:
        return self.entries.get(key)

    def expectations(self, diag: Collector) -> Any | None:
        """The `期望:` mapping node, or None after reporting that the case has none (once)."""
        import yaml

        from policylang.readers.cases import node_span

        entry = self.entries.get("期望")
        node = entry[1] if entry is not None else None
        if isinstance(node, yaml.MappingNode) and node.value:
            self._expectations_checked = True
            return node
        if not self._expectations_checked:
            where = node_span(self.source, node) if node is not None else self.span
            diag.add("U014", t("suite.no_expectations"), where, suggestion=t("suite.no_expectations.hint"))
        self._expectations_checked = True
        return None


def is_suite(path: str, root: Any) -> bool:
    """A `*.cases.yaml` file, or any mapping with a `案例:` list, is a suite (else an eval case file)."""
    import yaml

    if path.endswith(SUITE_SUFFIX):
        return True
    return isinstance(root, yaml.MappingNode) and any(str(k.value) == CASES for k, _ in root.value)


def open_suite(path: str, diag: Collector, text: str | None = None) -> SuiteFile:
    """Read a suite's YAML and its top-level keys; not a mapping at all is an error at once."""
    import yaml

    from policylang import read_text
    from policylang.readers.cases import compose, node_span

    root, source = compose(read_text(path, "案例文件") if text is None else text, path)
    if not isinstance(root, yaml.MappingNode):
        where = node_span(source, root) if root is not None else Span(source, 1, 1, 1, 2)
        raise PolicyError(Diagnostic("U001", t("suite.mapping"), where, suggestion=t("suite.mapping.hint")))
    return SuiteFile(path, source, root, keyed(root, source, SUITE_KEYS, t("suite.what.suite"), diag))


def read_suite_cases(suite: SuiteFile, diag: Collector, typer: Callable[[RawCase, Collector], T | None]) -> list[T]:
    """Each case of the suite, typed by `typer`, in the order of the file; problems go to `diag`."""
    import yaml

    from policylang.readers.cases import node_span

    entry = suite.top.get(CASES)
    if entry is None:
        diag.add("U003", t("suite.no_cases"), Span(suite.source, 1, 1, 1, 2), suggestion=t("suite.no_cases.hint"))
        return []
    node = entry[1]
    if not isinstance(node, yaml.SequenceNode):
        diag.add("U005", t("suite.cases_list"), node_span(suite.source, node))
        return []
    out: list[T] = []
    first_seen: dict[str, Span] = {}
    for item in node.value:
        raw = raw_case(item, suite.source, diag)
        if raw is None:
            continue
        typed = typer(raw, diag)
        raw.expectations(diag)  # reported once, wherever the typer looked (or not)
        if typed is None:
            continue
        if raw.name in first_seen:
            diag.add(
                "U007",
                t("suite.duplicate", name=raw.name),
                raw.span,
                notes=(t("suite.first_seen", where=first_seen[raw.name].location()),),
                suggestion=t("suite.duplicate.hint"),
            )
            continue
        first_seen[raw.name] = raw.span
        out.append(typed)
    return out


def raw_case(node: Any, source: Source, diag: Collector) -> RawCase | None:
    import yaml

    from policylang.readers.cases import node_span

    if not isinstance(node, yaml.MappingNode):
        diag.add("U006", t("suite.case_mapping"), node_span(source, node))
        return None
    entries = keyed(node, source, CASE_KEYS, t("suite.what.case"), diag)
    name_entry = entries.get("名称")
    if name_entry is None or not isinstance(name_entry[1], yaml.ScalarNode) or not str(name_entry[1].value).strip():
        diag.add("U006", t("suite.no_name"), node_span(source, node), suggestion=t("suite.no_name.hint"))
        return None
    return RawCase(str(name_entry[1].value).strip(), node_span(source, name_entry[1]), node, source, entries)


def keyed(node: Any, source: Source, allowed: tuple[str, ...], what: str, diag: Collector) -> dict[str, Entry]:
    """A mapping's entries by key (key node, value node); unknown or repeated keys are reported."""
    from policylang.frontend.units import suggest
    from policylang.readers.cases import node_span

    out: dict[str, Entry] = {}
    for key, value in node.value:
        name = str(key.value)
        if name in out:
            diag.add("U002", t("suite.key_twice", what=what, name=name), node_span(source, key))
        elif name not in allowed:
            near = suggest(name, list(allowed))
            diag.add(
                "U002",
                t("suite.unknown_key", what=what, name=name),
                node_span(source, key),
                suggestion=t("values.did_you_mean", word=near) if near else t("suite.keys", keys="、".join(allowed)),
            )
        else:
            out[name] = (key, value)
    return out


def read_suite(path: str, typer: Callable[[RawCase, Collector], T | None], text: str | None = None) -> list[T]:
    """A whole suite, typed case by case, for a caller that needs no policy of its own (`diff`):
    every problem, structural or typed, is raised together as one located PolicyError."""
    diag = Collector()
    suite = open_suite(path, diag, text)
    cases = read_suite_cases(suite, diag, typer)
    diag.raise_if_errors()
    return cases


__all__ = [
    "SUITE_SUFFIX",
    "RawCase",
    "SuiteFile",
    "is_suite",
    "keyed",
    "open_suite",
    "read_suite",
    "read_suite_cases",
]
