from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, TYPE_CHECKING

from attrs import define as _attrs_define
from attrs import field as _attrs_field


import datetime

if TYPE_CHECKING:
    from ..models.error_share import ErrorShare
    from ..models.label_count import LabelCount
    from ..models.latency_percentiles import LatencyPercentiles
    from ..models.prediction_count import PredictionCount
    from ..models.timeline_point import TimelinePoint


T = TypeVar("T", bound="PredictionStats")


@_attrs_define
class PredictionStats:
    """The prediction log summarised over a time window.

    Attributes:
        since (datetime.datetime):
        until (datetime.datetime):
        total (int):
        counts (list[PredictionCount]):
        latency (list[LatencyPercentiles]): Over every request first, then per model version.
        labels (list[LabelCount]):
        errors (ErrorShare): Failed requests, split into client (4xx) and server (5xx) errors.
        bucket_s (int): Width of each timeline bucket, in seconds.
        timeline (list[TimelinePoint]):
    """

    since: datetime.datetime
    until: datetime.datetime
    total: int
    counts: list[PredictionCount]
    latency: list[LatencyPercentiles]
    labels: list[LabelCount]
    errors: ErrorShare
    bucket_s: int
    timeline: list[TimelinePoint]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        since = self.since.isoformat()

        until = self.until.isoformat()

        total = self.total

        counts = []
        for counts_item_data in self.counts:
            counts_item = counts_item_data.to_dict()
            counts.append(counts_item)

        latency = []
        for latency_item_data in self.latency:
            latency_item = latency_item_data.to_dict()
            latency.append(latency_item)

        labels = []
        for labels_item_data in self.labels:
            labels_item = labels_item_data.to_dict()
            labels.append(labels_item)

        errors = self.errors.to_dict()

        bucket_s = self.bucket_s

        timeline = []
        for timeline_item_data in self.timeline:
            timeline_item = timeline_item_data.to_dict()
            timeline.append(timeline_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "since": since,
                "until": until,
                "total": total,
                "counts": counts,
                "latency": latency,
                "labels": labels,
                "errors": errors,
                "bucket_s": bucket_s,
                "timeline": timeline,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.error_share import ErrorShare  # noqa: PLC0415
        from ..models.label_count import LabelCount  # noqa: PLC0415
        from ..models.latency_percentiles import LatencyPercentiles  # noqa: PLC0415
        from ..models.prediction_count import PredictionCount  # noqa: PLC0415
        from ..models.timeline_point import TimelinePoint  # noqa: PLC0415

        d = dict(src_dict)
        since = datetime.datetime.fromisoformat(d.pop("since"))

        until = datetime.datetime.fromisoformat(d.pop("until"))

        total = d.pop("total")

        counts = []
        _counts = d.pop("counts")
        for counts_item_data in _counts:
            counts_item = PredictionCount.from_dict(counts_item_data)

            counts.append(counts_item)

        latency = []
        _latency = d.pop("latency")
        for latency_item_data in _latency:
            latency_item = LatencyPercentiles.from_dict(latency_item_data)

            latency.append(latency_item)

        labels = []
        _labels = d.pop("labels")
        for labels_item_data in _labels:
            labels_item = LabelCount.from_dict(labels_item_data)

            labels.append(labels_item)

        errors = ErrorShare.from_dict(d.pop("errors"))

        bucket_s = d.pop("bucket_s")

        timeline = []
        _timeline = d.pop("timeline")
        for timeline_item_data in _timeline:
            timeline_item = TimelinePoint.from_dict(timeline_item_data)

            timeline.append(timeline_item)

        prediction_stats = cls(
            since=since,
            until=until,
            total=total,
            counts=counts,
            latency=latency,
            labels=labels,
            errors=errors,
            bucket_s=bucket_s,
            timeline=timeline,
        )

        prediction_stats.additional_properties = d
        return prediction_stats

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
