"""The typefaces digits v3 learns from and is evaluated on: Debian font packages, installed (when
missing) by the build with apt-get, and split by package into training and held-out families.

Every ``.ttf``/``.otf`` file a package installs (under ``/usr/share/fonts``, or TeX's
``/usr/share/texmf/fonts`` for TeX Gyre) is used, except a few
that hold no ordinary digits (symbols, dingbats, keyboard caps, decorated initials, scripts).
The held-out packages are never rendered for training; the evaluation's font set uses them only.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

#: Debian packages whose typefaces are training data.
TRAINING_PACKAGES = (
    "fonts-dejavu-core",
    "fonts-dejavu-extra",
    "fonts-liberation",
    "fonts-freefont-ttf",
    "fonts-urw-base35",
    "fonts-croscore",
    "fonts-crosextra-carlito",
    "fonts-crosextra-caladea",
    "fonts-open-sans",
    "fonts-roboto-unhinted",
    "fonts-go",
    "fonts-inconsolata",
    "fonts-hack",
    "fonts-linuxlibertine",
    "fonts-texgyre",
    "fonts-firacode",
    "fonts-quicksand",
    "fonts-ebgaramond",
    "fonts-sil-andika",
    "fonts-sil-charis",
    "fonts-stix",
    "fonts-cmu",
    "fonts-jetbrains-mono",
    "fonts-oxygen",
    "fonts-league-spartan",
    "fonts-adf-accanthis",
    "fonts-adf-gillius",
    "fonts-adf-universalis",
    "fonts-noto-mono",
    "fonts-mononoki",
    "fonts-inter",
    "fonts-paratype",
    "fonts-humor-sans",
    "fonts-oldstandard",
    "fonts-comfortaa",
    "fonts-averia-gwf",
    "fonts-femkeklaver",
    "fonts-century-catalogue",
    "fonts-dkg-handwriting",
    "fonts-yanone-kaffeesatz",
)
#: Debian packages whose typefaces are held out of training: the evaluation's font set.
HELD_OUT_PACKAGES = (
    "fonts-lato",
    "fonts-cantarell",
    "fonts-manrope",
    "fonts-sil-gentium",
    "fonts-anonymous-pro",
    "fonts-comic-neue",
)
FONT_PACKAGES = TRAINING_PACKAGES + HELD_OUT_PACKAGES
#: Font files (base names) without ordinary digits.
EXCLUDED = (
    "D050000L*",  # dingbats
    "StandardSymbols*",  # symbols
    "Z003*",  # a calligraphic script
    "LinBiolinum_K*",  # keyboard key caps
    "LinLibertine_I*",  # decorated initials
    "texgyrechorus*",  # a calligraphic script
    "FontAwesome*",
)
FONT_SUFFIXES = (".ttf", ".otf")
FONT_DIRECTORIES = ("/usr/share/fonts/", "/usr/share/texmf/fonts/")
DIGITS = "0123456789"


class FontSetupError(RuntimeError):
    """A font package is missing and cannot be installed here."""


@dataclass(frozen=True)
class Face:
    """One font file: the package it comes from, its family and style names, its path."""

    package: str
    family: str
    style: str
    path: Path

    @property
    def name(self) -> str:
        return f"{self.family} {self.style}"


def installed(package: str) -> bool:
    """Whether dpkg has `package` installed."""
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True, check=False
    )
    return result.returncode == 0 and result.stdout.strip().endswith("installed")


def missing_packages(packages: Sequence[str] = FONT_PACKAGES) -> list[str]:
    return [package for package in packages if not installed(package)]


def ensure_packages(packages: Sequence[str] = FONT_PACKAGES) -> list[str]:
    """Install the missing ones with apt-get (as root); return what was installed. Raises
    FontSetupError, naming the command, where that is not possible."""
    if shutil.which("dpkg-query") is None:
        raise FontSetupError("the digits v3 fonts come from Debian packages: dpkg-query not found")
    missing = missing_packages(packages)
    if not missing:
        return []
    command = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing]
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise FontSetupError(f"font packages missing; install them with: sudo {' '.join(command)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if subprocess.run(command, env=env, check=False).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=True)
        subprocess.run(command, env=env, check=True)
    still = missing_packages(missing)
    if still:
        raise FontSetupError(f"apt-get did not install {still}")
    return missing


def package_files(package: str) -> list[Path]:
    """The font files `package` installed (sorted), excluding EXCLUDED."""
    result = subprocess.run(
        ["dpkg-query", "-L", package], capture_output=True, text=True, check=True
    )
    files = []
    for line in result.stdout.splitlines():
        path = Path(line)
        if not line.startswith(FONT_DIRECTORIES) or path.suffix.lower() not in FONT_SUFFIXES:
            continue
        if any(fnmatch.fnmatch(path.name, pattern) for pattern in EXCLUDED):
            continue
        if path.is_file():
            files.append(path)
    return sorted(files)


@cache
def faces(packages: tuple[str, ...]) -> tuple[Face, ...]:
    """Every usable face of `packages`, in package then path order: only faces that draw all
    ten digits as distinct, non-empty glyphs."""
    found = []
    for package in packages:
        for path in package_files(package):
            font = ImageFont.truetype(str(path), 48)
            family, style = font.getname()
            if has_digits(font):
                found.append(Face(package, family or path.stem, style or "", path))
    return tuple(found)


def has_digits(font: ImageFont.FreeTypeFont) -> bool:
    masks = []
    for digit in DIGITS:
        mask = font.getmask(digit)
        if mask.size[0] == 0 or mask.size[1] == 0 or max(mask.getextrema()) == 0:
            return False
        masks.append(bytes(mask))
    return len(set(masks)) == len(DIGITS)


def training_faces() -> tuple[Face, ...]:
    return faces(TRAINING_PACKAGES)


def held_out_faces() -> tuple[Face, ...]:
    return faces(HELD_OUT_PACKAGES)


def render_glyph(face: Face, digit: int, size: int) -> Image.Image:
    """`digit` in `face` at `size` points: dark ink on a white "L" image, a margin of a third of
    the glyph's height around its ink."""
    font = ImageFont.truetype(str(face.path), size)
    left, top, right, bottom = (int(v) for v in font.getbbox(DIGITS[digit]))
    margin = max(2, (bottom - top) // 3)
    image = Image.new("L", (right - left + 2 * margin, bottom - top + 2 * margin), 255)
    ImageDraw.Draw(image).text((margin - left, margin - top), DIGITS[digit], font=font, fill=0)
    return image
