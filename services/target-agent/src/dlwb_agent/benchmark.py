"""One benchmark run on this target, following benchmark_app's method.

Steps (benchmark_app's numbering): read the model (timed), reshape for ``shape``/``batch``, compile
with the hint and low-level settings (timed), create the requests and fill their inputs once
(inference-only mode), one warm-up inference excluded from the statistics ("first inference"),
then the timed loop (``loops``). Throughput = batch * iterations / loop wall time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import openvino as ov
import openvino.properties as props
import openvino.properties.hint as hints
import openvino.properties.streams as streams

from dlwb_agent.loops import Limits, async_loop, infer, sync_loop
from dlwb_agent.stability import stability
from dlwb_agent.stats import latency_stats
from dlwb_common.errors import DlwbError
from dlwb_common.messages.agent import (
    BenchmarkResult,
    BenchmarkSettings,
    DatasetSpec,
    InferenceApi,
    PerformanceHint,
)
from dlwb_engine.device_facts import precision_facts
from dlwb_engine.inputs import random_inputs

PRECISIONS = {"f32": ov.Type.f32, "f16": ov.Type.f16, "bf16": ov.Type.bf16}


class BenchmarkError(DlwbError):
    code = "run.failed"


@dataclass
class Progress:
    fraction: float
    stage: str
    throughput_fps: float | None = None
    latency_median_ms: float | None = None
    elapsed_seconds: float = 0.0


def reshape(model: ov.Model, settings: BenchmarkSettings) -> None:
    """Apply ``shape`` (by input name) and ``batch`` (first dimension of every input); refuse what
    does not fit and dynamic shapes left over."""
    shapes: dict[str, ov.PartialShape] = {}
    names = {name: port for port in model.inputs for name in port.get_names()}
    for name, dims in (settings.shape or {}).items():
        if name not in names:
            raise BenchmarkError(f"the model has no input '{name}' (inputs: {', '.join(sorted(names))})",
                                 code="benchmark.bad_shape")
        shapes[name] = ov.PartialShape(dims)
    if settings.batch:
        for port in model.inputs:
            name = port.get_any_name()
            shape = shapes.get(name, port.get_partial_shape())
            if shape.rank.is_dynamic or len(shape) == 0:
                raise BenchmarkError(f"cannot set the batch of input '{name}': its rank is unknown",
                                     code="benchmark.bad_shape")
            dims = list(shape)
            dims[0] = ov.Dimension(settings.batch)
            shapes[name] = ov.PartialShape(dims)
    if shapes:
        try:
            model.reshape(shapes)
        except Exception as exc:  # OpenVINO says which operation rejects the shape
            raise BenchmarkError(f"the model does not accept these shapes: {str(exc).strip()[:800]}",
                                 code="benchmark.bad_shape") from exc
    dynamic = [port.get_any_name() for port in model.inputs if port.get_partial_shape().is_dynamic]
    if dynamic:
        raise BenchmarkError(f"inputs {', '.join(dynamic)} have dynamic shapes: give static ones with 'shape'",
                             code="benchmark.dynamic_shape")


def batch_of(model: ov.Model, settings: BenchmarkSettings) -> int:
    """As benchmark_app without a layout: an image input (NCHW or NHWC, 1, 3 or 4 channels) has its
    batch first; for anything else the batch is 1."""
    if settings.batch:
        return settings.batch
    shape = list(model.inputs[0].get_shape())
    if len(shape) == 4 and (shape[1] in (1, 3, 4) or shape[3] in (1, 3, 4)):
        return int(shape[0])
    return 1


def compile_config(settings: BenchmarkSettings) -> dict[object, object]:
    config: dict[object, object] = {}
    if settings.hint != PerformanceHint.none:
        config[hints.performance_mode] = getattr(hints.PerformanceMode, settings.hint.value)
    if settings.nireq:
        config[hints.num_requests] = settings.nireq
    if settings.nstreams:
        config[streams.num] = streams.Num(settings.nstreams)
    if settings.nthreads:
        config[props.inference_num_threads] = settings.nthreads
    if settings.infer_precision:
        config[hints.inference_precision] = PRECISIONS[settings.infer_precision]
    return config


def check_device(core: ov.Core, device: str) -> None:
    available = core.available_devices
    if device not in available and device.split(".")[0] not in {d.split(".")[0] for d in available}:
        raise BenchmarkError(f"device {device} is not available here (available: {', '.join(available)})",
                             code="benchmark.unknown_device")


def run_benchmark(xml: Path, weights: Path, settings: BenchmarkSettings, dataset: DatasetSpec,
                  report: Callable[[Progress], None], core: ov.Core | None = None,
                  manifest: dict[str, object] | None = None, cancel: threading.Event | None = None) -> BenchmarkResult:
    core = core or ov.Core()
    check_device(core, settings.device)
    report(Progress(0.02, "reading the model"))
    started = time.perf_counter()
    model = core.read_model(str(xml), str(weights))
    read_ms = (time.perf_counter() - started) * 1000
    reshape(model, settings)
    batch = batch_of(model, settings)
    report(Progress(0.05, f"compiling for {settings.device}"))
    started = time.perf_counter()
    try:
        compiled = core.compile_model(model, settings.device, compile_config(settings))
    except Exception as exc:
        raise BenchmarkError(f"compilation for {settings.device} failed: {str(exc).strip()[:800]}",
                             code="benchmark.compile_failed") from exc
    compile_ms = (time.perf_counter() - started) * 1000
    limits = Limits(settings.duration_seconds, settings.niter, cancel)

    last = [0, 0.0]  # iterations and elapsed seconds at the previous report

    def tick(fraction: float, iterations: int, elapsed: float, latencies: Sequence[float]) -> None:
        """Rolling figures since the previous report."""
        fps = batch * (iterations - last[0]) / (elapsed - last[1]) if elapsed > last[1] else None
        recent = latencies[-(iterations - last[0]) or -1:]
        last[:] = [iterations, elapsed]
        report(Progress(0.1 + 0.88 * fraction, "measuring", fps, float(np.median(recent)) if recent else None,
                        elapsed))

    if settings.api == InferenceApi.sync:
        nireq = 1
        request = compiled.create_infer_request()
        for port, tensor in random_inputs(model, dataset, 1)[0].items():
            request.set_input_tensor(port, ov.Tensor(tensor))
        report(Progress(0.08, "first inference"))
        started = time.perf_counter()
        infer(request)
        first_ms = (time.perf_counter() - started) * 1000
        report(Progress(0.1, "measuring"))
        loop = sync_loop(request, limits, tick)
    else:
        nireq = settings.nireq or compiled.get_property(props.optimal_number_of_infer_requests)
        queue = ov.AsyncInferQueue(compiled, nireq)
        inputs = random_inputs(model, dataset, nireq)
        for index in range(len(queue)):
            for port, tensor in inputs[index % len(inputs)].items():
                queue[index].set_input_tensor(port, ov.Tensor(tensor))
        report(Progress(0.08, "first inference"))
        started = time.perf_counter()
        queue.start_async()
        queue.wait_all()
        first_ms = (time.perf_counter() - started) * 1000
        report(Progress(0.1, "measuring"))
        loop = async_loop(queue, limits, tick)
    if not loop.latencies_ms:
        raise BenchmarkError("no inference completed within the limits", code="benchmark.no_samples")
    try:
        nstreams = int(compiled.get_property(streams.num))
    except Exception:  # not every device reports streams
        nstreams = None
    return BenchmarkResult(
        throughput_fps=batch * loop.iterations / loop.duration_seconds, count=loop.iterations,
        duration_ms=loop.duration_seconds * 1000, batch=batch, nireq=nireq, nstreams=nstreams,
        first_inference_ms=first_ms, read_ms=read_ms, compile_ms=compile_ms,
        latency=latency_stats(loop.latencies_ms), stability=stability(loop.starts, batch),
        manifest=(manifest or {}) | {
            "openvino_version": ov.get_version(),
            "device": settings.device,
            "device_full_name": str(core.get_property(settings.device.split(".")[0], props.device.full_name)),
            "settings": settings.model_dump(mode="json"),
            "dataset": dataset.model_dump(mode="json"),
            "input_shapes": {port.get_any_name(): list(port.get_shape()) for port in model.inputs},
            "compiled_properties": compiled_properties(compiled),
            **precision_facts(compiled, settings.device),
            "percentile_method": "nearest-rank; p90/p95/p99 withheld below 64/130/662 samples",
            "inference_only": True,
        })


def compiled_properties(compiled: ov.CompiledModel) -> dict[str, str]:
    values = {}
    for key in compiled.get_property(props.supported_properties):
        if key == props.supported_properties:
            continue
        try:
            values[str(key)] = readable(compiled.get_property(key))
        except Exception:  # some properties are write-only or device-specific
            continue
    return values


def readable(value: object) -> str:
    """A property as a person reads it: 'bf16', not "<Type: 'bfloat16'>"; 'a, b', not a Python set."""
    if isinstance(value, ov.Type):
        return value.to_string()
    if isinstance(value, set | frozenset | list | tuple):
        return ", ".join(sorted(readable(item) for item in value))
    return str(value)
