"""Per-layer profile: a separate run with performance counters on, averaged over every iteration.

benchmark_app's ``average_counters`` averages the last inference of each request; here the counters
of every iteration of one synchronous request (the only API a profile uses: ``API``) are summed, so
rare slow layers are not missed. Each profiled inference follows one of a second compiled copy without
counters, so the latency the flags hold the layers against is measured on the same machine at the same
moments (counters cost time per layer: on a fast model they can dwarf the inference they time). How many
iterations, and the noise flags: ``layer_noise``.
"""

from __future__ import annotations

import threading
import time
from array import array
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np
import openvino as ov
import openvino.properties as props

from dlwb_agent.benchmark import (
    BenchmarkError,
    Progress,
    check_device,
    compile_config,
    reshape,
)
from dlwb_agent.layer_noise import BUDGET_SECONDS, SETTLED, Settling, noise_notes, stop_reason
from dlwb_agent.loops import Limits, infer
from dlwb_agent.stability import stability
from dlwb_agent.stats import latency_stats
from dlwb_common.messages.agent import (
    BenchmarkSettings,
    DatasetSpec,
    InferenceApi,
    LayerProfile,
    LayerRecord,
    LayerTotal,
    RuntimeGraph,
)
from dlwb_engine.device_facts import precision_facts
from dlwb_engine.inputs import random_inputs

REPORT_EVERY_SECONDS = 0.5
API = InferenceApi.sync


def rt(op: ov.Node, key: str) -> str:
    info = op.get_rt_info()
    return info[key].astype(str) if key in info else ""


def runtime_graph(compiled: ov.CompiledModel) -> tuple[dict[str, ov.Node], list[tuple[str, str]]]:
    """Runtime operations by name (constants left out: they carry no time) and the edges between them."""
    ops = {op.get_friendly_name(): op for op in compiled.get_runtime_model().get_ordered_ops()
           if rt(op, "layerType") != "Const"}
    edges = [(source.get_source_output().get_node().get_friendly_name(), name)
             for name, op in ops.items() for source in op.inputs()
             if source.get_source_output().get_node().get_friendly_name() in ops]
    return ops, edges


def totals(layers: list[LayerRecord], key: Callable[[LayerRecord], str]) -> list[LayerTotal]:
    executed = [layer for layer in layers if layer.status == "EXECUTED"]
    overall = sum(layer.real_time_ms for layer in executed) or 1.0
    groups: dict[str, list[LayerRecord]] = defaultdict(list)
    for layer in executed:
        groups[key(layer)].append(layer)
    rows = [LayerTotal(key=name, count=len(members), real_time_ms=sum(m.real_time_ms for m in members),
                       share=sum(m.real_time_ms for m in members) / overall) for name, members in groups.items()]
    return sorted(rows, key=lambda row: row.real_time_ms, reverse=True)


def prepared(core: ov.Core, model: ov.Model, settings: BenchmarkSettings, inputs: dict[int, np.ndarray],
             extra: dict[object, object]) -> ov.InferRequest:
    """A compiled model's request with the inputs set, after one warm-up inference."""
    try:
        compiled = core.compile_model(model, settings.device, compile_config(settings) | extra)
    except Exception as exc:
        raise BenchmarkError(f"compilation for {settings.device} failed: {str(exc).strip()[:800]}",
                             code="benchmark.compile_failed") from exc
    request = compiled.create_infer_request()
    for port, tensor in inputs.items():
        request.set_input_tensor(port, ov.Tensor(tensor))
    infer(request)
    return request


