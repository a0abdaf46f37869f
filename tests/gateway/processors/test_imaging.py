"""Safe image decoding: formats, EXIF orientation, animations, and each way an upload is bad."""

from __future__ import annotations

import io
import struct
import zlib
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw

from inferstack_gateway.errors import InvalidInput, PayloadTooLarge, UnsupportedMediaType
from inferstack_gateway.processors.imaging import ImageLimits, decode_image

FORMATS = frozenset({"PNG", "JPEG", "GIF", "BMP", "WEBP"})
LIMITS = ImageLimits(max_pixels=4_000_000, allowed_formats=FORMATS)
EXIF_ORIENTATION = 0x0112


def encode(image: Image.Image, kind: str, **params: Any) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **params)
    return buffer.getvalue()


def marked_image(width: int = 60, height: int = 30) -> Image.Image:
    """White, with a black square in the top-left corner: asymmetric, so turns are visible."""
    image = Image.new("RGB", (width, height), "white")
    ImageDraw.Draw(image).rectangle((0, 0, 9, 9), fill="black")
    return image


def dark_corner(image: Image.Image) -> str:
    """Which corner holds the black square: 'top-left', 'top-right', ..."""
    gray = np.asarray(image.convert("L"), dtype=np.float64)
    height, width = gray.shape
    corners = {
        "top-left": gray[:5, :5],
        "top-right": gray[:5, width - 5 :],
        "bottom-left": gray[height - 5 :, :5],
        "bottom-right": gray[height - 5 :, width - 5 :],
    }
    return min(corners, key=lambda name: float(corners[name].mean()))


def png_chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims `width` x `height` (1-bit grey) followed by a few bytes of pixel
    data: its size can be read, but decoding it would fail. Costs nothing to build."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        ("PNG", {}),
        ("JPEG", {"quality": 90}),
        ("GIF", {}),
        ("BMP", {}),
        ("WEBP", {"lossless": True}),
    ],
)
def test_each_allowed_format_decodes(kind: str, params: dict[str, Any]) -> None:
    image = decode_image(encode(marked_image(), kind, **params), LIMITS)

    assert image.size == (60, 30)
    assert dark_corner(image) == "top-left"
    assert getattr(image, "n_frames", 1) == 1
    image.getpixel((0, 0))  # loaded: reading pixels needs nothing more


def test_the_result_no_longer_needs_the_bytes() -> None:
    image = decode_image(encode(marked_image(), "PNG"), LIMITS)

    assert type(image) is Image.Image  # a plain, loaded image, not a file-backed ImageFile


@pytest.mark.parametrize(
    ("orientation", "expected_corner"), [(1, "top-left"), (6, "top-right"), (8, "bottom-left")]
)
def test_exif_orientation_is_applied(orientation: int, expected_corner: str) -> None:
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = orientation
    data = encode(marked_image(), "JPEG", quality=95, exif=exif.tobytes())

    image = decode_image(data, LIMITS)

    # 6: stored turned left, shown turned 90 degrees clockwise; 8: the other way round.
    assert image.size == ((60, 30) if orientation == 1 else (30, 60))
    assert dark_corner(image) == expected_corner


@pytest.mark.parametrize("kind", ["GIF", "WEBP"])
def test_an_animation_gives_its_first_frame(kind: str) -> None:
    frames = [Image.new("RGB", (16, 16), color) for color in ("black", "white", "red")]
    data = encode(frames[0], kind, save_all=True, append_images=frames[1:], duration=100, loop=0)
    with Image.open(io.BytesIO(data)) as check:
        assert getattr(check, "n_frames", 1) == 3

    image = decode_image(data, LIMITS)

    assert getattr(image, "n_frames", 1) == 1
    assert image.convert("L").getpixel((8, 8)) == 0


def test_an_empty_file_is_invalid() -> None:
    with pytest.raises(InvalidInput, match="empty file") as caught:
        decode_image(b"", LIMITS)
    assert caught.value.status == 422


def test_random_bytes_are_not_an_image() -> None:
    data = np.random.default_rng(0).integers(0, 256, 4096, dtype=np.uint8).tobytes()

    with pytest.raises(InvalidInput) as caught:
        decode_image(data, LIMITS)

    assert caught.value.detail == "not a decodable image (BMP, GIF, JPEG, PNG or WebP expected)"


def noisy_png() -> bytes:
    """A PNG that does not compress, so cutting it cuts into its pixel data."""
    pixels = np.random.default_rng(1).integers(0, 256, (64, 64), dtype=np.uint8)
    return encode(Image.fromarray(pixels), "PNG")


