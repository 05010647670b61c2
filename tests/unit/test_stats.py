import numpy as np
import pytest

from dlwb_agent.stats import MIN_SAMPLES, latency_stats, percentile


@pytest.mark.parametrize("n", [1, 2, 7, 64, 100, 1001])
@pytest.mark.parametrize("p", [50, 90, 95, 99])
def test_percentile_is_nearest_rank(n: int, p: int) -> None:
    values = sorted(np.random.default_rng(n).exponential(5.0, n).tolist())
    # numpy's "inverted_cdf" is the nearest-rank definition
    assert percentile(values, p) == np.percentile(values, p, method="inverted_cdf")


def test_statistics_match_numpy() -> None:
    samples = np.random.default_rng(3).gamma(2.0, 2.0, 1000).tolist()
    stats = latency_stats(samples)
    assert stats.count == 1000
    assert stats.mean == pytest.approx(np.mean(samples), rel=1e-12)
    assert stats.stdev == pytest.approx(np.std(samples, ddof=1), rel=1e-12)
    assert (stats.min, stats.max) == (min(samples), max(samples))
    assert stats.p99 == np.percentile(samples, 99, method="inverted_cdf")


def test_tail_percentiles_are_withheld_below_their_sample_minimum() -> None:
    few = latency_stats([1.0] * (MIN_SAMPLES[90] - 1))
    assert few.p90 is None and few.p95 is None and few.p99 is None
    some = latency_stats([1.0] * MIN_SAMPLES[90])
    assert some.p90 == 1.0 and some.p99 is None
    many = latency_stats([1.0] * MIN_SAMPLES[99])
    assert many.p99 == 1.0


def test_no_samples_is_an_error() -> None:
    with pytest.raises(ValueError):
        latency_stats([])