def run_layer_profile(xml: Path, weights: Path, settings: BenchmarkSettings, dataset: DatasetSpec,
                      report: Callable[[Progress], None], core: ov.Core | None = None,
                      manifest: dict[str, object] | None = None, cancel: threading.Event | None = None
                      ) -> LayerProfile:
    core = core or ov.Core()
    check_device(core, settings.device)
    report(Progress(0.02, "reading the model"))
    model = core.read_model(str(xml), str(weights))
    reshape(model, settings)
    inputs = random_inputs(model, dataset, 1)[0]
    report(Progress(0.05, f"compiling for {settings.device} with and without performance counters"))
    request = prepared(core, model, settings, inputs, {props.enable_profiling: True})
    plain = prepared(core, model, settings, inputs, {})  # the latency a benchmark sees, for the flags
    compiled = request.get_compiled_model()
    real: dict[str, float] = defaultdict(float)
    cpu: dict[str, float] = defaultdict(float)
    first: dict[str, ov.ProfilingInfo] = {}
    limits = Limits(settings.duration_seconds, settings.niter, cancel)
    settling, latencies, plain_latencies, starts = Settling(), array("d"), array("d"), array("d")
    iterations, elapsed, next_report, extended = 0, 0.0, REPORT_EVERY_SECONDS, False
    began = time.perf_counter()
    while True:
        if not limits.running(iterations, elapsed):
            if not settling.go_on(elapsed):
                break
            extended = True
        starts.append(elapsed)
        infer(plain)  # alternately with counters and without: both see the same machine
        plain_latencies.append(plain.latency)
        infer(request)
        latencies.append(request.latency)
        layer_time = 0.0
        for info in request.profiling_info:
            seconds = info.real_time.total_seconds()
            real[info.node_name] += seconds
            layer_time += seconds
            cpu[info.node_name] += info.cpu_time.total_seconds()
            first.setdefault(info.node_name, info)
        settling.add(layer_time * 1000)
        iterations += 1
        elapsed = time.perf_counter() - began
        if elapsed >= next_report:
            stage = "profiling layers" + (f" until settled (±{settling.relative_error:.1%})" if extended else "")
            report(Progress(0.1 + 0.85 * limits.fraction(iterations, elapsed), stage))
            next_report = elapsed + REPORT_EVERY_SECONDS
    ops, edges = runtime_graph(compiled)
    layers = []
    for name, info in first.items():
        op = ops.get(name)
        precision = rt(op, "runtimePrecision") if op is not None else ""
        originals = [n for n in rt(op, "originalLayersNames").split(",") if n] if op is not None else []
        order = rt(op, "execOrder") if op is not None else ""
        layers.append(LayerRecord(
            name=name, type=info.node_type, exec_type=info.exec_type, precision=precision.upper() or "UNDEFINED",
            status=info.status.name, real_time_ms=real[name] * 1000 / iterations,
            cpu_time_ms=cpu[name] * 1000 / iterations, exec_order=int(order) if order.lstrip("-").isdigit() else None,
            original_layers=originals))
    nodes = [LayerRecord(name=name, type=rt(op, "layerType"), exec_type=rt(op, "primitiveType"),
                         precision=rt(op, "runtimePrecision").upper() or "UNDEFINED", status="",
                         real_time_ms=real.get(name, 0.0) * 1000 / iterations,
                         cpu_time_ms=cpu.get(name, 0.0) * 1000 / iterations,
                         original_layers=[n for n in rt(op, "originalLayersNames").split(",") if n])
             for name, op in ops.items()]
    report(Progress(0.98, "summarising"))
    profiled, plain_latency = latency_stats(latencies), latency_stats(plain_latencies)
    windows = stability(starts, 1)
    return LayerProfile(
        iterations=iterations, api=API, total_real_time_ms=sum(layer.real_time_ms for layer in layers),
        total_cv=settling.cv, latency=plain_latency, profiled_latency=profiled, stability=windows,
        stop_reason=stop_reason(settling, extended), noise=noise_notes(settling, plain_latency, profiled, windows),
        layers=layers,
        by_type=totals(layers, lambda layer: layer.type), by_precision=totals(layers, lambda layer: layer.precision),
        graph=RuntimeGraph(nodes=nodes, edges=edges),
        manifest=(manifest or {}) | {"openvino_version": ov.get_version(), "device": settings.device,
                                     "settings": settings.model_dump(mode="json"), "api": API.value,
                                     **precision_facts(compiled, settings.device),
                                     "counters": "summed over every iteration, averaged per inference",
                                     "stop_rule": f"the requested iterations/time, then until the mean layer time is "
                                                  f"known within ±{SETTLED:.0%} (at most {BUDGET_SECONDS:.0f} s)"})
