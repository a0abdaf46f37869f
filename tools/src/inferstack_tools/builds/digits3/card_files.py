"""The files the digits evaluation completes: ``digits/evaluation.json``, the confusion matrix
image of version 3, the ``card.*`` figures in both Triton configurations, and ``MODEL_CARD.md``
(rendered from every version's card and the evaluation)."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFont

EVALUATION_FILE = "evaluation.json"
CONFUSION_FILE = "confusion_v3.png"
CONFIG_FILES = ("config.pbtxt", "configs/gpu.pbtxt")
CARD_FILE = "model_card.json"
LATENCY_FILE = "digits_versions.json"
SET_ORDER = ("sklearn", "fonts", "pen", "photo")
_CELL = 24
_MARGIN = 26


def accuracy_key(version: str, name: str) -> str:
    """The configuration parameter holding `version`'s accuracy on the set `name`."""
    return f"card.v{version}.gateway_accuracy.{name}"


def figure(value: float) -> str:
    return f"{value:.4f}"


def set_parameter(text: str, key: str, value: str) -> str:
    """`text` (a config.pbtxt) with the string parameter `key` set to `value`: replaced where
    it is, else appended at the end."""
    pattern = re.compile(
        r'(key: "' + re.escape(key) + r'"\s*\n\s*value: \{ string_value: ")[^"]*(" \})'
    )
    if pattern.search(text):
        return pattern.sub(lambda m: m.group(1) + value + m.group(2), text)
    block = f'parameters: {{\n  key: "{key}"\n  value: {{ string_value: "{value}" }}\n}}\n'
    return text.rstrip("\n") + "\n" + block


def config_figures(record: Mapping[str, Any]) -> dict[str, str]:
    """Every ``card.v<N>.gateway_accuracy.<set>`` parameter the evaluation gives."""
    return {
        accuracy_key(version, name): figure(figures["accuracy"])
        for version, sets in record["results"].items()
        for name, figures in sets.items()
    }


def confusion_png(record: Mapping[str, Any], version: str = "3") -> bytes:
    """The confusion matrices of `version` on each set, side by side (rows: true digit,
    columns: predicted; shade: share of the row)."""
    font = ImageFont.load_default(size=11)
    panel = _MARGIN + 10 * _CELL + 8
    image = Image.new("RGB", (len(SET_ORDER) * panel + 8, _MARGIN + 10 * _CELL + 40), "white")
    draw = ImageDraw.Draw(image)
    for p, name in enumerate(SET_ORDER):
        figures = record["results"][version][name]
        matrix = np.asarray(figures["confusion"], dtype=float)[:, :10]  # refused: not drawn
        x0, y0 = 8 + p * panel + _MARGIN, _MARGIN + 14
        counts = f"{figures['correct']}/{figures['total']}"
        title = f"v{version} {name}: {figures['accuracy']:.4f} ({counts})"
        draw.text((x0, 4), title, fill="black", font=font)
        for i in range(10):
            draw.text((x0 - 14, y0 + i * _CELL + 6), str(i), fill="black", font=font)
            draw.text((x0 + i * _CELL + 8, y0 - 13), str(i), fill="black", font=font)
            total = matrix[i].sum() or 1.0
            for j in range(10):
                share = matrix[i, j] / total
                shade = round(255 * (1 - share))
                colour = (shade, shade, 255) if i == j else (255, shade, shade)
                box = (x0 + j * _CELL, y0 + i * _CELL, x0 + (j + 1) * _CELL, y0 + (i + 1) * _CELL)
                draw.rectangle(box, fill=colour, outline=(200, 200, 200))
                if matrix[i, j]:
                    ink = "white" if share > 0.6 else "black"
                    count = str(int(matrix[i, j]))
                    draw.text((box[0] + 3, box[1] + 6), count, fill=ink, font=font)
    legend = "rows: true digit, columns: predicted"
    draw.text((8, image.height - 16), legend, fill="black", font=font)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def latency_file(model_dir: Path) -> Path:
    """Where `./dev bench-versions` writes its report, from ``<repo>/model_repository/digits``."""
    return model_dir.parent.parent / "docs" / "benchmarks" / LATENCY_FILE


def card_inputs(
    model_dir: Path,
) -> tuple[list[dict[str, Any]], dict[str, Any] | None, dict[str, Any] | None]:
    """What MODEL_CARD.md is rendered from: every version's card, and the evaluation and the
    latency report where they exist."""
    return (
        read_cards(model_dir),
        _json_or_none(model_dir / EVALUATION_FILE),
        _json_or_none(latency_file(model_dir)),
    )


def _json_or_none(path: Path) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def render_card(model_dir: Path) -> str:
    """MODEL_CARD.md as the files in `model_dir` (and the latency report) make it."""
    from inferstack_tools.builds.digits_card import render_markdown  # no cycle at import

    cards, evaluation, latency = card_inputs(model_dir)
    return render_markdown(cards, evaluation, latency)


def read_cards(model_dir: Path) -> list[dict[str, Any]]:
    """Every ``<version>/model_card.json`` under `model_dir`, by version."""
    cards = [
        json.loads(path.read_text(encoding="utf-8"))
        for path in model_dir.glob(f"*/{CARD_FILE}")
        if path.parent.name.isdigit()
    ]
    return sorted(cards, key=lambda card: int(card["version"]))


def write_card_files(model_dir: Path, record: Mapping[str, Any]) -> Sequence[Path]:
    """Write the evaluation, the confusion image, the configurations' figures, MODEL_CARD.md."""
    written = []
    evaluation = model_dir / EVALUATION_FILE
    evaluation.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    written.append(evaluation)
    (model_dir / CONFUSION_FILE).write_bytes(confusion_png(record))
    written.append(model_dir / CONFUSION_FILE)
    figures = config_figures(record)
    for card in read_cards(model_dir):
        if int(card["version"]) == 3:
            figures["card.v3.algorithm"] = card["algorithm"]
    for name in CONFIG_FILES:
        path = model_dir / name
        text = path.read_text(encoding="utf-8")
        for key, value in figures.items():
            text = set_parameter(text, key, value)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    markdown = model_dir / "MODEL_CARD.md"
    markdown.write_text(render_card(model_dir), encoding="utf-8")
    written.append(markdown)
    return written
