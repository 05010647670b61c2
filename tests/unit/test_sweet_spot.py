from dlwb_common.api.projects import SweepPointPublic
from dlwb_profiler.sweep.sweet_spot import sweep_verdict, sweet_spot


def point(index: int, fps: float | None, latency: float | None, status: str = "done") -> SweepPointPublic:
    return SweepPointPublic(index=index, batch=1, nstreams=index + 1, nireq=None, status=status,
                            throughput_fps=fps, latency_median_ms=latency)


POINTS = [point(0, 100.0, 10.0), point(1, 180.0, 11.0), point(2, 250.0, 16.0), point(3, None, None, "pending")]


def test_best_throughput_within_the_latency_limit() -> None:
    assert sweet_spot(POINTS, None) == 2
    assert sweet_spot(POINTS, 12.0) == 1
    assert sweet_spot(POINTS, 10.0) == 0
    assert sweet_spot(POINTS, 5.0) is None


def test_verdict_names_the_winner_and_the_gain() -> None:
    text = sweep_verdict(POINTS, 1, 12.0)
    assert text.startswith("Best under 12 ms: batch 1 x 2 streams, 180.0 FPS")
    assert "1.80x the first point" in text and "3 of 4 points" in text
    assert sweep_verdict(POINTS, None, 5.0).startswith("No configuration meets 5 ms")
