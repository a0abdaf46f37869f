"""The Batch page, run by AppTest against the real gateway and Triton (through a gate where a
test needs the batch held at a known point)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import DownloadButton

from inferstack_tools.launcher.gateway import GatewayServer
from inferstack_ui.batch_job import BatchJob
from tests.digit_images import held_out
from tests.ui.conftest import digit_png, elements, open_page, records, texts, zip_of
from tests.ui.gate import Gate, gated_proxy

CORRUPT = ("corrupt.png", b"\x89PNG\r\n\x1a\n" + b"not really a png" * 8, "image/png")
WAIT_S = 60


def job(at: AppTest) -> BatchJob:
    found = at.session_state["batch-job"]
    assert isinstance(found, BatchJob)
    return found


def finish(at: AppTest) -> None:
    """Wait for the batch thread to end, then run the page as the poll would."""
    assert job(at).wait_until(lambda view: not view.running, WAIT_S)
    at.run()


@pytest.fixture
def gate() -> Gate:
    return Gate(allowed=1)


@pytest.fixture
def gated(
    gateway_server: GatewayServer, gate: Gate, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Gate]:
    """The UI talking to the real gateway through `gate`: one image request, then held."""
    with gated_proxy(gateway_server.url, gate) as url:
        monkeypatch.setenv("UI_GATEWAY_URL", url)
        yield gate


def test_every_file_gets_its_own_status_and_the_run_its_figures(live: GatewayServer) -> None:
    at = open_page("batch")
    assert not at.exception
    start = at.button(key="batch-start")
    assert start.disabled, "nothing to classify yet"
    assert at.button(key="batch-stop").disabled

    labels = held_out().labels
    zipped = zip_of(
        {
            "scans/": b"",
            "scans/a-3.png": digit_png(3)[1],
            "scans/b-4.png": digit_png(4)[1],
            "scans/readme.txt": b"not an image",
        }
    )
    files = [digit_png(0), CORRUPT, digit_png(1), ("scans.zip", zipped, "application/zip")]
    at.file_uploader(key="batch-files").set_value(files).run()
    assert not at.exception
    assert any("1 entry(ies) skipped" in t for t in texts(at.caption))
    skipped = records(at.dataframe[0])
    assert skipped == [{"entry": "scans.zip/scans/readme.txt", "reason": "not an image file name"}]

    at.button(key="batch-start").click().run()
    finish(at)
    assert not at.exception
    table = {row["file"]: row for row in records(at.dataframe[1])}
    assert set(table) == {
        digit_png(0)[0],
        "corrupt.png",
        digit_png(1)[0],
        "scans.zip/scans/a-3.png",
        "scans.zip/scans/b-4.png",
    }
    assert table["corrupt.png"]["status"] == "error"
    assert "not a decodable image" in table["corrupt.png"]["error"]
    ok = [row for row in table.values() if row["status"] == "ok"]
    assert len(ok) == 4
    assert table[digit_png(0)[0]]["label"] == str(labels[0])
    assert table["scans.zip/scans/a-3.png"]["label"] == str(labels[3])
    assert {row["version"] for row in ok} == {"3"}
    assert all(str(row["image"]).startswith("data:image/png;base64,") for row in ok), "thumbnails"
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Files"], metrics["Classified"], metrics["Failed"]) == ("5", "4", "1")
    assert float(metrics["Images per second"].replace(",", "")) > 0
    assert metrics["Request p50"].endswith(("ms", " s"))
    assert any("corrupt.png" in t for t in texts(at.warning)), "failures are listed"
    assert len(at.get("download_button")) == 1
    # Defect 10: the summary names the version that answered, not "default".
    summary = next(t for t in texts(at.caption) if t.startswith("Last run:"))
    assert "answered by the default version (3)" in summary
    assert "version default" not in summary
    assert len(at.get("vega_lite_chart")) == 2, "label distribution and confidence histogram"
    assert not at.button(key="batch-start").disabled
    assert at.button(key="batch-stop").disabled
    assert not any("The files changed" in t for t in texts(at.info))

    at.file_uploader(key="batch-files").set_value([digit_png(7)]).run()
    assert any("The files changed since the last run" in t for t in texts(at.info)), (
        "old results are not passed off as the new files' results"
    )


def test_stop_keeps_what_is_done_and_a_second_click_does_not_restart(gated: Gate) -> None:
    """Defect 4: results are kept as they arrive; Stop keeps them and offers the CSV."""
    at = open_page("batch")
    at.file_uploader(key="batch-files").set_value([digit_png(i) for i in range(40)]).run()
    at.button(key="batch-start").click().run()
    assert gated.wait_for_held(1), "the second request waits at the gate"
    assert job(at).wait_until(lambda view: view.done == 16, WAIT_S)
    at.run()
    assert not at.exception
    assert at.button(key="batch-start").disabled, "no second batch while one runs"
    assert not at.button(key="batch-stop").disabled
    (bar,) = at.get("progress")
    assert "Classified 16 of 40" in bar.proto.text
    assert len(records(at.dataframe[0])) == 16, "the results so far, while it runs"
    running = job(at)

    at.button(key="batch-stop").click().run()
    gated.open()  # the request in flight is answered, and kept; nothing more is sent
    finish(at)
    assert job(at) is running, "the same batch, not a new one"
    assert not at.exception
    (warning,) = [t for t in texts(at.warning) if "Stopped" in t]
    assert "after 32 of 40 images; 8 were not sent" in warning
    rows = records(at.dataframe[0])
    assert len(rows) == 32
    assert all(row["status"] == "ok" for row in rows)
    (download,) = elements(at, "download_button", DownloadButton)
    assert download.proto.label == "Download 32 result(s) (CSV)"
    assert not at.button(key="batch-start").disabled


def test_a_batch_runs_on_while_another_page_is_open(gated: Gate) -> None:
    """Defect 5: leaving the page mid-batch loses neither the files nor the results."""
    at = open_page("batch")
    at.file_uploader(key="batch-files").set_value([digit_png(i) for i in range(20)]).run()
    at.button(key="batch-start").click().run()
    assert gated.wait_for_held(1)
    at.switch_page("app_pages/models.py").run()
    assert "digits" in texts(at.subheader)
    gated.open()
    at.switch_page("app_pages/batch.py").run()
    finish(at)
    assert not at.exception
    assert any("Using 20 file(s) uploaded earlier" in t for t in texts(at.caption))
    assert len(records(at.dataframe[0])) == 20
    assert any(t.startswith("Last run: 20 image(s)") for t in texts(at.caption))
