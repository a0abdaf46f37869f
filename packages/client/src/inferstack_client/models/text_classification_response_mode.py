from enum import StrEnum


class TextClassificationResponseMode(StrEnum):
    MULTI_LABEL = "multi_label"
    SINGLE_LABEL = "single_label"

    def __str__(self) -> str:
        return str(self.value)
