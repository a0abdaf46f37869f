"""One-click example inputs: digit scans for Classify, texts and labels for the Text page.

The digit scans are held-out images of the digits model's test split (never trained on),
rendered like a scan (dark ink on white, upscaled, with a margin). The "shifted" ones have their
8x8 grid moved one pixel down and right before rendering: the model card's "held-out, shifted
1 px" column, where version 1 drops to 28% and version 2 stays at 97.5%. Compare the versions on
them to see it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from inferstack_sdk import Upload

EXAMPLES_DIR = Path(__file__).resolve().parent / "assets" / "examples"


@dataclass(frozen=True)
class DigitExample:
    name: str  # the file name sent, e.g. "seven.png"
    title: str  # what the button says
    truth: str  # the digit it is
    shifted: bool

    @property
    def path(self) -> Path:
        return EXAMPLES_DIR / self.name

    def upload(self) -> Upload:
        return Upload(self.name, self.path.read_bytes())


DIGITS = (
    DigitExample("seven.png", "7", "7", shifted=False),
    DigitExample("two.png", "2", "2", shifted=False),
    DigitExample("four.png", "4", "4", shifted=False),
    DigitExample("eight.png", "8", "8", shifted=False),
    DigitExample("seven-shifted.png", "7, shifted", "7", shifted=True),
    DigitExample("five-shifted.png", "5, shifted", "5", shifted=True),
    DigitExample("nine-shifted.png", "9, shifted", "9", shifted=True),
)
ALL_DIGITS = "All of them"


def digit_uploads(title: str) -> list[Upload]:
    """The uploads of the example called `title` (or of every example for `ALL_DIGITS`)."""
    return [d.upload() for d in DIGITS if title in (d.title, ALL_DIGITS)]


@dataclass(frozen=True)
class ZeroShotExample:
    title: str
    texts: tuple[str, ...]
    labels: tuple[str, ...]
    template: str = ""


ZERO_SHOT = (
    ZeroShotExample(
        "News",
        (
            "The striker scored twice in the second half to win the cup final.",
            "Parliament passed the budget after a long night of debate.",
            "The new phone's battery lasts two days on a single charge.",
        ),
        ("sports", "politics", "technology"),
    ),
    ZeroShotExample(
        "Support tickets",
        (
            "I was charged twice for my subscription this month.",
            "The app crashes every time I open the settings page.",
            "How do I change the email address on my account?",
        ),
        ("billing", "bug report", "account question"),
        "This support ticket is about {}.",
    ),
    ZeroShotExample(
        "Reviews",
        (
            "Absolutely loved it, the best pizza I have had in years.",
            "The service was slow and the soup was cold.",
        ),
        ("positive", "negative"),
        "The sentiment of this review is {}.",
    ),
)

SIMILARITY = (
    (
        "Cats and markets",
        (
            "A cat sits on the mat.",
            "A kitten is resting on a rug.",
            "Stock markets fell sharply today.",
            "Shares dropped after the announcement.",
            "The weather is lovely this afternoon.",
        ),
    ),
    (
        "Questions and answers",
        (
            "How do I reset my password?",
            "I forgot my password and cannot log in.",
            "Where can I download my invoice?",
            "My bill is available as a PDF in the account page.",
        ),
    ),
)
