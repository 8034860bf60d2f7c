"""Where the one grammar file is: `grammar/policylang.lark` at the root of a checkout, shipped in the
wheel as the data package `policylang.grammar`. Plain `os.path`, as it sits on every start-up path."""

from __future__ import annotations

import os

_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def grammar_path() -> str:
    installed = os.path.join(_PACKAGE, "grammar", "policylang.lark")
    checkout = os.path.join(os.path.dirname(os.path.dirname(_PACKAGE)), "grammar", "policylang.lark")
    return installed if os.path.isfile(installed) else checkout
