"""The official texts kept in policies/sources/ are the shared originals, byte for byte.

The seeds' 原文件 names them so `policylang check` reads the text a clause quotes wherever the
repository is cloned (CI, a drafter's machine, the shipped GitHub workflow); the originals live in
../shared/sources/ beside the checkout, and a copy that drifted from them would check the policies
against a text that is not the official one.
"""

from __future__ import annotations

import pytest
from conftest import POLICIES, SHARED_SOURCES, SOURCES

from policylang.frontend.syntax import parse


def test_every_seed_names_a_kept_official_text():
    for policy in sorted(POLICIES.glob("*.pol")):
        header = parse(policy.read_text(encoding="utf-8")).header
        assert header.source_file is not None, policy
        assert (policy.parent / header.source_file).resolve().parent == SOURCES.resolve(), policy
        assert (policy.parent / header.source_file).is_file(), policy


@pytest.mark.skipif(
    not SHARED_SOURCES.is_dir(), reason="../shared/sources/ (the originals) is not beside this checkout"
)
@pytest.mark.parametrize("name", ["jixi-2023.txt", "lianyungang-2023.txt"])
def test_kept_text_is_the_original(name):
    assert (SOURCES / name).read_bytes() == (SHARED_SOURCES / name).read_bytes()
