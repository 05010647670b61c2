"""Did the run reach a steady state? Throughput in equal time windows, their spread and trend."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from dlwb_common.messages.agent import Stability

WINDOWS = 10
MIN_PER_WINDOW = 10  # a window of k iterations resolves throughput to 1/k: fewer would fake instability
STEADY_TOLERANCE = 0.05  # the last three windows within +-5 % of their mean (perf_analyzer uses 10 %)
MAX_CV = 0.10  # a coefficient of variation from here up flags a run as noisy (torch.utils.benchmark, pyperf)


def noisy(cv: float) -> bool:
    """The one noise rule, for benchmark windows and for a layer profile's per-inference times."""
    return not cv < MAX_CV


def stability(starts: Sequence[float], batch: int) -> Stability | None:
    """``starts``: when each iteration began, in seconds since the loop began. None for runs too
    short to judge (fewer than ``MIN_PER_WINDOW`` iterations per window)."""
    if len(starts) < WINDOWS * MIN_PER_WINDOW or starts[-1] <= 0:
        return None
    span = starts[-1]
    counts, _edges = np.histogram(np.asarray(starts, dtype=np.float64), bins=WINDOWS, range=(0.0, span))
    fps = counts * batch / (span / WINDOWS)
    mean = float(fps.mean())
    cv = float(fps.std(ddof=1) / mean) if mean > 0 else float("inf")
    last = fps[-3:]
    steady = bool(last.mean() > 0 and np.all(np.abs(last - last.mean()) <= STEADY_TOLERANCE * last.mean()))
    return Stability(window_fps=[round(float(v), 3) for v in fps], cv=cv, steady=steady,
                     stable=steady and not noisy(cv))


def unstable_note(result: Stability | None) -> str | None:
    """The warning an unstable run carries (None: stable, or too short to judge)."""
    if result is None or result.stable:
        return None
    return f"Unstable run (window-to-window variation {result.cv:.0%}): repeat it longer."
