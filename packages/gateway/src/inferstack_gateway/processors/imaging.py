"""Safe image decoding: bytes from a client into one fully loaded Pillow image, or a domain error.

Guards, in order: empty input, unidentifiable bytes, a format outside the allowed set, too many
pixels (read from the header, before any pixel data is decoded), then truncated or corrupt pixel
data. No Pillow exception or warning escapes: each is mapped to an error carrying its HTTP status.
Image bytes are never logged or echoed back.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps

from inferstack_gateway.errors import InvalidInput, PayloadTooLarge, UnsupportedMediaType

_PILLOW_BOMB_PIXELS = re.compile(r"\((\d+) pixels\)")  # in DecompressionBombError's message
# How formats are named to people; Pillow's own names are the keys.
_DISPLAY_NAMES = {"WEBP": "WebP", "JPEG": "JPEG", "PNG": "PNG", "GIF": "GIF", "BMP": "BMP"}


@dataclass(frozen=True)
class ImageLimits:
    """What the gateway accepts: at most `max_pixels` (width * height), in `allowed_formats`.

    Formats are Pillow's names, e.g. ``frozenset({"PNG", "JPEG", "GIF", "BMP", "WEBP"})``.
    """

    max_pixels: int
    allowed_formats: frozenset[str]


def decode_image(data: bytes, limits: ImageLimits) -> Image.Image:
    """Decode `data` into a single-frame, fully loaded image with its EXIF orientation applied.

    Raises InvalidInput (empty, undecodable, truncated or corrupt), UnsupportedMediaType (a
    decodable format not in `limits.allowed_formats`) or PayloadTooLarge (more pixels than
    `limits.max_pixels`). Animated images give their first frame.
    """
    if not data:
        raise InvalidInput("empty file")
    # Pillow warns (DecompressionBombWarning) past its own pixel limit; the size is checked below
    # anyway, so that warning says nothing new and must not surface (pytest makes it an error).
    # The filter is process-wide before Python 3.14; should a concurrent call race it, the
    # warning is still caught below as an exception or merely printed, never a wrong answer.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            return _decode(data, limits)
        except (InvalidInput, PayloadTooLarge, UnsupportedMediaType):
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise PayloadTooLarge(_bomb_detail(exc, limits)) from exc
        except Exception as exc:  # any other Pillow failure is a bad upload, not a server error
            raise InvalidInput(_not_decodable(limits)) from exc


def _decode(data: bytes, limits: ImageLimits) -> Image.Image:
    try:
        opened = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise
    except Exception as exc:
        raise InvalidInput(_not_decodable(limits)) from exc
    with opened:
        kind = container_format(opened, limits)
        _check_format(kind, limits)
        _check_size(opened.size, limits)
        try:
            opened.seek(0)  # the first frame of an animation (already current after open)
            opened.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise
        except Exception as exc:
            raise InvalidInput(f"truncated or corrupt {_display(kind)} image") from exc
        return _upright(opened)


def _upright(image: Image.Image) -> Image.Image:
    """A single-frame copy of `image`, turned as its EXIF Orientation tag says."""
    try:
        return ImageOps.exif_transpose(image)  # a copy when there is nothing to turn
    except Exception:  # unreadable EXIF: the pixels themselves are fine, keep them as stored
        return image.copy()


def container_format(image: Image.Image, limits: ImageLimits) -> str:
    """The format an opened image is, as the allowed formats name it. Pillow names some files
    by a variant of their format, with an image class derived from that format's: a camera's
    JPEG with a preview frame is "MPO" (a JpegImageFile subclass), and every other tool calls
    it a JPEG. So an image is the first allowed format along its class's ancestry; else the
    first format the gateway knows by name there, or Pillow's name (to be refused by name)."""
    names = [n for cls in type(image).__mro__ if isinstance(n := getattr(cls, "format", None), str)]
    for known in (limits.allowed_formats, _DISPLAY_NAMES):
        for name in names:
            if name in known:
                return name
    return image.format or "unknown"


def _check_format(kind: str, limits: ImageLimits) -> None:
    if kind not in limits.allowed_formats:
        raise UnsupportedMediaType(
            f"{_display(kind)} images are not accepted; send {_allowed(limits)}"
        )


def _check_size(size: tuple[int, int], limits: ImageLimits) -> None:
    width, height = size
    if width <= 0 or height <= 0:
        raise InvalidInput(f"image has no pixels ({width}x{height})")
    if width * height > limits.max_pixels:
        raise PayloadTooLarge(
            f"image is {width}x{height} = {width * height} pixels, "
            f"more than the limit of {limits.max_pixels} pixels"
        )


def _bomb_detail(exc: Exception, limits: ImageLimits) -> str:
    """Pillow refuses huge images before their size can be read back; its message has the count.
    Its own ceiling (twice ``Image.MAX_IMAGE_PIXELS``) bounds what any limit can let through."""
    found = _PILLOW_BOMB_PIXELS.search(str(exc))
    pixels = f"{found.group(1)} pixels" if found else "too many pixels"
    ceiling = Image.MAX_IMAGE_PIXELS
    limit = limits.max_pixels if ceiling is None else min(limits.max_pixels, 2 * ceiling)
    return f"image has {pixels}, more than the limit of {limit} pixels"


def _not_decodable(limits: ImageLimits) -> str:
    return f"not a decodable image ({_allowed(limits)} expected)"


def _display(kind: str) -> str:
    return _DISPLAY_NAMES.get(kind, kind)


def _allowed(limits: ImageLimits) -> str:
    names = sorted(_display(kind) for kind in limits.allowed_formats)
    if len(names) <= 1:
        return "".join(names) or "no format"
    return ", ".join(names[:-1]) + " or " + names[-1]
