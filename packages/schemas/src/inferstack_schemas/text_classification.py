"""Zero-shot text classification: texts and candidate labels in, labels ranked per text out.

Each label becomes a hypothesis (`hypothesis_template` with the label in place of `{}`); texts
and hypotheses are embedded together and each text's labels are scored by cosine similarity,
turned into probabilities with a softmax.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from inferstack_schemas.timings import Timings

DEFAULT_HYPOTHESIS_TEMPLATE = "This text is about {}."
#: The softmax temperature that turns similarities into probabilities (logit scale 40). How it
#: was chosen is told where it is applied, in the gateway's minilm processor.
ZERO_SHOT_TEMPERATURE = 0.025


def check_hypothesis_template(template: str) -> str:
    """The template, if it holds exactly one `{}` (where the label goes); else ValueError."""
    count = template.count("{}")
    if count != 1:
        raise ValueError(f"must contain exactly one '{{}}' (where the label goes), found {count}")
    return template


def hypothesis(template: str, label: str) -> str:
    """The sentence for `label`. Only `{}` is replaced; other braces are kept as written."""
    return template.replace("{}", label, 1)


class TextClassificationRequest(BaseModel):
    """Score every label for every text with one model version, in one batch."""

    model_config = ConfigDict(extra="forbid")

    texts: list[str] = Field(
        min_length=1,
        description="The texts to classify; each must hold something besides whitespace.",
        examples=[["The striker scored twice in the final minutes."]],
    )
    labels: list[str] = Field(
        min_length=1,
        description="The candidate labels (distinct, not blank).",
        examples=[["sports", "politics", "technology"]],
    )
    hypothesis_template: str = Field(
        default=DEFAULT_HYPOTHESIS_TEMPLATE,
        min_length=2,
        max_length=1000,
        description="The sentence each label is put in before embedding; it must contain "
        "exactly one `{}`, replaced by the label. Other braces are taken literally.",
        examples=[DEFAULT_HYPOTHESIS_TEMPLATE],
    )
    model: str = Field(default="minilm", min_length=1, max_length=128, examples=["minilm"])
    version: str | None = Field(
        default=None,
        pattern=r"^[0-9]+$",
        description="Pin a model version; default: the model's default version.",
        examples=["1"],
    )

    @field_validator("hypothesis_template")
    @classmethod
    def _one_placeholder(cls, value: str) -> str:
        return check_hypothesis_template(value)


class TextLabelScore(BaseModel):
    """One label for one text: its probability among the labels and the raw similarity."""

    label: str = Field(examples=["sports"])
    probability: float = Field(
        ge=0.0, le=1.0, description="Softmax over the labels; they sum to 1.", examples=[0.91]
    )
    similarity: float = Field(
        ge=-1.0,
        le=1.0,
        description="Cosine similarity of the text and the label's hypothesis.",
        examples=[0.42],
    )


class TextClassification(BaseModel):
    """The answer for one text, in the order the texts were sent."""

    index: int = Field(ge=0, description="Position of the text in the request.")
    predictions: list[TextLabelScore] = Field(description="Every label, most probable first.")
    tokens: int = Field(ge=0, description="Tokens the model read, special tokens included.")
    truncated: bool = Field(description="Whether the text was cut at the maximum length.")


class TextClassificationResponse(BaseModel):
    """Labels ranked per text, the model version that answered, and where the time went."""

    model: str = Field(examples=["minilm"])
    version: str = Field(examples=["1"])
    results: list[TextClassification]
    timings: Timings
    request_id: str
