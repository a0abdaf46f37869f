"""Which processor serves which model. Adding a model = a repository folder + an entry here.

A model's `config.pbtxt` names its processor with the parameter `processor` (default: the
model's own name). Processors of every task live here; each declares its `task`.
"""

from __future__ import annotations

from inferstack_gateway.processors.base import Processor
from inferstack_gateway.processors.digits import DigitsProcessor
from inferstack_gateway.processors.minilm import MiniLMProcessor


def default_processors() -> dict[str, Processor]:
    """A fresh processor of each kind, by the name a model's configuration uses for it."""
    return {
        "digits": DigitsProcessor(),
        "minilm": MiniLMProcessor(),
    }
