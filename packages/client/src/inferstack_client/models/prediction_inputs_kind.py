from enum import StrEnum


class PredictionInputsKind(StrEnum):
    IMAGES = "images"
    TENSORS = "tensors"
    TEXTS = "texts"

    def __str__(self) -> str:
        return str(self.value)
