"""Gathering a batch: image files kept as they are, zips opened with limits, skips explained."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

from inferstack_ui.archive import Limits, Skipped, collect
from tests.ui.conftest import zip_of

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


def reasons(skipped: Sequence[Skipped]) -> dict[str, str]:
    return {s.name: s.reason for s in skipped}


def test_images_are_kept_byte_for_byte_and_other_files_skipped() -> None:
    collected = collect([("a.PNG", PNG), ("b.jpeg", b"jpeg bytes"), ("notes.txt", b"hi")])
    assert [(u.name, u.data) for u in collected.uploads] == [
        ("a.PNG", PNG),
        ("b.jpeg", b"jpeg bytes"),
    ]
    assert reasons(collected.skipped) == {"notes.txt": "not an image file name"}
    assert collected.total_bytes == len(PNG) + len(b"jpeg bytes")


def test_a_zip_gives_its_images_and_says_what_it_left_out() -> None:
    data = zip_of(
        {
            "scans/": b"",
            "scans/one.png": PNG,
            "scans/deeper/two.webp": b"webp",
            "scans/readme.md": b"# hi",
            "__MACOSX/scans/._one.png": b"junk",
            "scans/.hidden.png": PNG,
        }
    )
    collected = collect([("scans.zip", data)])
    assert [u.name for u in collected.uploads] == [
        "scans.zip/scans/one.png",
        "scans.zip/scans/deeper/two.webp",
    ]
    assert collected.uploads[0].data == PNG
    assert reasons(collected.skipped) == {
        "scans.zip/scans/readme.md": "not an image file name",
        "scans.zip/__MACOSX/scans/._one.png": "a hidden or system file",
        "scans.zip/scans/.hidden.png": "a hidden or system file",
    }, "folders are not listed as skipped"


def test_a_zip_bomb_is_refused_entry_by_entry() -> None:
    bomb = zip_of({"big.png": b"\x00" * (5 * 1024 * 1024), "small.png": PNG})
    assert len(bomb) < 50 * 1024, "compresses well, as bombs do"
    limits = Limits(max_files=10, max_file_bytes=1024 * 1024, max_total_bytes=2 * 1024 * 1024)
    collected = collect([("bomb.zip", bomb)], limits)
    assert [u.name for u in collected.uploads] == ["bomb.zip/small.png"]
    assert reasons(collected.skipped)["bomb.zip/big.png"].startswith("too large")


def test_a_zip_that_lies_about_its_sizes_is_still_cut_off() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("liar.png", b"\x00" * 100_000)
    data = bytearray(out.getvalue())
    # Patch the declared uncompressed size (central directory) down to 10 bytes.
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    collected = collect([("liar.zip", bytes(data))], Limits(max_file_bytes=1000))
    assert collected.uploads == []
    (skipped,) = collected.skipped
    assert skipped.name == "liar.zip/liar.png"
    assert "too large" in skipped.reason or "cannot be read" in skipped.reason


def test_file_count_and_total_size_are_capped() -> None:
    files = [(f"{i}.png", PNG) for i in range(5)]
    collected = collect(files, Limits(max_files=3))
    assert len(collected.uploads) == 3
    assert [s.name for s in collected.skipped] == ["3.png", "4.png"]
    assert all("limit of 3 images" in s.reason for s in collected.skipped)

    collected = collect(files, Limits(max_total_bytes=len(PNG) * 2))
    assert len(collected.uploads) == 2


def test_a_broken_zip_is_reported_not_raised() -> None:
    collected = collect([("broken.zip", b"PK\x03\x04 not really")])
    assert collected.uploads == []
    assert collected.skipped[0].reason.startswith("not a readable zip file")
