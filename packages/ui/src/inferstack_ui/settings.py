"""UI settings, read from `UI_*` environment variables (and a `.env` file)."""

from __future__ import annotations

from pydantic import AliasChoices, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_GATEWAY_URL = "http://127.0.0.1:8080"


class UiSettings(BaseSettings):
    """Where the gateway is and how to talk to it. The UI talks to nothing else."""

    model_config = SettingsConfigDict(
        env_prefix="UI_", env_file=".env", extra="ignore", frozen=True, populate_by_name=True
    )

    gateway_url: str = Field(
        default=DEFAULT_GATEWAY_URL,
        # UI_GATEWAY_URL wins; API_GATEWAY_URL is the name the reference design uses.
        validation_alias=AliasChoices("UI_GATEWAY_URL", "API_GATEWAY_URL", "gateway_url"),
        pattern=r"^https?://\S+$",
        description="The gateway's base URL.",
    )
    api_key: SecretStr | None = Field(
        default=None, description="Sent as X-API-Key when the gateway requires a key."
    )
    timeout_s: float = Field(
        default=30.0, gt=0, le=600, description="How long one inference call may take."
    )
    probe_timeout_s: float = Field(
        default=2.0,
        gt=0,
        le=60,
        description="How long a health, catalog or metrics call may take: short, so that a "
        "gateway that accepts connections but never answers shows as such within seconds.",
    )
    cache_ttl_s: float = Field(
        default=5.0,
        ge=0,
        le=3600,
        description="Seconds the gateway's health and catalog are reused before asking again.",
    )

    @property
    def base_url(self) -> str:
        return self.gateway_url.rstrip("/")


def describe_invalid(error: ValidationError) -> str:
    """One line per invalid setting, naming the environment variable to fix."""
    lines = []
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else "?"
        name = "UI_GATEWAY_URL" if field in ("gateway_url", "UI_GATEWAY_URL") else field
        if not name.isupper():
            name = f"UI_{name.upper()}"
        lines.append(f"{name}: {item['msg']}")
    return "; ".join(lines)
