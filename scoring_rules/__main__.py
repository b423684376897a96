"""Command line: `python -m scoring_rules < case.json > result.json`, or `--list` for the rules."""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from typing import Any

from . import compute, describe
from .base import INVALID_INPUT, ScoringError


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _emit(document: dict[str, Any]) -> None:
    # UTF-8 whatever the locale: ids and messages may be Kazakh or Russian
    sys.stdout.buffer.write(json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8") + b"\n")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    """Run one case from standard input, or list the rules; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m scoring_rules",
        description="Read one case as JSON on standard input, print the standings as JSON. "
        "Invalid input: exit status 2 and {\"error\": {...}} on standard output.",
    )
    parser.add_argument("--list", action="store_true", help="print every rule and its parameters as JSON")
    args = parser.parse_args(argv)
    if args.list:
        _emit(describe())
        return 0
    try:
        try:
            # Decimal keeps every digit the case was written with; the rules compute exactly
            case = json.loads(sys.stdin.buffer.read(), parse_float=Decimal, parse_constant=_refuse_constant)
        except (ValueError, UnicodeDecodeError) as problem:
            raise ScoringError(
                INVALID_INPUT, f"standard input is not a JSON case: {problem}", None, {"kind": "not_json"}
            ) from None
        _emit(compute(case))
    except ScoringError as error:
        _emit(error.to_dict())
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
