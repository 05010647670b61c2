"""The agent's layer profile on a real model with real OpenVINO: the API it states, how many inferences
it averaged and why, and the figures its noise flags are judged on."""

from pathlib import Path

import openvino as ov
import pydantic
import pytest

from dlwb_agent.layer_profile import run_layer_profile
from dlwb_agent.loops import REPORT_EVERY_MAX_SECONDS, REPORT_EVERY_SECONDS, next_report
from dlwb_agent.stability import MAX_CV
from dlwb_common.api.projects import LayerProfileCreate
from dlwb_common.messages.agent import BenchmarkSettings, DatasetSpec, InferenceApi


@pytest.fixture(scope="module")
def ir(tmp_path_factory: pytest.TempPathFactory, tiny_onnx_path: Path) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("ir")
    ov.save_model(ov.convert_model(str(tiny_onnx_path)), str(folder / "model.xml"), compress_to_fp16=False)
    return folder / "model.xml", folder / "model.bin"


@pytest.fixture(scope="module")
def profile(ir):  # type: ignore[no-untyped-def]
    settings = LayerProfileCreate(niter=5).model_dump(exclude={"device"})
    return run_layer_profile(*ir, BenchmarkSettings(**settings), DatasetSpec(), lambda _: None)


def test_the_api_shown_is_the_one_in_the_manifest(profile) -> None:  # type: ignore[no-untyped-def]
    assert profile.api == InferenceApi.sync
    assert profile.manifest["api"] == profile.api.value == profile.manifest["settings"]["api"]


def test_it_runs_at_least_what_was_asked_and_says_how_many(profile) -> None:  # type: ignore[no-untyped-def]
    assert profile.iterations >= 5
    assert profile.stop_reason.startswith(f"{profile.iterations:,} inferences")
    assert profile.profiled_latency is not None and profile.profiled_latency.count == profile.iterations
    assert profile.latency is not None and profile.latency.count > 0  # the short run without counters
    if profile.iterations > 5:  # it went on only because the mean had not settled after 5
        assert "more than asked" in profile.stop_reason or "budget ran out" in profile.stop_reason


def test_the_flags_are_judged_on_the_profiles_own_figures(profile) -> None:  # type: ignore[no-untyped-def]
    assert profile.total_cv is not None and profile.total_cv >= 0
    codes = {note.code for note in profile.noise}
    assert codes <= {"profile.noisy", "profile.unsettled", "profile.sum_mismatch", "profile.counter_overhead",
                     "run.unstable"}
    ratio = profile.total_real_time_ms / profile.latency.mean
    assert ("profile.sum_mismatch" in codes) == (not 0.8 <= ratio <= 1.2)
    slowdown = profile.profiled_latency.median / profile.latency.median
    assert ("profile.counter_overhead" in codes) == (slowdown > 1.2)
    assert ("profile.noisy" in codes) == (profile.total_cv >= MAX_CV)
    assert ("profile.unsettled" in codes) == profile.stop_reason.endswith("only")


def test_a_profile_refuses_the_async_api() -> None:
    assert LayerProfileCreate().api == InferenceApi.sync
    with pytest.raises(pydantic.ValidationError, match="one synchronous request"):
        LayerProfileCreate(api="async")


def test_progress_backs_off_during_the_timed_loop() -> None:
    elapsed, interval, moments = 0.0, REPORT_EVERY_SECONDS, []
    for _ in range(6):
        elapsed, interval = next_report(elapsed, interval)
        moments.append(elapsed)
    assert moments == [0.5, 1.5, 3.5, 5.5, 7.5, 9.5]
    assert interval == REPORT_EVERY_MAX_SECONDS
