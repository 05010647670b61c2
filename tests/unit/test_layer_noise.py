"""A layer profile's stop rule and noise flags: the arithmetic and the thresholds, on known numbers."""

import numpy as np
import pytest

from dlwb_agent.layer_noise import BUDGET_SECONDS, MIN_ITERATIONS, SETTLED, Settling, noise_notes, stop_reason
from dlwb_agent.stability import MAX_CV, noisy, stability
from dlwb_agent.stats import latency_stats


def settled_on(values) -> Settling:  # type: ignore[no-untyped-def]
    settling = Settling()
    for value in values:
        settling.add(float(value))
    return settling


def test_running_sums_match_numpy() -> None:
    values = np.random.default_rng(1).gamma(4.0, 0.5, 500)
    settling = settled_on(values)
    assert settling.mean == pytest.approx(values.mean(), rel=1e-12)
    assert settling.cv == pytest.approx(values.std(ddof=1) / values.mean(), rel=1e-9)
    assert settling.relative_error == pytest.approx(settling.cv / np.sqrt(500), rel=1e-12)


def test_a_profile_settles_once_its_mean_is_known_within_one_percent() -> None:
    steady = settled_on([2.0, 2.02] * (MIN_ITERATIONS // 2))  # CV about 0.7 %
    assert steady.settled() and not steady.go_on(elapsed=0.0)
    assert stop_reason(steady, extended=False).startswith(f"{MIN_ITERATIONS} inferences, as asked")
    spread = settled_on([1.0, 3.0] * 20)  # CV about 50 %: +-8 % after 40 inferences
    assert not spread.settled() and spread.relative_error > SETTLED
    assert spread.go_on(elapsed=BUDGET_SECONDS / 2) and not spread.go_on(elapsed=BUDGET_SECONDS)
    assert "budget ran out" in stop_reason(spread, extended=True)
    too_few = settled_on([2.0] * (MIN_ITERATIONS - 1))  # no spread, but too few to trust that
    assert not too_few.settled()


def test_the_noise_rule_is_the_benchmarks_one() -> None:
    assert not noisy(MAX_CV * 0.99) and noisy(MAX_CV) and noisy(float("inf"))
    starts = np.cumsum(np.tile([0.001, 0.003], 100)).tolist()  # windows of equal throughput
    windows = stability(starts, 1)
    assert windows is not None and windows.stable == (windows.steady and not noisy(windows.cv))


def test_noisy_per_inference_times_are_flagged() -> None:
    quiet = settled_on([1.0, 1.05] * 50)
    loud = settled_on([1.0, 1.5] * 50)  # CV 20 %
    latency = latency_stats([1.1] * 100)
    assert "profile.noisy" not in {n.code for n in noise_notes(quiet, latency, latency, None)}
    flagged = noise_notes(loud, latency, latency, None)
    assert "profile.noisy" in {n.code for n in flagged}
    assert "20%" in next(n.message for n in flagged if n.code == "profile.noisy")


@pytest.mark.parametrize(("layer_ms", "latency_ms", "flagged", "why"), [
    (1.02, 1.1, False, ""),  # within 20 %
    (0.02, 1.02, True, "outside the layers"),  # a tiny model: the runtime's own cost dominates
    (2.0, 1.0, True, "in parallel"),  # overlapping layers add up to more than the inference
])
def test_a_layer_sum_far_from_the_measured_latency_is_flagged(layer_ms, latency_ms, flagged, why) -> None:
    latency = latency_stats([latency_ms] * 40)
    notes = noise_notes(settled_on([layer_ms] * 40), latency, latency, None)
    mismatch = [n for n in notes if n.code == "profile.sum_mismatch"]
    assert bool(mismatch) == flagged
    if flagged:
        assert why in mismatch[0].message


def test_counters_that_dwarf_the_inference_are_flagged() -> None:
    """The issue's case: 1.02 ms of layers per inference for a model whose latency is 0.02 ms."""
    notes = noise_notes(settled_on([1.02] * 40), latency_stats([0.02] * 40), latency_stats([1.1] * 40), None)
    codes = [n.code for n in notes]
    assert codes == ["profile.counter_overhead", "profile.sum_mismatch"]
    assert "from 0.020 ms to 1.100 ms" in notes[0].message
    quiet = noise_notes(settled_on([1.0] * 40), latency_stats([1.05] * 40), latency_stats([1.1] * 40), None)
    assert quiet == []


def test_an_unstable_run_carries_the_benchmarks_warning() -> None:
    slowing = np.cumsum(np.linspace(0.001, 0.01, 200)).tolist()  # throughput falls all along
    windows = stability(slowing, 1)
    assert windows is not None and not windows.stable
    notes = noise_notes(settled_on([1.0] * 200), latency_stats([1.0] * 200), latency_stats([1.0] * 200), windows)
    assert [n.code for n in notes] == ["run.unstable"]
    assert notes[0].message.startswith("Unstable run (window-to-window variation")
