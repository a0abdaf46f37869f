"""What every arm sends: the same inputs, in each arm's own form.

A workload is a fixed list of inputs (digit images, or sentences). The task endpoints of the
gateway and of the monolith get them as a client would send them (base64 PNG images; texts);
Triton, called directly or through the gateway's v2 pass-through, gets the tensors the gateway's
own processors make of them, so every arm computes the same thing.
"""

from __future__ import annotations

import base64
import io
import json
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from PIL import Image

from inferstack_gateway.processors.digits import MNIST, DigitsProcessor
from inferstack_gateway.processors.geometry import ImageGeometry
from inferstack_gateway.processors.minilm import DEFAULT_MAX_LENGTH, MiniLMProcessor
from inferstack_gateway.settings import GatewaySettings

ModelName = Literal["digits", "minilm"]
MODELS: tuple[ModelName, ...] = ("digits", "minilm")
INPUTS_PER_WORKLOAD = 64
_V2_DATATYPES = {np.dtype(np.float32): "FP32", np.dtype(np.int64): "INT64"}
DIGITS_VERSION = "3"  # the digits version every arm serves (the default one)
DIGITS_GEOMETRY = ImageGeometry(28, 28, MNIST)  # its input, as its configuration declares


@dataclass(frozen=True)
class Workload:
    """One input per request; request `i` of any arm carries input `i % len(inputs)`."""

    model: ModelName
    version: str
    task_path: str  # the task endpoint, on the gateway and on the monolith
    task_bodies: tuple[bytes, ...]  # JSON bodies for the task endpoint
    tensors: tuple[dict[str, npt.NDArray[Any]], ...]  # Triton's inputs, per request
    output: str  # the Triton output to ask for

    @property
    def v2_path(self) -> str:
        return f"/v2/models/{self.model}/versions/{self.version}/infer"

    def v2_bodies(self) -> tuple[bytes, ...]:
        """The tensors as Open Inference Protocol JSON bodies (the v2 pass-through)."""
        return tuple(_v2_body(tensors, self.output) for tensors in self.tensors)


def _v2_body(tensors: dict[str, npt.NDArray[Any]], output: str) -> bytes:
    inputs = [
        {
            "name": name,
            "shape": list(array.shape),
            "datatype": _V2_DATATYPES[array.dtype],
            "data": array.ravel().tolist(),
        }
        for name, array in tensors.items()
    ]
    return json.dumps({"inputs": inputs, "outputs": [{"name": output}]}).encode()


def load(model: ModelName) -> Workload:
    return _digits() if model == "digits" else _minilm()


def batch_tensors(model: ModelName, size: int) -> dict[str, npt.NDArray[Any]]:
    """Triton's inputs for ONE request carrying `size` of the workload's inputs (cycling through
    them), made by the gateway's processor as it makes them for such a request: the token ids
    right-padded to the longest text."""
    picks = [i % INPUTS_PER_WORKLOAD for i in range(size)]
    if model == "digits":
        images = digit_images(INPUTS_PER_WORKLOAD)
        limits = GatewaySettings().image_limits
        picked = [images[i] for i in picks]
        return {"pixels": DigitsProcessor().preprocess(picked, limits, DIGITS_GEOMETRY)}
    texts = sentences(INPUTS_PER_WORKLOAD)
    return MiniLMProcessor().preprocess([texts[i] for i in picks], DEFAULT_MAX_LENGTH).tensors()


@cache
def _digits() -> Workload:
    images = digit_images(INPUTS_PER_WORKLOAD)
    processor = DigitsProcessor()
    bodies = tuple(
        json.dumps(
            {
                "model": "digits",
                "version": DIGITS_VERSION,
                "top_k": 1,
                "images": [{"data": base64.b64encode(image).decode()}],
            }
        ).encode()
        for image in images
    )
    limits = GatewaySettings().image_limits
    tensors = tuple(
        {"pixels": processor.preprocess([image], limits, DIGITS_GEOMETRY)} for image in images
    )
    return Workload(
        "digits", DIGITS_VERSION, "/v1/image-classification", bodies, tensors, "probabilities"
    )


def digit_images(count: int) -> list[bytes]:
    """`count` of scikit-learn's 8x8 digits as 96x96 PNG scans: dark ink on white paper."""
    from sklearn.datasets import load_digits  # bundled data; imported here: it is slow

    grids = load_digits().images
    picks = np.linspace(0, len(grids) - 1, count).astype(int)
    return [render(grids[i]) for i in picks]


def render(grid: npt.NDArray[np.float64], *, size: int = 64, fmt: str = "PNG") -> bytes:
    """An 8x8 grid (0..16) as a scan: dark ink on white paper, upscaled, with a margin."""
    ink = (255 - grid / 16.0 * 255).clip(0, 255).astype(np.uint8)
    digit = Image.fromarray(ink, mode="L").resize((size, size), Image.Resampling.BILINEAR)
    canvas = Image.new("L", (size + size // 2, size + size // 2), 255)
    canvas.paste(digit, (size // 4, size // 4))
    out = io.BytesIO()
    canvas.save(out, format=fmt)
    return out.getvalue()


@cache
def _minilm() -> Workload:
    texts = sentences(INPUTS_PER_WORKLOAD)
    processor = MiniLMProcessor()
    bodies = tuple(
        json.dumps(
            {"model": "minilm", "version": "1", "input": [text], "encoding_format": "base64"}
        ).encode()
        for text in texts
    )
    tensors = tuple(processor.preprocess([text], DEFAULT_MAX_LENGTH).tensors() for text in texts)
    return Workload("minilm", "1", "/v1/embeddings", bodies, tensors, "embedding")


_SUBJECTS = (
    "The quarterly report",
    "Our new support team",
    "A heavy storm over the coast",
    "The city council",
    "This small neural network",
    "The evening train to the airport",
    "Her first novel",
    "The hospital's emergency ward",
)
_PREDICATES = (
    "was delayed again because nobody had checked the numbers before Friday",
    "answered more questions this week than in the whole of last month",
    "closed several roads and left thousands of homes without power overnight",
    "voted to double the budget for cycling lanes across the old town",
    "ranks search results better than the keyword index it replaced",
    "is crowded every day, so people now travel an hour earlier",
    "sold out within days and is being translated into twelve languages",
    "treated more patients than ever after the heat wave began",
)


def sentences(count: int) -> list[str]:
    """`count` distinct English sentences of 15 to 25 tokens, as a search query or a short
    document chunk is."""
    subjects, predicates = len(_SUBJECTS), len(_PREDICATES)
    return [
        f"{_SUBJECTS[i % subjects]} {_PREDICATES[(i // subjects + i) % predicates]}."
        for i in range(count)
    ]
