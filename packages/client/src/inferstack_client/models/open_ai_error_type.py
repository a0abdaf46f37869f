from enum import StrEnum


class OpenAIErrorType(StrEnum):
    INVALID_REQUEST_ERROR = "invalid_request_error"
    SERVER_ERROR = "server_error"

    def __str__(self) -> str:
        return str(self.value)
