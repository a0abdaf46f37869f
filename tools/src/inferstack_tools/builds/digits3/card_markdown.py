"""The parts of ``digits/MODEL_CARD.md`` about version 3 and the evaluation through the gateway."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

Card = Mapping[str, Any]
SET_TITLES = {
    "sklearn": "scikit-learn held-out",
    "fonts": "held-out font families",
    "pen": "pen strokes, held-out styles",
    "photo": "photo-like images",
}


def evaluation_section(evaluation: Card, latency: Card | None) -> list[str]:
    """The side-by-side table of every version on every set, the sets, the default version."""
    results = evaluation["results"]
    versions = sorted(results, key=int)
    sets = evaluation["sets"]
    default = evaluation["default_version"]
    lines = [
        "## Evaluation through the gateway",
        "",
        f"Measured {evaluation['method']}. Every image is a file (PNG, or JPEG for the photos); "
        "each version gets the input its configuration declares (v1, v2: 8x8 `optdigits`; "
        "v3: 28x28 `mnist`).",
        "",
        "| set | images | " + " | ".join(f"v{v}" for v in versions) + " | v3 target |",
        "| --- | ---: |" + " ---: |" * len(versions) + " ---: |",
    ]
    for name, spec in sets.items():
        cells = []
        for version in versions:
            figures = results[version][name]
            text = f"{figures['accuracy']:.4f}"
            cells.append(f"**{text}**" if version == "3" else text)
        met = results["3"][name]["accuracy"] >= spec["target_v3"]
        lines.append(
            f"| {SET_TITLES.get(name, name)} | {spec['images']} | "
            + " | ".join(cells)
            + f" | >= {spec['target_v3']:.2f} ({'met' if met else 'NOT met'}) |"
        )
    families = ", ".join(evaluation["held_out_font_families"])
    packages = ", ".join(f"`{p}`" for p in evaluation["held_out_font_packages"])
    lines += [
        "",
        "The sets:",
        "",
        *(f"- **{SET_TITLES.get(n, n)}**: {spec['description']}." for n, spec in sets.items()),
        f"- Held-out font families ({evaluation['held_out_font_faces']} faces): {families}, "
        f"from the Debian packages {packages}. No face of these packages is used in training.",
        "",
        f"Default version: {default['rule']}. v3 beats v2 on "
        + ", ".join(
            f"{SET_TITLES.get(name, name)} ({'yes' if won else 'no'})"
            for name, won in default["v3_beats_v2"].items()
        )
        + (
            ", so v3 is the default."
            if default["v3_is_default"]
            else "; v3 is NOT the default (GATEWAY_DEFAULT_VERSIONS must pin v2)."
        ),
        "",
        "![confusion matrices of v3 on each set](confusion_v3.png)",
        "",
    ]
    if latency:
        lines += _latency(latency)
    return lines


def _latency(latency: Card) -> list[str]:
    lines = [
        "Latency in Triton on this CPU, batch 1, one request at a time "
        f"({latency['requests']} requests per version after a warm-up; "
        f"`{latency['reproduce']}`, report in `docs/benchmarks/digits_versions.md`):",
        "",
        "| version | Triton compute per image, mean ms | p50 round trip ms | p99 round trip ms |",
        "| --- | ---: | ---: | ---: |",
    ]
    for version, figures in sorted(latency["versions"].items(), key=lambda item: int(item[0])):
        lines.append(
            f"| {version} | {figures['compute_ms']:.3f} | {figures['p50_ms']:.2f} "
            f"| {figures['p99_ms']:.2f} |"
        )
    lines += [
        "",
        f"Machine: {latency['machine']}. *Compute* is Triton's own account of the time "
        "from taking a request off the queue to having its output (compute_input + "
        "compute_infer + compute_output): the Python backend's hand-over and onnxruntime. The "
        "round trip adds the gRPC client and the dynamic batcher's queue delay "
        "(`max_queue_delay_microseconds: 2000`, which a lone request waits out).",
        "",
    ]
    return lines


def version3_row(card: Card) -> str:
    opsets = ", ".join(f"{domain} {version}" for domain, version in card["onnx"]["opset"].items())
    return (
        f"| 3 | {card['algorithm']} | `pixels` [N, 28, 28] 0..1 (`mnist`) "
        f"| {card['validation']['accuracy']:.4f} (validation, distorted) | {opsets} "
        f"| `{card['onnx']['sha256'][:16]}...` |"
    )


def version3_section(card: Card) -> list[str]:
    data = card["training_data"]
    fonts, pen, sklearn = data["fonts"], data["pen"], data["sklearn"]
    shapes = "; ".join(f"{d}: {', '.join(s)}" for d, s in pen["shapes"].items())
    ranges = ", ".join(f"{k} {v[0]:g}..{v[1]:g}" for k, v in pen["style_ranges"].items())
    params = card["hyperparameters"]
    lines = [
        "## Version 3",
        "",
        f"- Input: {card['input']['description']} (the gateway's normalisation "
        f"`{card['input']['normalisation']}`, declared in the configuration as "
        "`image.v3.size` 28x28 and `image.v3.normalisation` mnist).",
        f"- Network: {card['network']['layers']}; {card['network']['parameters']} parameters.",
        f"- Training data: {data['items']} images ("
        + ", ".join(f"{k} {v}" for k, v in data["by_source"].items())
        + f"), each made into the model's input by {data['preprocessing']}:",
        f"  - fonts: {fonts['faces']} faces of {len(fonts['families'])} families from the Debian "
        f"packages {', '.join(f'`{p}`' for p in fonts['packages'])} (installed by the build with "
        f"apt-get), {fonts['renders_per_face_and_digit']} renders per face and digit at "
        f"{fonts['sizes_pt'][0]}..{fonts['sizes_pt'][1]} pt, render 0 undistorted; files "
        f"without ordinary digits excluded ({', '.join(fonts['excluded_files'])});",
        f"  - pen strokes: {pen['per_digit']} per digit from the stroke generator, shapes "
        f"{shapes}; style ranges {ranges}, each cut into {pen['bands']} bands, training draws "
        f"from the {pen['training_bands']} bands (evaluation from the others); "
        f"{pen['undistorted_share']:.0%} left undistorted;",
        f"  - scikit-learn: {sklearn['split']}, {sklearn['renders_per_image']} renders each: "
        f"{sklearn['render']};",
        "  - augmentation (each step with its own probability): affine (rotation, shear, "
        "stretch), elastic distortion, thicker or thinner strokes, off-centre placement on a "
        "larger sheet, grey ink and paper under a light gradient, blur, noise and specks, "
        "inversion, a final size from 16 px; lighter for the scikit-learn scans.",
        f"- Training: {params['optimizer']}, {params['schedule']}, peak learning rate "
        f"{params['learning_rate']}, weight decay {params['weight_decay']}, {params['loss']}, "
        f"batch {params['batch_size']}, {params['epochs']} epochs, dropout {params['dropout']}, "
        f"random shifts of up to {params['shift_pixels']} px; seed {card['seed']}, "
        f"{card['threads']} thread(s), deterministic algorithms "
        f"({card['build_seconds']['data']} s making the data, "
        f"{card['build_seconds']['training']} s training, on 2 shared cores).",
        f"- Validation ({card['validation']['description']}, {card['validation']['rows']} "
        "images, distorted as for training, some beyond recognition; a check of the fit, not a "
        f"measure of use): {card['validation']['accuracy']:.4f} ("
        + ", ".join(f"{k} {v:.4f}" for k, v in card["validation"]["by_source"].items())
        + ").",
        f"- ONNX: {card['onnx']['bytes']} bytes, sha256 `{card['onnx']['sha256']}`, "
        f"{card['onnx']['exporter']}; largest difference from PyTorch on the validation images "
        f"{card['onnx']['max_abs_difference_from_pytorch']:.1e}.",
        f"- Reproduce: `{card['reproduce']}`, then `./dev evaluate-digits --update-card`; "
        "`./dev hatch run digits3:build --check` builds into a temporary directory and compares "
        "the ONNX digest with this card (a second build on the build machine gave the same "
        "bytes). "
        "Libraries: " + ", ".join(f"{k} {v}" for k, v in card["libraries"].items()) + ".",
        "",
    ]
    return lines


def limitations(versions: Sequence[int]) -> list[str]:
    if 3 not in versions:
        return []
    return [
        "- Version 3 was trained on typefaces, synthetic pen strokes and the scikit-learn scans, "
        "not on real handwriting beyond those scans: its pen-stroke figures come from the same "
        "generator (in held-out styles), so they are optimistic for people's handwriting. The "
        "held-out fonts and the photo-like set are closer to a fair test.",
        "- Version 3 reads the ink of the whole picture: two digits, or a digit with a "
        "frame or a stain, are one shape to it.",
    ]
