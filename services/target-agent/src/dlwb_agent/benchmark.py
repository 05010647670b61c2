"""The timed loop, run on the target: OpenVINO async inference for a fixed time.

Follows benchmark_app: one warm-up inference excluded from the statistics, inputs filled once
outside the loop ("inference only"), latency of each request as measured by the runtime,
throughput = batch * completed inferences / wall time of the loop.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import openvino as ov
import openvino.properties as props
import openvino.properties.hint as hints

from dlwb_agent.stats import latency_stats
from dlwb_common.errors import DlwbError
from dlwb_common.messages.agent import BenchmarkResult, BenchmarkSettings, DatasetSpec, PerformanceHint

PROGRESS_EVERY_SECONDS = 0.5


class BenchmarkError(DlwbError):
    code = "benchmark.failed"


@dataclass
class Progress:
    fraction: float
    stage: str
    throughput_fps: float | None = None
    latency_median_ms: float | None = None


def random_inputs(model: ov.Model, spec: DatasetSpec) -> list[dict[int, np.ndarray]]:
    """``spec.count`` input sets, generated from ``spec.seed`` for every model input."""
    generator = np.random.default_rng(spec.seed)
    sets = []
    for _ in range(spec.count):
        tensors = {}
        for index, port in enumerate(model.inputs):
            shape = port.get_shape()
            dtype = port.get_element_type().to_dtype()
            if np.issubdtype(dtype, np.floating):
                tensors[index] = generator.random(shape, dtype=np.float32).astype(dtype)
            elif dtype == np.bool_:
                tensors[index] = generator.integers(0, 2, shape).astype(dtype)
            else:
                tensors[index] = generator.integers(0, 255, shape).astype(dtype)
        sets.append(tensors)
    return sets


def compile_config(settings: BenchmarkSettings) -> dict[str, object]:
    config: dict[str, object] = {}
    if settings.hint != PerformanceHint.none:
        config[hints.performance_mode] = getattr(hints.PerformanceMode, settings.hint.value)
    if settings.nireq:
        config[hints.num_requests] = settings.nireq
    return config


def run_benchmark(xml: Path, weights: Path, settings: BenchmarkSettings, dataset: DatasetSpec,
                  report: Callable[[Progress], None], core: ov.Core | None = None) -> BenchmarkResult:
    core = core or ov.Core()
    report(Progress(0.02, "reading the model"))
    started = time.perf_counter()
    model = core.read_model(str(xml), str(weights))
    read_ms = (time.perf_counter() - started) * 1000
    if any(port.get_partial_shape().is_dynamic for port in model.inputs):
        raise BenchmarkError("the model has dynamic input shapes; give static shapes to benchmark it",
                             code="benchmark.dynamic_shape")
    if settings.device.split(".")[0] not in [d.split(".")[0] for d in core.available_devices]:
        raise BenchmarkError(f"device {settings.device} is not available here "
                             f"(available: {', '.join(core.available_devices)})", code="benchmark.unknown_device")
    report(Progress(0.05, f"compiling for {settings.device}"))
    started = time.perf_counter()
    compiled = core.compile_model(model, settings.device, compile_config(settings))
    compile_ms = (time.perf_counter() - started) * 1000
    nireq = settings.nireq or compiled.get_property(props.optimal_number_of_infer_requests)
    inputs = random_inputs(model, dataset)
    queue = ov.AsyncInferQueue(compiled, nireq)
    for index in range(len(queue)):
        for port, tensor in inputs[index % len(inputs)].items():
            queue[index].set_input_tensor(port, ov.Tensor(tensor))

    latencies: list[float] = []
    queue.set_callback(lambda request, _: latencies.append(request.latency))

    report(Progress(0.08, "first inference"))
    started = time.perf_counter()
    queue.start_async()
    queue.wait_all()
    first_ms = (time.perf_counter() - started) * 1000
    latencies.clear()

    report(Progress(0.1, "measuring"))
    duration = settings.duration_seconds
    started = time.perf_counter()
    next_report = started + PROGRESS_EVERY_SECONDS
    window_start, window_count = started, 0
    while True:
        now = time.perf_counter()
        if now - started >= duration:
            break
        queue.start_async()  # blocks until a request is idle
        if now >= next_report:
            done = len(latencies)
            window = latencies[window_count:done]
            fps = (done - window_count) / (now - window_start) if now > window_start else None
            report(Progress(0.1 + 0.88 * min(1.0, (now - started) / duration), "measuring", fps,
                            float(np.median(window)) if window else None))
            window_start, window_count = now, done
            next_report = now + PROGRESS_EVERY_SECONDS
    queue.wait_all()
    total_seconds = time.perf_counter() - started
    if not latencies:
        raise BenchmarkError("no inference completed in the requested time", code="benchmark.no_samples")
    batch = 1
    stats = latency_stats(latencies)
    nstreams = None
    try:
        nstreams = int(compiled.get_property(props.num_streams))
    except Exception:  # not every device reports streams
        nstreams = None
    manifest = {
        "openvino_version": ov.get_version(),
        "device": settings.device,
        "device_full_name": str(core.get_property(settings.device.split(".")[0], props.device.full_name)),
        "settings": settings.model_dump(mode="json"),
        "dataset": dataset.model_dump(mode="json"),
        "compiled_properties": compiled_properties(compiled),
        "api": "async",
        "percentile_method": "nearest-rank",
    }
    return BenchmarkResult(throughput_fps=batch * len(latencies) / total_seconds, count=len(latencies),
                           duration_ms=total_seconds * 1000, batch=batch, nireq=nireq, nstreams=nstreams,
                           first_inference_ms=first_ms, read_ms=read_ms, compile_ms=compile_ms, latency=stats,
                           manifest=manifest)


def compiled_properties(compiled: ov.CompiledModel) -> dict[str, str]:
    values = {}
    for key in compiled.get_property(props.supported_properties):
        if key == props.supported_properties:
            continue
        try:
            values[str(key)] = str(compiled.get_property(key))
        except Exception:  # some properties are write-only or device-specific
            continue
    return values
