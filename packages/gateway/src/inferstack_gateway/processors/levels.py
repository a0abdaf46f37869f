"""Grey-level statistics of small planes, for finding ink: order statistics (medians,
percentiles, the median absolute deviation) by partial sort, several from one partial sort of
the same plane, and Otsu's threshold. Paper of one level (more than half the pixels at one
value, as in a clean scan) is recognised by counting, where that settles a median, a spread or a
histogram bin without sorting or binning those pixels.

numpy's own `median` and `percentile` cost more in checks than in work on arrays this small;
the results here are theirs, bit for bit.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Plane = npt.NDArray[np.float64]


def median(values: Plane) -> float:
    """The median of a non-empty array (as ``np.median``, by one partial sort)."""
    return median_of(partitioned(values, median_ranks(values.size)))


def percentile(values: Plane, q: float) -> float:
    """The `q`-th percentile of a non-empty array, linearly interpolated (as ``np.percentile``)."""
    ranks = percentile_ranks(values.size, q)
    return percentile_of(partitioned(values, ranks[:2]), ranks)


def partitioned(values: Plane, ranks: tuple[int, ...]) -> Plane:
    """A flat copy of `values` with the value of each of `ranks` (sorted order) in its place:
    several order statistics of one array for the price of about one partial sort."""
    flat = values.flatten()
    flat.partition(ranks)
    return flat


def partitioned_paper(values: Plane, ranks: tuple[int, ...]) -> Plane:
    """As `partitioned`, sooner when more than half of `values` are their largest or their
    smallest value (paper of one level): those fill their end, and only the others are sorted."""
    flat = values.ravel()
    for end, at_top in ((flat.max(), True), (flat.min(), False)):
        at_end = flat == end
        count = np.count_nonzero(at_end)
        if 2 * count > flat.size:
            rest = flat[~at_end]
            start = 0 if at_top else count  # where the others lie in sorted order
            inner = [rank - start for rank in ranks if start <= rank < start + rest.size]
            if inner:
                rest.partition(inner)
            ranked = np.full(flat.size, end, dtype=flat.dtype)
            ranked[start : start + rest.size] = rest
            return ranked
    return partitioned(values, ranks)


def median_ranks(size: int) -> tuple[int, ...]:
    middle = size // 2
    return (middle,) if size % 2 else (middle - 1, middle)


def median_of(ranked: Plane) -> float:
    """The median from an array partitioned at `median_ranks` of its size."""
    middle = ranked.size // 2
    if ranked.size % 2:
        return float(ranked[middle])
    return float((ranked[middle - 1] + ranked[middle]) / 2)


def percentile_ranks(size: int, q: float) -> tuple[int, int, float]:
    """The ranks either side of the `q`-th percentile of `size` values, and its fraction
    of the way from the first to the second."""
    position = (size - 1) * q / 100.0
    below = int(position)
    return below, min(below + 1, size - 1), position - below


def percentile_of(ranked: Plane, ranks: tuple[int, int, float]) -> float:
    """The percentile from an array partitioned at its `percentile_ranks`."""
    below, above, fraction = ranks
    low, high = ranked[below], ranked[above]
    return float(low + (high - low) * fraction)


def lowest_majority(plane: Plane, paper: npt.NDArray[np.bool_] | None = None) -> float | None:
    """The median of `plane`, or of its pixels in `paper` (a mask of the pixels under some
    threshold), when more than half of those are at the plane's smallest value (then their
    median absolute deviation is 0 too): paper often is one level. None otherwise.

    Counting instead of sorting; and a threshold mask holds every pixel at the smallest value
    or none, so its pixels need not be gathered."""
    size = plane.size if paper is None else np.count_nonzero(paper)
    if size == 0:
        return None
    lowest = plane.min()
    if 2 * np.count_nonzero(plane == lowest) <= size:
        return None
    return float(lowest)  # for an even count, the mean of two equal middles is that value


def level_and_spread(plane: Plane, paper: npt.NDArray[np.bool_]) -> tuple[float, float]:
    """``median`` and ``spread`` of the pixels of `plane` in `paper` (a non-empty threshold
    mask, as for `lowest_majority`), sharing the median."""
    lowest = lowest_majority(plane, paper)
    if lowest is not None:
        return lowest, 0.0
    values = plane[paper]
    center = median(values)
    return center, median(np.abs(values - center))


def spread(values: Plane) -> float:
    """Median absolute deviation: the spread of `values`, unmoved by a few outliers."""
    return median(np.abs(values - median(values))) if values.size else 0.0


def otsu_threshold(values: Plane, bins: int = 256) -> float:
    """The level that best splits `values` into two classes (Otsu's method)."""
    low, high = float(values.min()), float(values.max())
    if high - low < 1e-9:
        return high
    width = (high - low) / bins
    counts = _bin_counts(values.ravel(), low, width, bins)
    edges = low + width * np.arange(bins + 1)
    centers = edges[:-1] + width / 2
    weight_low = np.cumsum(counts)[:-1]
    weight_high = values.size - weight_low
    mass = np.cumsum(counts * centers)
    mass_low = mass[:-1]
    # The lowest value falls in the first bin and the highest in the last ((high - low) / width
    # is exactly bins), so no cut leaves a side empty: every weight here is positive.
    mean_low = mass_low / weight_low
    mean_high = (mass[-1] - mass_low) / weight_high
    between = weight_low * weight_high * (mean_low - mean_high) ** 2
    # Between two well-separated classes every cut in the empty gap is equally good: take the
    # middle of that plateau, not its first edge (which hugs the lower class's tail).
    best = np.flatnonzero(between >= between.max() * (1 - 1e-9))
    return float(edges[best[0] + 1] + edges[best[-1] + 1]) / 2


def _bin_counts(flat: Plane, low: float, width: float, bins: int) -> npt.NDArray[np.intp]:
    """How many of `flat` fall in each of `bins` bins of `width` from `low` (its smallest value),
    the highest value, exactly `bins` widths up, in the last. When most are at `low` (paper),
    those are counted at once and left out of the slower per-value binning."""
    at_low = flat == low
    lowest = np.count_nonzero(at_low)
    mostly_low = 2 * lowest > flat.size
    scaled = (flat[~at_low] if mostly_low else flat) - low
    np.divide(scaled, width, out=scaled)
    counts = np.bincount(scaled.astype(np.intp), minlength=bins + 1)
    counts[bins - 1] += counts[bins]
    if mostly_low:
        counts[0] += lowest
    return counts[:bins]
