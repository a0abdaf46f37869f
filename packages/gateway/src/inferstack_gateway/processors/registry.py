"""Which processor serves which model. Adding a model = a repository folder + an entry here.

A model's `config.pbtxt` names its processor with the parameter `processor` (default: the
model's own name).
"""

from __future__ import annotations

from inferstack_gateway.processors.base import ImageClassifier
from inferstack_gateway.processors.digits import DigitsProcessor

PROCESSORS: dict[str, ImageClassifier] = {
    "digits": DigitsProcessor(),
}
