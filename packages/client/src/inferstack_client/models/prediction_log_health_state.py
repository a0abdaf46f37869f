from enum import StrEnum


class PredictionLogHealthState(StrEnum):
    DEGRADED = "degraded"
    DISABLED = "disabled"
    OK = "ok"

    def __str__(self) -> str:
        return str(self.value)