def test_a_truncated_png_is_invalid() -> None:
    data = noisy_png()

    with pytest.raises(InvalidInput, match=r"^truncated or corrupt PNG image$"):
        decode_image(data[: len(data) // 2], LIMITS)


def test_a_corrupt_png_is_invalid() -> None:
    data = bytearray(noisy_png())
    middle = len(data) // 2
    data[middle : middle + 16] = bytes(16)  # breaks the pixel data and its checksum

    with pytest.raises(InvalidInput, match="truncated or corrupt PNG"):
        decode_image(bytes(data), LIMITS)


def test_a_truncated_jpeg_is_invalid() -> None:
    pixels = np.random.default_rng(2).integers(0, 256, (64, 64, 3), dtype=np.uint8)
    data = encode(Image.fromarray(pixels), "JPEG", quality=95)  # mostly scan data

    with pytest.raises(InvalidInput, match=r"^truncated or corrupt JPEG image$"):
        decode_image(data[: len(data) // 2], LIMITS)


def test_a_format_outside_the_allowed_set_is_unsupported() -> None:
    data = encode(marked_image(), "TIFF")

    with pytest.raises(UnsupportedMediaType) as caught:
        decode_image(data, LIMITS)

    assert caught.value.status == 415
    assert caught.value.detail == ("TIFF images are not accepted; send BMP, GIF, JPEG, PNG or WebP")


def test_an_allowed_format_can_be_switched_off() -> None:
    only_jpeg = ImageLimits(max_pixels=LIMITS.max_pixels, allowed_formats=frozenset({"JPEG"}))

    with pytest.raises(UnsupportedMediaType, match="PNG images are not accepted; send JPEG"):
        decode_image(encode(marked_image(), "PNG"), only_jpeg)


def test_too_many_pixels_is_refused_from_the_header_before_decoding() -> None:
    # Decoding this file would fail (its pixel data is a stub), so a 413 rather than a 422
    # shows the size was checked from the header alone.
    data = png_header_only(3000, 2000)

    with pytest.raises(PayloadTooLarge) as caught:
        decode_image(data, LIMITS)

    assert caught.value.status == 413
    assert caught.value.detail == (
        "image is 3000x2000 = 6000000 pixels, more than the limit of 4000000 pixels"
    )


def test_a_stub_within_the_limit_is_decoded_and_found_truncated() -> None:
    with pytest.raises(InvalidInput, match="truncated or corrupt PNG"):
        decode_image(png_header_only(1000, 1000), LIMITS)


@pytest.mark.parametrize(
    ("width", "height"),
    [
        (10_000, 10_000),  # past Pillow's warning threshold (DecompressionBombWarning)
        (50_000, 50_000),  # past its hard limit (DecompressionBombError)
    ],
)
def test_decompression_bombs_are_refused_as_too_large(width: int, height: int) -> None:
    # pytest turns warnings into errors here, so a leaked DecompressionBombWarning would fail.
    with pytest.raises(PayloadTooLarge) as caught:
        decode_image(png_header_only(width, height), LIMITS)

    assert str(width * height) in caught.value.detail
    assert "4000000" in caught.value.detail


def test_a_large_limit_still_refuses_what_pillow_cannot_open_safely() -> None:
    generous = ImageLimits(max_pixels=10**12, allowed_formats=FORMATS)

    with pytest.raises(PayloadTooLarge) as caught:
        decode_image(png_header_only(50_000, 50_000), generous)

    ceiling = 2 * (Image.MAX_IMAGE_PIXELS or 0)
    assert caught.value.detail == (
        f"image has 2500000000 pixels, more than the limit of {ceiling} pixels"
    )


def test_a_transparent_palette_gif_decodes() -> None:
    image = Image.new("P", (12, 12), 0)
    image.putpalette([255, 255, 255, 0, 0, 0] + [0] * 762)
    data = encode(image, "GIF", transparency=0)

    decoded = decode_image(data, LIMITS)

    assert decoded.size == (12, 12)
    assert "transparency" in decoded.info


def _mpo() -> bytes:
    """A camera JPEG as Pillow writes it: a main image and a preview frame (MPO)."""
    out = io.BytesIO()
    thumbnail = marked_image(20, 10)
    marked_image().save(out, format="MPO", save_all=True, append_images=[thumbnail])
    assert Image.open(io.BytesIO(out.getvalue())).format == "MPO"
    return out.getvalue()


def test_camera_mpo_is_a_jpeg() -> None:
    image = decode_image(_mpo(), LIMITS)
    assert image.size == (60, 30)  # the main image, not the preview


def test_a_variant_of_a_refused_format_is_refused_by_its_family_name() -> None:
    png_only = ImageLimits(max_pixels=4_000_000, allowed_formats=frozenset({"PNG"}))
    with pytest.raises(UnsupportedMediaType, match="JPEG images are not accepted"):
        decode_image(_mpo(), png_only)
