"""How the Classify page shows answers: per request, then per image as cards, a gallery or a
table, and versions side by side."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from inferstack_sdk import ImageResult, Upload
from inferstack_ui import widgets
from inferstack_ui.formatting import percent
from inferstack_ui.requests_view import by_request, request_row
from inferstack_ui.thumbnails import thumbnail

VIEWS = ("Cards", "Gallery", "Table")
GALLERY_COLUMNS = 4


def show_requests(results: Sequence[ImageResult]) -> None:
    """Who answered and where the time went: once per request, however many images it carried."""
    groups = [g for g in by_request(results) if g.answer is not None]
    if len(groups) == 1:
        answer = groups[0].answer
        assert answer is not None
        response = answer.response
        carried = len(groups[0].results)
        st.caption(
            f"answered by model **{response.model}** version **{response.version}** · "
            f"request `{response.request_id}` · {carried} image(s) in one request"
        )
        widgets.timing_metrics(response.timings, answer.round_trip_ms)
    elif groups:
        versions = sorted({g.answer.response.version for g in groups if g.answer})
        st.caption(
            f"answered by model **{groups[0].answer.response.model if groups[0].answer else ''}** "
            f"version **{', '.join(versions)}** in {len(groups)} requests"
        )
        st.table([request_row(g) for g in groups], hide_index=True)


def show_results(results: Sequence[ImageResult], *, view: str) -> None:
    if view == "Gallery":
        _gallery(results)
    elif view == "Table":
        _table(results)
    else:
        for result in results:
            _card(result)


def _card(result: ImageResult) -> None:
    """One file: its picture and what the model saw of it, the top-k as bars on a 0-1 scale."""
    with st.container(border=True):
        left, right = st.columns([1, 3], gap="medium")
        with left:
            widgets.preview(result.upload)
            widgets.model_input(result)
        with right:
            if result.status != "ok" or result.best is None:
                st.error(f"**Not classified.** {result.reason}", icon=":material/error:")
                return
            best = result.best
            st.markdown(f"### Prediction: {best.label}")
            st.caption(f"probability {percent(best.probability)} · version {result.version}")
            widgets.probability_bars([(p.label, p.probability) for p in result.predictions])


def _gallery(results: Sequence[ImageResult]) -> None:
    for start in range(0, len(results), GALLERY_COLUMNS):
        columns = st.columns(GALLERY_COLUMNS)
        for column, result in zip(columns, results[start : start + GALLERY_COLUMNS], strict=False):
            with column, st.container(border=True):
                widgets.preview(result.upload, width=96)
                if result.best is not None:
                    st.markdown(f"**{result.best.label}** · {percent(result.best.probability)}")
                else:
                    st.caption(f":red[not classified]: {result.reason}")


def _table(results: Sequence[ImageResult]) -> None:
    st.dataframe(
        [
            {
                "image": thumbnail(r.upload.data),
                "file": r.upload.name,
                "label": r.best.label if r.best else "",
                "probability": r.best.probability if r.best else None,
                "version": r.version or "",
                "error": r.reason or "",
            }
            for r in results
        ],
        hide_index=True,
        width="stretch",
        height="content" if len(results) <= 20 else 600,
        row_height=60,
        column_config={
            "image": st.column_config.ImageColumn("image", width="small"),
            "probability": st.column_config.ProgressColumn(
                "probability", min_value=0.0, max_value=1.0, format="percent"
            ),
            "error": st.column_config.TextColumn("error", width="large"),
        },
    )


def show_comparison(
    uploads: Sequence[Upload],
    by_version: Mapping[str, Sequence[ImageResult]],
    *,
    truths: Mapping[str, str],
) -> None:
    """Each image once, with every version's answer beside it on the same scale."""
    versions = list(by_version)
    st.dataframe(
        comparison_rows(uploads, by_version, truths=truths),
        hide_index=True,
        width="stretch",
        height="content",
    )
    for index, upload in enumerate(uploads):
        with st.container(border=True):
            columns = st.columns([1, *([2] * len(versions))], gap="medium")
            with columns[0]:
                widgets.preview(upload, width=120)
                if upload.name in truths:
                    st.caption(f"it is a {truths[upload.name]}")
            for column, version in zip(columns[1:], versions, strict=True):
                result = by_version[version][index]
                with column:
                    if result.best is None:
                        st.error(f"**Version {version}:** {result.reason}", icon=":material/error:")
                        continue
                    truth = truths.get(upload.name)
                    mark = "" if truth is None else (" ✓" if result.best.label == truth else " ✗")
                    st.markdown(
                        f"**Version {version}: {result.best.label}**{mark} · "
                        f"{percent(result.best.probability)}"
                    )
                    widgets.probability_bars([(p.label, p.probability) for p in result.predictions])
                    widgets.model_input(result, width=84)


def comparison_rows(
    uploads: Sequence[Upload],
    by_version: Mapping[str, Sequence[ImageResult]],
    *,
    truths: Mapping[str, str],
) -> list[dict[str, str]]:
    """One row per image: each version's top label and probability (and the truth, if known)."""
    rows = []
    for index, upload in enumerate(uploads):
        row = {"file": upload.name}
        if truths:
            row["it is"] = truths.get(upload.name, "")
        truth = truths.get(upload.name)
        for version, results in by_version.items():
            best = results[index].best
            said = f"{best.label} ({percent(best.probability)})" if best else "not classified"
            if truth is not None and best is not None:
                said += " ✓" if best.label == truth else " ✗"
            row[f"version {version}"] = said
        rows.append(row)
    return rows
