"""Counts the property-based cases schemathesis ran, and reports them after the session."""

from __future__ import annotations

from collections import Counter

import pytest

CASES: Counter[str] = Counter()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if CASES:
        total = sum(CASES.values())
        terminalreporter.write_sep("-", f"schemathesis: {total} cases over {len(CASES)} operations")
        for operation, count in sorted(CASES.items()):
            terminalreporter.write_line(f"  {count:5d}  {operation}")
