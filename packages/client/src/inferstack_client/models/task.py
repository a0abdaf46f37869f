from enum import StrEnum


class Task(StrEnum):
    EMBEDDINGS = "embeddings"
    IMAGE_CLASSIFICATION = "image-classification"

    def __str__(self) -> str:
        return str(self.value)
