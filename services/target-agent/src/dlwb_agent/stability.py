"""Did the run reach a steady state? Throughput in equal time windows, their spread and trend."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from dlwb_common.messages.agent import Stability

WINDOWS = 10
STEADY_TOLERANCE = 0.05  # the last three windows within +-5 % of their mean (perf_analyzer uses 10 %)
MAX_CV = 0.10


def stability(starts: Sequence[float], batch: int) -> Stability | None:
    """``starts``: when each iteration began, in seconds since the loop began. None for runs too
    short to judge (fewer than three iterations per window)."""
    if len(starts) < WINDOWS * 3 or starts[-1] <= 0:
        return None
    span = starts[-1]
    counts, _edges = np.histogram(np.asarray(starts, dtype=np.float64), bins=WINDOWS, range=(0.0, span))
    fps = counts * batch / (span / WINDOWS)
    mean = float(fps.mean())
    cv = float(fps.std(ddof=1) / mean) if mean > 0 else float("inf")
    last = fps[-3:]
    steady = bool(last.mean() > 0 and np.all(np.abs(last - last.mean()) <= STEADY_TOLERANCE * last.mean()))
    return Stability(window_fps=[round(float(v), 3) for v in fps], cv=cv, steady=steady,
                     stable=steady and cv < MAX_CV)
