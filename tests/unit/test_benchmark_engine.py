"""The agent's timed loop on a real model with real OpenVINO."""

from pathlib import Path

import openvino as ov
import pytest

from dlwb_agent.benchmark import BenchmarkError, Progress, run_benchmark
from dlwb_common.messages.agent import BenchmarkSettings, DatasetSpec, InferenceApi, PerformanceHint
from dlwb_engine.device_facts import cpu_isa


@pytest.fixture(scope="module")
def ir(tmp_path_factory: pytest.TempPathFactory, tiny_onnx_path: Path) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("ir")
    ov.save_model(ov.convert_model(str(tiny_onnx_path)), str(folder / "model.xml"), compress_to_fp16=False)
    return folder / "model.xml", folder / "model.bin"


@pytest.mark.parametrize("hint", [PerformanceHint.latency, PerformanceHint.throughput])
def test_runs_for_the_requested_time_and_reports_consistent_statistics(ir, hint) -> None:
    seen: list[Progress] = []
    result = run_benchmark(*ir, BenchmarkSettings(duration_seconds=1.0, hint=hint), DatasetSpec(count=3),
                           seen.append)
    # the loop stops starting requests at 1 s; only the requests then in flight may still finish
    assert 1000 <= result.duration_ms <= 1000 + result.nireq * result.latency.max + 100
    assert result.count == result.latency.count > 0
    assert result.throughput_fps == pytest.approx(result.count / (result.duration_ms / 1000), rel=1e-9)
    lat = result.latency
    assert 0 < lat.min <= lat.median <= lat.max and lat.min <= lat.mean <= lat.max
    assert result.nireq >= 1 and result.compile_ms > 0 and result.first_inference_ms > 0
    assert result.manifest["settings"]["hint"] == hint.value
    assert result.manifest["compiled_properties"]["PERFORMANCE_HINT"] == hint.value
    fractions = [p.fraction for p in seen]
    assert fractions == sorted(fractions) and any(p.throughput_fps for p in seen)


def test_explicit_infer_requests_are_honoured(ir) -> None:
    result = run_benchmark(*ir, BenchmarkSettings(duration_seconds=0.3, nireq=3), DatasetSpec(), lambda _: None)
    assert result.nireq == 3
    assert result.count % 3 == 0  # as benchmark_app: the async loop ends on a multiple of nireq


def test_sync_api_with_an_iteration_limit(ir) -> None:
    settings = BenchmarkSettings(api=InferenceApi.sync, hint=PerformanceHint.latency, duration_seconds=None,
                                 niter=37)
    result = run_benchmark(*ir, settings, DatasetSpec(), lambda _: None)
    assert (result.count, result.latency.count, result.nireq) == (37, 37, 1)


def test_batch_reshapes_the_model_and_scales_throughput(ir) -> None:
    result = run_benchmark(*ir, BenchmarkSettings(batch=2, duration_seconds=0.5), DatasetSpec(), lambda _: None)
    assert result.batch == 2
    assert result.manifest["input_shapes"] == {"data_0": [2, 3, 224, 224]}
    assert result.throughput_fps == pytest.approx(2 * result.count / (result.duration_ms / 1000), rel=1e-9)


def test_low_level_cpu_settings_reach_the_plugin(ir) -> None:
    settings = BenchmarkSettings(hint=PerformanceHint.none, nstreams=1, nthreads=1, infer_precision="f32",
                                 duration_seconds=0.3)
    result = run_benchmark(*ir, settings, DatasetSpec(), lambda _: None)
    properties = result.manifest["compiled_properties"]
    assert (properties["NUM_STREAMS"], properties["INFERENCE_NUM_THREADS"]) == ("1", "1")
    assert properties["INFERENCE_PRECISION_HINT"] == "f32"  # readable, not a Python repr
    assert result.manifest["inference_precision"] == "f32"
    assert result.nstreams == 1


def test_the_precision_that_really_ran_is_recorded(ir) -> None:
    """Without a choice, the device's default (bf16 on a CPU with AMX, f32 elsewhere), as plain OpenVINO says."""
    result = run_benchmark(*ir, BenchmarkSettings(duration_seconds=None, niter=3), DatasetSpec(), lambda _: None)
    default = ov.Core().compile_model(str(ir[0]), "CPU").get_property("INFERENCE_PRECISION_HINT").to_string()
    assert result.manifest["inference_precision"] == default
    assert result.manifest["cpu_isa"] == cpu_isa()


def test_the_cpu_isa_is_the_strongest_flag(tmp_path: Path) -> None:
    for flags, isa in [("fpu sse4_2 avx2 avx512f avx512_vnni amx_tile amx_bf16", "AMX"),
                       ("fpu sse4_2 avx2 fma", "AVX2"), ("fpu sse4_2 avx2 avx512f avx512_vnni", "AVX-512 VNNI")]:
        info = tmp_path / f"{isa}.txt"
        info.write_text(f"processor\t: 0\nflags\t\t: {flags}\n")
        assert cpu_isa(info) == isa


@pytest.mark.parametrize(("shape", "code"), [({"nope": [1, 3, 224, 224]}, "benchmark.bad_shape"),
                                             ({"data_0": [1, 3, 7, 7]}, "benchmark.bad_shape")])
def test_shapes_that_do_not_fit_are_refused_before_running(ir, shape, code) -> None:
    with pytest.raises(BenchmarkError) as caught:
        run_benchmark(*ir, BenchmarkSettings(shape=shape), DatasetSpec(), lambda _: None)
    assert caught.value.code == code


def test_long_enough_runs_report_their_stability(ir) -> None:
    # enough iterations to judge whatever the machine's load: a count, not a time
    result = run_benchmark(*ir, BenchmarkSettings(duration_seconds=None, niter=100), DatasetSpec(), lambda _: None)
    assert result.stability is not None and len(result.stability.window_fps) == 10
    assert result.stability.stable == (result.stability.steady and result.stability.cv < 0.10)


def test_unknown_device_is_refused_before_running(ir) -> None:
    with pytest.raises(BenchmarkError) as caught:
        run_benchmark(*ir, BenchmarkSettings(device="NOSUCHDEVICE"), DatasetSpec(), lambda _: None)
    assert caught.value.code == "benchmark.unknown_device"
