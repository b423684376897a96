"""The scoring rules as the admin sees them: names, parameter descriptions, validation."""

from __future__ import annotations

import scoring_rules

# Parameters with their own editors on the category page; the rest are drawn from the registry.
STRUCTURED = ("criteria", "aspects", "awards")


def rule_names() -> list[str]:
    """Every registered rule, in registry order."""
    return list(scoring_rules.RULES)


def rule_choices() -> list[tuple[str, str]]:
    """(name, "Title (name)") for the rule select, titles in the current language."""
    from flask_babel import gettext

    return [(item["name"], f'{gettext(item["title"])} ({item["name"]})') for item in scoring_rules.describe()["rules"]]


def describe(rule: str) -> dict:
    """The registry's description of one rule (title, description, params)."""
    for item in scoring_rules.describe()["rules"]:
        if item["name"] == rule:
            return item
    raise scoring_rules.ScoringError("unknown_rule", f"unknown rule {rule!r}")


def simple_params(rule: str) -> list[dict]:
    """The parameters edited as plain fields (everything but criteria, aspects and awards)."""
    return [p for p in describe(rule).get("params", []) if p["name"] not in STRUCTURED]


def check(rule: str, params: dict) -> None:
    """Raise scoring_rules.ScoringError naming the parameter when the rule refuses the params."""
    scoring_rules.check_params(rule, params)
