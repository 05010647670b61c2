from datetime import UTC, datetime

from dlwb_cli.progress import describe_stage
from dlwb_common.messages.jobs import Job, JobKind, JobStatus, LiveSample


def job(live: LiveSample | None) -> Job:
    return Job(id="benchmark_1", kind=JobKind.benchmark, status=JobStatus.running, progress=0.5, stage="measuring",
               created_at=datetime.now(UTC), live=live)


def test_progress_line_shows_the_rolling_figures() -> None:
    assert describe_stage(job(None)) == "measuring"
    line = describe_stage(job(LiveSample(elapsed_seconds=1.0, throughput_fps=1234.5, latency_median_ms=3.21)))
    assert line == "measuring · 1,234.5 FPS · median 3.21 ms"
