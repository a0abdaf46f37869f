"""The model card figures the catalog carries, per version: `card.v<N>.<figure>` parameters.

A model's configuration declares its card's facts as parameters (the gateway passes them on in
the catalog): `card.v1.held_out_accuracy = 0.9667`, `card.v2.algorithm = ...`, and facts of the
whole model such as `card.dataset`. Figures whose values are numbers between 0 and 1 are
accuracies (or other shares) and are charted; the rest are shown as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from inferstack_client.models import ModelInfo
from inferstack_ui.catalog import parameters

_VERSIONED = re.compile(r"^card\.v(?P<version>\d+)\.(?P<figure>.+)$")


@dataclass(frozen=True)
class ModelCard:
    #: version -> figure -> value, versions in numeric order.
    versions: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Facts of the whole model (`card.<name>`).
    facts: dict[str, str] = field(default_factory=dict)

    def shares(self) -> list[str]:
        """The figures every value of which is a number in [0, 1]: accuracies and the like."""
        figures: dict[str, bool] = {}
        for values in self.versions.values():
            for figure, value in values.items():
                figures[figure] = figures.get(figure, True) and _share(value) is not None
        return [figure for figure, ok in figures.items() if ok]

    def share_rows(self) -> list[dict[str, str | float]]:
        """One row per (version, figure) share, for a chart: "version N", figure, value."""
        shares = self.shares()
        return [
            {
                "version": f"version {version}",
                "figure": title(figure),
                "value": float(values[figure]),
            }
            for version, values in self.versions.items()
            for figure in shares
            if figure in values
        ]

    def figure_rows(self) -> list[dict[str, str]]:
        """One row per figure, one column per version ("version 1", ...), shares as
        percentages: versions side by side, narrow enough for a phone."""
        shares = set(self.shares())
        figures = list(dict.fromkeys(f for values in self.versions.values() for f in values))
        figures.sort(key=lambda f: (f in shares, f))  # text first, then the figures charted
        rows = []
        for figure in figures:
            row = {"figure": title(figure)}
            for version, values in self.versions.items():
                value = values.get(figure, "")
                number = _share(value)
                shown = figure in shares and number is not None
                row[f"version {version}"] = f"{number:.1%}" if shown else value
            rows.append(row)
        return rows


def card(model: ModelInfo) -> ModelCard:
    versions: dict[str, dict[str, str]] = {}
    facts: dict[str, str] = {}
    for key, value in sorted(parameters(model).items()):
        match = _VERSIONED.match(key)
        if match:
            versions.setdefault(match["version"], {})[match["figure"]] = value
        elif key.startswith("card."):
            facts[key.removeprefix("card.")] = value
    ordered = {v: versions[v] for v in sorted(versions, key=int)}
    return ModelCard(ordered, facts)


def title(figure: str) -> str:
    """`held_out_shifted_accuracy` -> "held-out shifted accuracy"."""
    return figure.replace("held_out", "held-out").replace("_", " ")


def _share(value: str) -> float | None:
    try:
        number = float(value)
    except ValueError:
        return None
    return number if 0.0 <= number <= 1.0 else None
