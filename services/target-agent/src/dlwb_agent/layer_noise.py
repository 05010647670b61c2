"""How long a layer profile runs and what may make its figures noise.

A profile runs at least what was asked (``niter`` / ``duration_seconds``); then it goes on until the mean
layer time per inference is known within ``SETTLED`` (its relative standard error, CV / sqrt(n)), for
at most ``BUDGET_SECONDS`` of profiling in all. Its figures are flagged when the per-inference layer
time varies as much as a noisy benchmark's windows (the same rule, ``stability.noisy``), when the
layers do not add up to the latency measured without counters, when the counters themselves slowed
inference down, and when the throughput windows were unstable.
"""

from __future__ import annotations

import math

from dlwb_agent.stability import noisy, unstable_note
from dlwb_common.messages.agent import LatencyStats, ProfileNote, Stability

SETTLED = 0.01
MIN_ITERATIONS = 30  # below this a standard error is itself too uncertain to stop on
BUDGET_SECONDS = 10.0
SUM_TOLERANCE = 0.20  # the layers' sum within +-20 % of the measured latency


class Settling:
    """Running mean and spread of the per-inference layer time (sums kept in O(1), no per-inference numpy)."""

    def __init__(self) -> None:
        self.n = 0
        self.total = 0.0
        self.squares = 0.0

    def add(self, value: float) -> None:
        self.n += 1
        self.total += value
        self.squares += value * value

    @property
    def mean(self) -> float:
        return self.total / self.n if self.n else 0.0

    @property
    def cv(self) -> float:
        if self.n < 2 or self.mean <= 0:
            return 0.0
        variance = max(0.0, (self.squares - self.n * self.mean ** 2) / (self.n - 1))
        return math.sqrt(variance) / self.mean

    @property
    def relative_error(self) -> float:
        return self.cv / math.sqrt(self.n) if self.n else math.inf

    def settled(self) -> bool:
        return self.n >= MIN_ITERATIONS and self.relative_error <= SETTLED

    def go_on(self, elapsed: float) -> bool:
        """After the requested part: profile more while not settled and within the budget."""
        return not self.settled() and elapsed < BUDGET_SECONDS


def stop_reason(settling: Settling, extended: bool) -> str:
    """How many inferences were averaged and why that many."""
    n, error = settling.n, settling.relative_error
    if settling.settled():
        why = " (more than asked, until it settled)" if extended else ", as asked"
        return f"{n:,} inferences{why}: layer time per inference known within ±{error:.1%}"
    if extended:
        return (f"{n:,} inferences: the {BUDGET_SECONDS:.0f} s budget ran out with layer time per inference "
                f"known within ±{error:.1%} only")
    return f"{n:,} inferences, as asked: layer time per inference known within ±{error:.1%} only"


def noise_notes(settling: Settling, latency: LatencyStats, profiled: LatencyStats,
                stability: Stability | None) -> list[ProfileNote]:
    """``latency``: inferences without counters; ``profiled``: the profiled ones."""
    notes = []
    if noisy(settling.cv):
        notes.append(ProfileNote(code="profile.noisy", message=(
            f"Layer time varies by {settling.cv:.0%} from one inference to the next (CV): the machine was busy or "
            f"the model is too fast to time layer by layer; treat small layers as noise.")))
    if not settling.settled() and settling.n >= MIN_ITERATIONS:
        notes.append(ProfileNote(code="profile.unsettled", message=(
            f"The mean layer time is known within ±{settling.relative_error:.1%} only: profile more iterations.")))
    slowdown = profiled.median / latency.median if latency.median > 0 else 1.0
    if slowdown > 1 + SUM_TOLERANCE:
        notes.append(ProfileNote(code="profile.counter_overhead", message=(
            f"Counters slowed an inference from {latency.median:.3f} ms to {profiled.median:.3f} ms (median): "
            "layer times include the cost of their own measurement.")))
    ratio = settling.mean / latency.mean if latency.mean > 0 else 1.0
    if ratio < 1 - SUM_TOLERANCE:
        notes.append(ProfileNote(code="profile.sum_mismatch", message=(
            f"The layers add up to {settling.mean:.3f} ms but an inference takes {latency.mean:.3f} ms: "
            f"{1 - ratio:.0%} of it is spent outside the layers (runtime overhead): shares describe the rest.")))
    elif ratio > 1 + SUM_TOLERANCE:
        notes.append(ProfileNote(code="profile.sum_mismatch", message=(
            f"The layers add up to {settling.mean:.3f} ms, more than the {latency.mean:.3f} ms an inference takes "
            "without counters: their own cost, or layers running in parallel, inflate them.")))
    unstable = unstable_note(stability)
    if unstable:
        notes.append(ProfileNote(code="run.unstable", message=unstable))
    return notes
