"""Benchmark settings follow benchmark_app's rules and are refused before anything runs."""

import pytest
from pydantic import ValidationError

from dlwb_common.messages.agent import BenchmarkSettings


@pytest.mark.parametrize("bad", [
    {"batch": 0},
    {"nireq": 0},
    {"duration_seconds": None, "niter": None},
    {"nstreams": 2},  # needs hint NONE
    {"api": "sync", "nireq": 2},
    {"shape": {"x": [1, 0, 3]}},
    {"infer_precision": "i8"},
])
def test_invalid_settings(bad: dict) -> None:
    with pytest.raises(ValidationError):
        BenchmarkSettings(**bad)


def test_valid_low_level_settings() -> None:
    settings = BenchmarkSettings(hint="NONE", nstreams=2, nthreads=4, niter=100, duration_seconds=None)
    assert (settings.nstreams, settings.niter) == (2, 100)


def test_hint_defaults_follow_benchmark_app() -> None:
    assert BenchmarkSettings(api="sync").hint == "LATENCY"
    assert BenchmarkSettings(api="async").hint == "THROUGHPUT"
    assert BenchmarkSettings(api="sync", hint="THROUGHPUT").hint == "THROUGHPUT"
