"""How the Batch page shows a job: progress with pace and ETA while it runs, then (or as far as it
got) the figures, a table with thumbnails, the CSV and the failures."""

from __future__ import annotations

import streamlit as st

from inferstack_ui import batch_stats, charts
from inferstack_ui.batch_job import JobView
from inferstack_ui.classification import table_row, to_csv
from inferstack_ui.formatting import count, ms, seconds

#: Rows shown while a batch runs (the whole table once it ends).
RUNNING_ROWS = 50
#: Rows in view at once; the table scrolls past them.
SHOWN_ROWS = 12
ROW_PX = 44
HEADER_PX = 35


def progress(view: JobView) -> None:
    pace = view.images_per_s
    eta = view.eta_s
    text = f"Classified {count(view.done)} of {count(view.total)}"
    if pace is not None:
        text += f" · {pace:,.1f} images/s"
    if eta is not None:
        text += f" · about {seconds(eta)} left"
    st.progress(view.done / view.total if view.total else 1.0, text=text)


def summary(view: JobView) -> None:
    """What ran and how it ended: stopped, done or failed, and who answered."""
    answered = batch_stats.answered_by(view.version_choice, view.results)
    what = f"{count(view.total)} image(s), model {view.model}, answered by {answered}"
    if view.state == "stopped":
        st.warning(
            f"**Stopped** after {count(view.done)} of {count(view.total)} images; "
            f"{count(view.total - view.done)} were not sent. The results so far are below. "
            f"({what})",
            icon=":material/stop_circle:",
        )
    elif view.state == "failed":
        st.error(
            f"**The batch broke off** after {count(view.done)} of {count(view.total)} images: "
            f"{view.failure}. The results so far are below.",
            icon=":material/error:",
        )
    elif view.state == "done":
        st.caption(f"Last run: {what}, in {seconds(view.elapsed_s)}.")
    else:
        st.caption(f"Running: {what}.")


def figures(view: JobView) -> None:
    results = view.results
    ok = sum(1 for result in results if result.status == "ok")
    latencies = batch_stats.request_latencies_ms(results)
    files_col, ok_col, failed_col = st.columns(3)
    files_col.metric("Files", count(len(results)))
    ok_col.metric("Classified", count(ok))
    failed_col.metric("Failed", count(len(results) - ok))
    pace_col, requests_col, p50_col, p95_col = st.columns(4)
    pace = view.images_per_s
    pace_col.metric(
        "Images per second",
        "n/a" if pace is None else f"{pace:,.1f}",
        help="Throughput of the run.",
    )
    requests_col.metric("Requests", count(len(latencies)))
    p50 = batch_stats.percentile(latencies, 0.5)
    p95 = batch_stats.percentile(latencies, 0.95)
    p50_col.metric("Request p50", "n/a" if p50 is None else ms(p50), help="Round trip per request.")
    p95_col.metric("Request p95", "n/a" if p95 is None else ms(p95), help="Round trip per request.")


def charts_of(view: JobView) -> None:
    labels = batch_stats.label_counts(view.results)
    if not labels:
        return
    left, right = st.columns(2)
    with left:
        st.markdown("**Labels**")
        st.vega_lite_chart(labels, charts.counts(field="label", title="top label"), width="stretch")
    with right:
        st.markdown("**Confidence** (the top label's probability)")
        st.vega_lite_chart(
            batch_stats.confidences(view.results),
            charts.histogram(field="probability", title="probability"),
            width="stretch",
        )


def table(view: JobView, *, key: str, rows: int | None = None) -> None:
    shown = range(len(view.results)) if rows is None else range(max(0, view.done - rows), view.done)
    st.dataframe(
        [{"image": view.thumbnails[i], **table_row(view.results[i])} for i in shown],
        hide_index=True,
        width="stretch",
        # Whole rows only: a header and at most SHOWN_ROWS rows, the rest a scroll away.
        height="content" if len(shown) <= SHOWN_ROWS else HEADER_PX + SHOWN_ROWS * ROW_PX + 2,
        row_height=ROW_PX,
        column_order=("image", "label", "probability", "file", "status", "version", "error"),
        column_config={
            "image": st.column_config.ImageColumn("image", width="small"),
            "probability": st.column_config.ProgressColumn(
                "probability", min_value=0.0, max_value=1.0, format="percent"
            ),
            "file": st.column_config.TextColumn("file", width="medium"),
            "error": st.column_config.TextColumn("error", width="large"),
        },
    )
    if rows is not None and view.done > rows:
        st.caption(f"The last {rows} of {count(view.done)} results; all of them once it ends.")
    if view.results and not view.running:
        st.download_button(
            f"Download {count(view.done)} result(s) (CSV)",
            to_csv(view.results),
            file_name=f"inferstack-{key}.csv",
            mime="text/csv",
            icon=":material/download:",
            on_click="ignore",
            key=f"{key}-csv",
        )


def failures(view: JobView) -> None:
    failed = [r for r in view.results if r.status != "ok"]
    if failed:
        st.warning(
            f"**{len(failed)} file(s) failed:**\n\n"
            + "\n".join(f"- `{r.upload.name}`: {r.reason}" for r in failed[:50])
            + (f"\n- ... and {len(failed) - 50} more (see the CSV)" if len(failed) > 50 else ""),
            icon=":material/warning:",
        )
