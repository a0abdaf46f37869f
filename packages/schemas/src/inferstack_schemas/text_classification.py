"""Zero-shot text classification: texts and candidate labels in, labels ranked per text out.

Each label becomes a hypothesis (`hypothesis_template` with the label in place of `{}`); texts
and hypotheses are embedded together and each text's labels are scored by cosine similarity.
Two modes turn similarities into probabilities:

- `single_label` (the default): a softmax across the labels; they sum to 1 per text, so one
  label always looks likely, even when none fits.
- `multi_label` (`"multi_label": true`): each label on its own, a sigmoid of its similarity
  centred on `ZERO_SHOT_FIT_THRESHOLD`; any number of labels (none included) may score high.

In both modes each text's answer says `none_fits` when no label's similarity reaches
`ZERO_SHOT_FIT_THRESHOLD`: none of the candidates describes the text.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from inferstack_schemas.timings import Timings

DEFAULT_HYPOTHESIS_TEMPLATE = "This text is about {}."
#: The softmax temperature that turns similarities into probabilities (logit scale 40). How it
#: was chosen is told where it is applied, in the gateway's minilm processor.
ZERO_SHOT_TEMPERATURE = 0.025
#: The cosine similarity below which a label is taken not to fit a text (with the default
#: template, minilm gives fitting labels about 0.12 to 0.35 and others about -0.1 to 0.12): the
#: `none_fits` signal, and the centre of the multi-label sigmoid.
ZERO_SHOT_FIT_THRESHOLD = 0.1
#: Not blank: at least one character that is not whitespace (what the gateway checks too).
NOT_BLANK = r"\S"

ZeroShotMode = Literal["single_label", "multi_label"]
NonBlankText = Annotated[str, Field(min_length=1, pattern=NOT_BLANK)]


#: A template holds `{}`, where the label goes (stated in the schema as a pattern).
TEMPLATE_PATTERN = r"\{\}"


def check_hypothesis_template(template: str) -> str:
    """The template, if it holds a `{}` (where the label goes); else ValueError. The first
    `{}` takes the label; any later one is kept as written."""
    if "{}" not in template:
        raise ValueError("must contain '{}' (where the label goes)")
    return template


def hypothesis(template: str, label: str) -> str:
    """The sentence for `label`. Only `{}` is replaced; other braces are kept as written."""
    return template.replace("{}", label, 1)


class TextClassificationRequest(BaseModel):
    """Score every label for every text with one model version, in one batch."""

    # Strict: a JSON value of another type is refused, never coerced ("3" for 3, 0 for false),
    # as the schema says.
    model_config = ConfigDict(extra="forbid", strict=True)

    texts: list[NonBlankText] = Field(
        min_length=1,
        description="The texts to classify; each must hold something besides whitespace.",
        examples=[["The striker scored twice in the final minutes."]],
    )
    labels: list[NonBlankText] = Field(
        min_length=1,
        json_schema_extra={"uniqueItems": True},  # checked by the gateway, naming the repeat
        description="The candidate labels (distinct, not blank).",
        examples=[["sports", "politics", "technology"]],
    )
    multi_label: bool = Field(
        default=False,
        description="Score each label on its own (a sigmoid of its similarity, 0.5 at "
        f"{ZERO_SHOT_FIT_THRESHOLD}), so several labels, or none, may fit; default: a softmax "
        "across the labels, which sum to 1.",
    )
    hypothesis_template: str = Field(
        default=DEFAULT_HYPOTHESIS_TEMPLATE,
        min_length=2,
        max_length=1000,
        pattern=TEMPLATE_PATTERN,
        description="The sentence each label is put in before embedding; it must contain "
        "`{}`, the first of which is replaced by the label. Other braces are taken literally.",
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
    """One label for one text: its probability and the raw similarity."""

    label: str = Field(examples=["sports"])
    probability: float = Field(
        ge=0.0,
        le=1.0,
        description="`single_label`: the softmax over the labels (they sum to 1). `multi_label`: "
        "this label's own score, sigmoid((similarity - fit_threshold) / temperature).",
        examples=[0.91],
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
    none_fits: bool = Field(
        description="No label's similarity reaches the answer's `fit_threshold`: none of the "
        "candidates describes this text (in `single_label` mode the top probability can still "
        "be high: read this first)."
    )
    tokens: int = Field(ge=0, description="Tokens the model read, special tokens included.")
    truncated: bool = Field(description="Whether the text was cut at the maximum length.")


class TextClassificationResponse(BaseModel):
    """Labels ranked per text, the model version that answered, and where the time went."""

    model: str = Field(examples=["minilm"])
    version: str = Field(examples=["1"])
    mode: ZeroShotMode = Field(
        description="What produced the probabilities: `single_label` (softmax across the "
        "labels) or `multi_label` (each label on its own)."
    )
    fit_threshold: float = Field(
        description="The similarity below which a label is taken not to fit (`none_fits`).",
        examples=[ZERO_SHOT_FIT_THRESHOLD],
    )
    results: list[TextClassification]
    timings: Timings
    request_id: str
