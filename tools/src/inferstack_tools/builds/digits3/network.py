"""The digits v3 network and its training loop (PyTorch, CPU, deterministic).

A small CNN for 28x28 inputs: three convolution blocks (5x5 with 16 channels, then 3x3 with 32
and 64, each with batch normalisation, ReLU and 2x2 max pooling) and a classifier (dropout, 128
ReLU units, dropout, 10 outputs). The exported graph ends in a softmax: ``pixels`` float32
[N, 28, 28] in 0..1 -> ``probabilities`` float32 [N, 10]. About 2.3 M multiply-adds per image.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import torch
from torch import nn

SEED = 0
THREADS = 1


@dataclass(frozen=True)
class Hyperparameters:
    epochs: int = 12
    batch_size: int = 128
    learning_rate: float = 3e-3  # peak of the one-cycle schedule
    weight_decay: float = 1e-4
    label_smoothing: float = 0.05
    dropout: float = 0.25
    shift_pixels: int = 1  # random whole-pixel shifts of each training input, up to this

    def describe(self) -> dict[str, Any]:
        return asdict(self) | {
            "optimizer": "AdamW",
            "schedule": "OneCycleLR (cosine), one step per batch",
            "loss": f"cross-entropy, label smoothing {self.label_smoothing}",
        }


class DigitNet(nn.Module):  # type: ignore[misc]  # torch is untyped for mypy here
    """[N, 28, 28] pixels in 0..1 -> [N, 10] logits."""

    def __init__(self, dropout: float) -> None:
        super().__init__()

        def block(cin: int, cout: int, kernel: int) -> list[nn.Module]:
            return [
                nn.Conv2d(cin, cout, kernel, padding=kernel // 2, bias=False),
                nn.BatchNorm2d(cout),
                nn.ReLU(),
                nn.MaxPool2d(2),
            ]

        self.features = nn.Sequential(*block(1, 16, 5), *block(16, 32, 3), *block(32, 64, 3))
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Dropout(dropout),
            nn.Linear(64 * 3 * 3, 128),
            nn.ReLU(),
            nn.Dropout(dropout),
            nn.Linear(128, 10),
        )

    def forward(self, pixels: Any) -> Any:
        return self.classifier(self.features(pixels.unsqueeze(1)))


class Probabilities(nn.Module):  # type: ignore[misc]
    """What is exported: the network followed by a softmax."""

    def __init__(self, net: DigitNet) -> None:
        super().__init__()
        self.net = net

    def forward(self, pixels: Any) -> Any:
        return torch.softmax(self.net(pixels), dim=1)


def settle_determinism() -> None:
    """Fixed seeds, THREADS threads, deterministic kernels."""
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(THREADS)
    torch.use_deterministic_algorithms(True)


def _shift(batch: Any, generator: Any, most: int) -> Any:
    """Each image moved by up to `most` pixels in each direction (zero fill)."""
    if most <= 0:
        return batch
    n = batch.shape[0]
    padded = torch.nn.functional.pad(batch, (most, most, most, most))
    dy = torch.randint(0, 2 * most + 1, (n,), generator=generator)
    dx = torch.randint(0, 2 * most + 1, (n,), generator=generator)
    side = batch.shape[1]
    rows = (torch.arange(side)[None, :] + dy[:, None])[:, :, None]
    cols = (torch.arange(side)[None, :] + dx[:, None])[:, None, :]
    return padded[torch.arange(n)[:, None, None], rows, cols]


def train(
    x: npt.NDArray[np.float32],
    y: npt.NDArray[np.int64],
    params: Hyperparameters,
    *,
    log: Callable[[str], None] = print,
) -> DigitNet:
    """Train a fresh DigitNet on (x, y); deterministic for a given THREADS."""
    settle_determinism()
    net = DigitNet(params.dropout)
    inputs, labels = torch.from_numpy(x), torch.from_numpy(y)
    generator = torch.Generator().manual_seed(SEED)
    steps = math.ceil(len(x) / params.batch_size)
    optimizer = torch.optim.AdamW(
        net.parameters(), lr=params.learning_rate, weight_decay=params.weight_decay
    )
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=params.learning_rate, epochs=params.epochs, steps_per_epoch=steps
    )
    loss_fn = nn.CrossEntropyLoss(label_smoothing=params.label_smoothing)
    for epoch in range(params.epochs):
        started = time.perf_counter()
        net.train()
        order = torch.randperm(len(x), generator=generator)
        total, correct = 0.0, 0
        for step in range(steps):
            rows = order[step * params.batch_size : (step + 1) * params.batch_size]
            batch = _shift(inputs[rows], generator, params.shift_pixels)
            optimizer.zero_grad()
            logits = net(batch)
            loss = loss_fn(logits, labels[rows])
            loss.backward()
            optimizer.step()
            schedule.step()
            total += loss.item() * len(rows)
            correct += int((logits.argmax(1) == labels[rows]).sum())
        log(
            f"epoch {epoch + 1}/{params.epochs}: loss {total / len(x):.4f}, "
            f"training accuracy {correct / len(x):.4f} ({time.perf_counter() - started:.0f} s)"
        )
    net.eval()
    return net


def predict(net: DigitNet, x: npt.NDArray[np.float32], batch: int = 512) -> npt.NDArray[Any]:
    """Class probabilities of the trained network (PyTorch), [N, 10]."""
    model = Probabilities(net).eval()
    out = []
    with torch.no_grad():
        for start in range(0, len(x), batch):
            out.append(model(torch.from_numpy(x[start : start + batch])).numpy())
    return np.concatenate(out) if out else np.zeros((0, 10), np.float32)
