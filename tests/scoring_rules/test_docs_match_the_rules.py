"""docs/scoring-rules.md describes the rules as the package has them: every rule, parameter,
default and warning code that `--list` reports is written there."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import scoring_rules

DOC = (Path(__file__).resolve().parents[2] / "docs" / "scoring-rules.md").read_text(encoding="utf-8")
RULES = scoring_rules.describe()["rules"]


def section(rule: str) -> str:
    """The text of one rule's section, from its heading to the next."""
    match = re.search(rf"^### `{rule}`.*?(?=^##)", DOC, re.S | re.M)
    assert match, f"docs/scoring-rules.md has no section for {rule}"
    return match.group(0)


def written(default) -> str:
    """A default as the tables write it."""
    if default is None:
        return "none"
    if isinstance(default, str | list):
        return f"`{json.dumps(default)}`"
    return str(default)


@pytest.mark.parametrize(("rule", "param"), [(r["name"], p) for r in RULES for p in r["params"]],
                         ids=lambda x: x if isinstance(x, str) else x["name"])
def test_every_parameter_and_its_default(rule, param):
    row = re.search(rf"^\| `{param['name']}` \| ([^|]*)\|", section(rule), re.M)
    assert row, f"{rule}: parameter {param['name']} is not in its table"
    expected = "required" if param["required"] else written(param["default"])
    assert row.group(1).strip().startswith(expected), (rule, param["name"], row.group(1), expected)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r["name"])
def test_every_warning_code(rule):
    for code in rule["warnings"]:
        assert f"`{code}`" in DOC, f"{rule['name']}: warning {code} is not described"
