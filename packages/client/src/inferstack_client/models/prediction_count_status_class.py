from enum import StrEnum


class PredictionCountStatusClass(StrEnum):
    VALUE_0 = "2xx"
    VALUE_1 = "3xx"
    VALUE_2 = "4xx"
    VALUE_3 = "5xx"

    def __str__(self) -> str:
        return str(self.value)
