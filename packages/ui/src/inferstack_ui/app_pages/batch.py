"""Batch: many images (or .zip files of images) classified in the background, one row per file,
kept as they arrive."""

from __future__ import annotations

import streamlit as st

from inferstack_sdk import DEFAULT_CHUNK_SIZE, RequestLimits, Upload
from inferstack_ui import batch_view, kept, widgets
from inferstack_ui import catalog as cat
from inferstack_ui.archive import IMAGE_TYPES, Limits, collect
from inferstack_ui.batch_job import BatchJob
from inferstack_ui.catalog import ModelChoice
from inferstack_ui.connection import get_gateway
from inferstack_ui.formatting import count, size
from inferstack_ui.limits_text import image_limits

JOB = "batch-job"
#: How often the progress is redrawn while a batch runs (seconds).
POLL_S = 1.0

widgets.intro(
    "Batch",
    f"Many files at once ({widgets.FLOW}): images, or .zip files of images, go to the gateway "
    f"unchanged, up to {DEFAULT_CHUNK_SIZE} per request. A file the gateway rejects gets its "
    "own reason; the rest of its request is sent again one by one. The batch runs on while you "
    "look at other pages.",
)
gateway = get_gateway()
catalog = widgets.load_catalog()
picked = widgets.pick_model(cat.classifiers(catalog), "image-classification", key="batch")
if picked is None:
    st.stop()
model, choice = picked
limits = RequestLimits.of(model)
archive_limits = Limits(max_file_bytes=limits.largest_image() or Limits().max_file_bytes)

uploads = kept.file_input(
    "Images (PNG, JPEG, GIF, BMP, WebP) or .zip files of images",
    key="batch-files",
    types=[*IMAGE_TYPES, "zip"],
    max_upload_mb=archive_limits.max_total_bytes // (1024 * 1024),
    help=f"{image_limits(model)} A batch holds at most {count(archive_limits.max_files)} images "
    f"and {size(archive_limits.max_total_bytes)} in all.",
)
collected = widgets.remembered(  # unzip once per set of files, not on every rerun
    "batch-collected",
    (widgets.fingerprint(uploads), archive_limits),
    lambda: collect(((u.name, u.data) for u in uploads), archive_limits),
)
if uploads:
    st.caption(
        f"{count(len(collected.uploads))} image(s) ready, {size(collected.total_bytes)}"
        + (f"; {len(collected.skipped)} entry(ies) skipped" if collected.skipped else "")
        + f". {image_limits(model)}"
    )
if collected.skipped:
    with st.expander(f"Skipped: {len(collected.skipped)}"):
        st.dataframe(
            [{"entry": s.name, "reason": s.reason} for s in collected.skipped],
            hide_index=True,
            width="stretch",
        )


def start(images: list[Upload], picked_choice: ModelChoice) -> None:
    job = st.session_state.get(JOB)
    if isinstance(job, BatchJob) and job.view().running:
        return  # one batch at a time: a second click does not restart it
    st.session_state[JOB] = BatchJob(
        gateway,
        images,
        model=picked_choice.model,
        version=picked_choice.version,
        version_choice=picked_choice.version_choice,
        limits=limits,
    ).start()


def stop() -> None:
    job = st.session_state.get(JOB)
    if isinstance(job, BatchJob):
        job.stop()


job = st.session_state.get(JOB)
running = isinstance(job, BatchJob) and job.view().running
if isinstance(job, BatchJob) and not running and job.uploads != tuple(collected.uploads):
    st.info(
        f"The files changed since the last run: its results below are of its "
        f"{count(len(job.uploads))} image(s). Press **Classify** to run these.",
        icon=":material/edit:",
    )
start_column, stop_column = st.columns([3, 1])
start_column.button(
    f"Classify {count(len(collected.uploads))} image(s)",
    type="primary",
    disabled=running or not collected.uploads,
    icon=":material/play_arrow:",
    key="batch-start",
    on_click=start,
    args=(list(collected.uploads), choice),
    width="stretch",
)
stop_column.button(
    "Stop",
    disabled=not running,
    icon=":material/stop:",
    key="batch-stop",
    on_click=stop,
    width="stretch",
)


def show_job(was_running: bool) -> None:
    current = st.session_state.get(JOB)
    if not isinstance(current, BatchJob):
        return
    view = current.view()
    if was_running and not view.running:
        st.rerun()  # it ended: redraw the whole page, buttons included, and stop polling
    if view.running:
        batch_view.progress(view)
    batch_view.summary(view)
    batch_view.figures(view)
    if view.running:
        batch_view.table(view, key="batch", rows=batch_view.RUNNING_ROWS)
    else:
        batch_view.charts_of(view)
        batch_view.table(view, key="batch")
        batch_view.failures(view)


st.fragment(show_job, run_every=POLL_S if running else None)(running)
