"""Synthetic pen-stroke digits: each digit drawn as a few strokes, in several shapes, then styled
(stroke width and pressure, slant, aspect, rotation, wobble) and rendered as dark ink on white.

Shapes per digit (`SHAPES`): a 7 with or without a crossbar or a hook, an open or a closed 4, a 1
as a stick, with a flag, or with a flag and a base, a 9 with a straight or a curved tail, a 2
with or without a loop, a round or a flat-topped 3, and so on. Coordinates are in a box 1 high
and about 0.6 wide, y pointing down.

Style parameters are drawn from `STYLE_RANGES`, each range cut into `BANDS` equal bands: the
training set draws every parameter from the even bands, the held-out evaluation set from the odd
ones (`StyleSplit`), so every style value evaluated lies in a band that training never saw.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw

Points = npt.NDArray[np.float64]  # [K, 2]: x, y
Strokes = list[Points]


def arc(cx: float, cy: float, rx: float, ry: float, a0: float, a1: float, n: int = 28) -> Points:
    """Points on an ellipse from angle `a0` to `a1` (degrees; 0 right, 90 down)."""
    t = np.radians(np.linspace(a0, a1, n))
    return np.stack([cx + rx * np.cos(t), cy + ry * np.sin(t)], axis=1)


def seg(*points: tuple[float, float], n: int = 10) -> Points:
    """A polyline through `points`, each straight piece sampled at `n` points."""
    pieces = [
        np.linspace(np.asarray(a, float), np.asarray(b, float), n, endpoint=False)
        for a, b in itertools.pairwise(points)
    ]
    return np.concatenate([*pieces, np.asarray([points[-1]], float)])


def spline(*points: tuple[float, float], n: int = 10) -> Points:
    """A smooth curve through `points` (uniform Catmull-Rom), `n` samples per piece."""
    p = np.asarray(points, float)
    p = np.concatenate([2 * p[:1] - p[1:2], p, 2 * p[-1:] - p[-2:-1]])
    t = np.linspace(0, 1, n, endpoint=False)[:, None]
    out = []
    for i in range(1, len(p) - 2):
        p0, p1, p2, p3 = p[i - 1], p[i], p[i + 1], p[i + 2]
        out.append(
            0.5
            * (
                2 * p1
                + (-p0 + p2) * t
                + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2
                + (-p0 + 3 * p1 - 3 * p2 + p3) * t**3
            )
        )
    return np.concatenate([*out, p[-2:-1]])


def join(*parts: Points) -> Points:
    return np.concatenate(parts)


def _loop9() -> Points:
    return arc(0.3, 0.28, 0.26, 0.27, 0, 360)


def _bottom6() -> Points:
    return arc(0.3, 0.74, 0.25, 0.25, 200, -160)


SHAPES: Mapping[int, Mapping[str, Callable[[], Strokes]]] = {
    0: {
        "oval": lambda: [arc(0.3, 0.5, 0.28, 0.49, -90, 270)],
        "oval-overlap": lambda: [arc(0.3, 0.5, 0.28, 0.49, -110, 280)],
        "narrow": lambda: [arc(0.3, 0.5, 0.2, 0.49, -80, 275)],
    },
    1: {
        "stick": lambda: [seg((0.33, 0.0), (0.3, 1.0))],
        "flag": lambda: [seg((0.12, 0.24), (0.34, 0.0), (0.32, 1.0))],
        "flag-base": lambda: [
            seg((0.12, 0.24), (0.34, 0.0), (0.32, 1.0)),
            seg((0.1, 1.0), (0.54, 1.0)),
        ],
    },
    2: {
        "plain": lambda: [
            join(
                arc(0.3, 0.27, 0.27, 0.26, 195, 360), spline((0.57, 0.27), (0.4, 0.6), (0.02, 1.0))
            ),
            seg((0.02, 1.0), (0.6, 1.0)),
        ],
        "one-stroke": lambda: [
            join(
                arc(0.3, 0.27, 0.27, 0.26, 195, 360),
                spline((0.57, 0.27), (0.45, 0.55), (0.2, 0.8), (0.02, 1.0)),
                seg((0.02, 1.0), (0.6, 0.98)),
            )
        ],
        "loop": lambda: [
            join(
                arc(0.3, 0.27, 0.27, 0.26, 195, 360),
                spline((0.57, 0.27), (0.4, 0.6), (0.12, 0.9), (0.08, 0.98), (0.2, 0.97)),
                spline((0.2, 0.97), (0.2, 0.88), (0.1, 0.9), (0.1, 1.0), (0.6, 0.98)),
            )
        ],
    },
    3: {
        "round": lambda: [
            join(arc(0.3, 0.26, 0.25, 0.25, -160, 90), arc(0.3, 0.75, 0.28, 0.25, -90, 160))
        ],
        "flat-top": lambda: [
            join(seg((0.04, 0.0), (0.56, 0.0), (0.26, 0.42)), arc(0.3, 0.7, 0.28, 0.3, -100, 160))
        ],
        "pointed": lambda: [
            join(arc(0.3, 0.25, 0.24, 0.25, -160, 80), arc(0.3, 0.75, 0.28, 0.25, -80, 160))
        ],
    },
    4: {
        "closed": lambda: [seg((0.44, 1.0), (0.44, 0.0), (0.0, 0.68), (0.6, 0.68))],
        "open": lambda: [
            seg((0.1, 0.0), (0.03, 0.62), (0.6, 0.62)),
            seg((0.45, 0.25), (0.45, 1.0)),
        ],
        "open-tall": lambda: [
            seg((0.08, 0.0), (0.04, 0.58), (0.6, 0.58)),
            seg((0.46, 0.0), (0.46, 1.0)),
        ],
    },
    5: {
        "two-strokes": lambda: [
            join(seg((0.09, 0.0), (0.06, 0.46)), arc(0.28, 0.7, 0.28, 0.29, -145, 150)),
            seg((0.09, 0.0), (0.56, 0.0)),
        ],
        "one-stroke": lambda: [
            join(seg((0.56, 0.0), (0.09, 0.0), (0.06, 0.46)), arc(0.28, 0.7, 0.28, 0.29, -145, 150))
        ],
    },
    6: {
        "curved": lambda: [
            join(spline((0.5, 0.0), (0.25, 0.15), (0.08, 0.45), (0.05, 0.74)), _bottom6())
        ],
        "straight": lambda: [join(seg((0.46, 0.0), (0.06, 0.7)), _bottom6())],
    },
    7: {
        "plain": lambda: [seg((0.02, 0.02), (0.58, 0.0), (0.22, 1.0))],
        "crossbar": lambda: [
            seg((0.02, 0.02), (0.58, 0.0), (0.22, 1.0)),
            seg((0.14, 0.52), (0.54, 0.5)),
        ],
        "hook": lambda: [seg((0.03, 0.16), (0.04, 0.0), (0.58, 0.0), (0.24, 1.0))],
        "curved": lambda: [
            join(seg((0.02, 0.02), (0.58, 0.0)), spline((0.58, 0.0), (0.38, 0.45), (0.3, 1.0)))
        ],
        "curved-crossbar": lambda: [
            join(seg((0.02, 0.02), (0.58, 0.0)), spline((0.58, 0.0), (0.38, 0.45), (0.3, 1.0))),
            seg((0.2, 0.48), (0.58, 0.46)),
        ],
    },
    8: {
        "two-loops": lambda: [
            arc(0.3, 0.25, 0.22, 0.25, 90, 450),
            arc(0.3, 0.75, 0.28, 0.25, -90, 270),
        ],
        "one-stroke": lambda: [
            spline(
                (0.52, 0.12),
                (0.3, 0.0),
                (0.08, 0.14),
                (0.16, 0.36),
                (0.44, 0.58),
                (0.56, 0.8),
                (0.3, 1.0),
                (0.04, 0.8),
                (0.16, 0.58),
                (0.44, 0.38),
                (0.52, 0.14),
            )
        ],
    },
    9: {
        "straight": lambda: [_loop9(), seg((0.56, 0.28), (0.55, 1.0))],
        "curved-tail": lambda: [
            _loop9(),
            spline((0.56, 0.28), (0.55, 0.7), (0.42, 0.95), (0.16, 1.0)),
        ],
        "slanted": lambda: [join(_loop9(), seg((0.56, 0.28), (0.36, 1.0)))],
    },
}


class StyleSplit(Enum):
    """Which bands of each style range to draw from."""

    TRAIN = 0  # bands 0, 2, 4, ...
    HELD_OUT = 1  # bands 1, 3, 5, ...


BANDS = 6
#: The range of every style parameter; a style draws each from its split's bands.
STYLE_RANGES: Mapping[str, tuple[float, float]] = {
    "width": (0.05, 0.2),  # stroke width, as a fraction of the digit's height
    "slant": (-24.0, 24.0),  # degrees, positive leaning right
    "aspect": (0.65, 1.35),  # horizontal stretch of the shape
    "rotation": (-9.0, 9.0),  # degrees
    "wobble": (0.0, 0.03),  # smooth random displacement along strokes, fraction of height
    "pressure": (0.0, 0.5),  # relative change of the stroke width along a stroke
}


@dataclass(frozen=True)
class Style:
    width: float
    slant: float
    aspect: float
    rotation: float
    wobble: float
    pressure: float


def draw_style(rng: np.random.Generator, split: StyleSplit) -> Style:
    """Each parameter uniform within one of the split's bands (chosen at random)."""
    values = {}
    for name, (low, high) in STYLE_RANGES.items():
        band = 2 * int(rng.integers(BANDS // 2)) + split.value
        step = (high - low) / BANDS
        values[name] = float(low + step * (band + rng.random()))
    return Style(**values)


def styled(strokes: Sequence[Points], style: Style, rng: np.random.Generator) -> Strokes:
    """Strokes under the style's wobble, aspect, slant and rotation, in the same unit box."""
    out = []
    shear = math.tan(math.radians(style.slant))
    angle = math.radians(style.rotation)
    cos, sin = math.cos(angle), math.sin(angle)
    for stroke in strokes:
        points = stroke.copy()
        if style.wobble > 0:
            points += _wobble(points, style.wobble, rng)
        x = (points[:, 0] - 0.3) * style.aspect
        y = points[:, 1] - 0.5
        x = x - shear * y
        out.append(np.stack([cos * x - sin * y, sin * x + cos * y], axis=1))
    return out


def _wobble(points: Points, amplitude: float, rng: np.random.Generator) -> Points:
    """A smooth displacement along the stroke: a few random low-frequency sinusoids per axis."""
    steps = np.linalg.norm(np.diff(points, axis=0), axis=1)
    s = np.concatenate([[0.0], np.cumsum(steps)])
    total = np.zeros_like(points)
    for _ in range(3):
        frequency = rng.uniform(0.3, 1.5)
        phase = rng.uniform(0, 2 * math.pi, size=2)
        scale = rng.uniform(-amplitude, amplitude, size=2)
        total += scale * np.sin(2 * math.pi * frequency * s[:, None] + phase)
    return total


def render_strokes(
    strokes: Sequence[Points],
    style: Style,
    rng: np.random.Generator,
    *,
    height: int = 96,
    supersample: int = 3,
) -> Image.Image:
    """The strokes in dark ink on a white "L" image, the digit `height` pixels tall (plus its
    stroke width) with a margin of a third of that on every side."""
    scale = height * supersample
    width_px = style.width * scale
    all_points = np.concatenate(strokes)
    low, high = all_points.min(axis=0), all_points.max(axis=0)
    margin = height * supersample / 3 + width_px
    size = (
        math.ceil((high[0] - low[0]) * scale + 2 * margin),
        math.ceil((high[1] - low[1]) * scale + 2 * margin),
    )
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    for stroke in strokes:
        xy = (stroke - low) * scale + margin
        phase = rng.uniform(0, 2 * math.pi)
        steps = np.linalg.norm(np.diff(stroke, axis=0), axis=1)
        s = np.concatenate([[0.0], np.cumsum(steps)])
        widths = width_px * (1 + style.pressure * 0.5 * np.sin(2 * math.pi * s + phase))
        for i in range(len(xy)):
            radius = max(widths[i] / 2, 0.5)
            x, y = xy[i]
            draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=0)
            if i + 1 < len(xy):
                line = [tuple(xy[i]), tuple(xy[i + 1])]
                draw.line(line, fill=0, width=max(1, round(widths[i])))
    out = image.resize(
        (max(1, size[0] // supersample), max(1, size[1] // supersample)), Image.Resampling.BOX
    )
    return out


def pen_digit(
    digit: int, shape: str, style: Style, rng: np.random.Generator, *, height: int = 96
) -> Image.Image:
    """One pen-stroke digit of `shape`, drawn in `style`."""
    strokes = styled(SHAPES[digit][shape](), style, rng)
    return render_strokes(strokes, style, rng, height=height)
