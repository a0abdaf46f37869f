from enum import StrEnum


class ReadinessTriton(StrEnum):
    NOT_READY = "not_ready"
    READY = "ready"
    UNREACHABLE = "unreachable"

    def __str__(self) -> str:
        return str(self.value)
