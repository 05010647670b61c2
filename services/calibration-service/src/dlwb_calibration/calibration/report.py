"""The FP32-to-INT8 report: a verdict sentence first, then the figures, the settings they were measured with,
and what to try when it is poor."""

from __future__ import annotations

from dataclasses import dataclass

from dlwb_calibration.calibration.comparison import Comparison
from dlwb_common.api.calibration import (
    AccuracyComparison,
    CalibrationMethod,
    CalibrationReport,
    CalibrationStats,
    PrecisionCount,
    ReportSettings,
)
from dlwb_common.messages.agent import LayerProfile

COMPUTE_TYPES = {"Convolution", "GroupConvolution", "MatMul", "FullyConnected", "Deconvolution"}
LOW_INT8_SHARE = 0.8
LITTLE_SPEEDUP = 1.1
REORDER_SHARE = 0.1
LARGE_DROP_POINTS = 1.0  # one point of top-1
MAX_LAYER_DELTAS = 20
INT8_ISAS = ("AMX", "AVX-512 VNNI")  # with 8-bit dot-product instructions (device_facts.ISA_FLAGS)


@dataclass
class Inputs:
    method: CalibrationMethod
    stats: CalibrationStats
    parent_size: int
    child_size: int
    settings: ReportSettings | None = None
    accuracy_note: str | None = None


def compared_accuracy(stats: CalibrationStats) -> AccuracyComparison | None:
    if stats.accuracy_before is None or stats.accuracy_after is None:
        return None
    before, after = 100 * stats.accuracy_before, 100 * stats.accuracy_after
    return AccuracyComparison(metric=(stats.accuracy_metric or "accuracy").split("_")[0],
                              images=stats.validation_images, fp32_percent=before, int8_percent=after,
                              delta_points=after - before)


def verdict(method: CalibrationMethod, throughput_ratio: float | None, latency_ratio: float | None,
            size_change: float, int8_share: float | None, accuracy: AccuracyComparison | None,
            note: str | None) -> str:
    label = "Weight-compressed" if method == CalibrationMethod.weight_compression else "INT8"
    parts = []
    if throughput_ratio is not None:
        parts.append(f"{throughput_ratio:.2f}x throughput")
    if latency_ratio is not None:
        parts.append(f"{latency_ratio:.2f}x median latency")
    parts.append(f"{size_change:+.0%} size")
    if int8_share is not None:
        parts.append(f"{int8_share:.0%} of compute layers quantized")
    if accuracy is not None:
        parts.insert(1 if throughput_ratio is not None else 0,
                     f"{accuracy.metric} {accuracy.fp32_percent:.1f} % -> {accuracy.int8_percent:.1f} % "
                     f"({accuracy.delta_points:+.1f} pt)")
        return f"{label}: {', '.join(parts)}."
    return f"{label}: {', '.join(parts)}; accuracy not measured ({note or 'no annotated images'})."


def speed_advice(isa: str | None, parent_precision: str | None) -> str:
    """Why INT8 gained little, from the CPU the comparison really ran on (its run manifest)."""
    if isa in INT8_ISAS:
        already = (" The FP32 parent already ran in bf16 (OpenVINO's default on AMX), so INT8 had less to gain."
                   if parent_precision == "bf16" else "")
        return (f"Little or no speed-up although this CPU has {isa}, which INT8 uses.{already} Small or memory-bound "
                "models gain little; compare the per-layer times to see where the time goes (layers left in "
                "floating point, Reorder).")
    if isa is not None and isa.startswith(("AVX", "SSE")):
        return (f"Little or no speed-up: this CPU has {isa} without VNNI or AMX, so INT8 has no 8-bit dot-product "
                "instructions here and gains little; measure on the deployment target.")
    return ("Little or no speed-up: measure on the deployment target, and compare the per-layer times to see where "
            "the time goes.")


def advise(stats: CalibrationStats, int8_share: float | None, throughput_ratio: float | None,
           child: LayerProfile | None, accuracy: AccuracyComparison | None, settings: ReportSettings | None
           ) -> list[str]:
    advice = []
    if int8_share is not None and int8_share < LOW_INT8_SHARE:
        advice.append(f"Only {int8_share:.0%} of compute layers are quantized ({len(stats.float_layers)} stayed in "
                      "floating point): check the ignored scope, try preset 'performance', or model type "
                      "'transformer' for transformer models.")
    if accuracy is not None and -accuracy.delta_points > LARGE_DROP_POINTS:
        advice.append(f"Accuracy dropped {-accuracy.delta_points:.1f} points: try accuracy-aware quantization (it "
                      "reverts the most sensitive layers), preset 'mixed', a larger subset, or bias correction "
                      "instead of fast bias correction.")
    if stats.dataset == "random" and stats.samples:
        advice.append("Statistics came from random inputs: import images of the deployment domain for a faithful "
                      "calibration and an accuracy check.")
    if throughput_ratio is not None and throughput_ratio < LITTLE_SPEEDUP:
        advice.append(speed_advice(settings.cpu_isa if settings else None,
                                   settings.benchmark_precision if settings else None))
    if child is not None:
        reorder_ms = sum(layer.real_time_ms for layer in child.layers if layer.type == "Reorder")
        if child.total_real_time_ms and reorder_ms / child.total_real_time_ms > REORDER_SHARE:
            advice.append(f"Reorder layers take {reorder_ms / child.total_real_time_ms:.0%} of the time: layout or "
                          "precision conversions between INT8 and floating-point regions; quantizing the layers "
                          "around them (a smaller ignored scope) removes them.")
    return advice


def build(inputs: Inputs, compared: Comparison | None = None) -> CalibrationReport:
    compared = compared or Comparison()
    stats, comparison, layers = inputs.stats, compared.benchmarks, compared.layers
    child_profile = compared.child_profile
    size_change = inputs.child_size / inputs.parent_size - 1 if inputs.parent_size else 0.0
    int8_share = stats.quantized_layers / stats.compute_layers if stats.compute_layers else None
    throughput = comparison.throughput_ratio if comparison else None
    latency = comparison.latency_median_ratio if comparison else None
    accuracy = compared_accuracy(stats)
    counts, slowest = [], []
    if child_profile is not None:
        counts = [PrecisionCount(precision=total.key, layers=total.count, time_ms=total.real_time_ms)
                  for total in child_profile.by_precision]
        floating = [layer for layer in child_profile.layers if layer.status == "EXECUTED"
                    and layer.type in COMPUTE_TYPES and layer.precision.upper() not in ("I8", "U8", "I4", "U4")]
        slowest = [layer.name for layer in sorted(floating, key=lambda layer: -layer.real_time_ms)[:5]]
    return CalibrationReport(
        verdict=verdict(inputs.method, throughput, latency, size_change, int8_share, accuracy, inputs.accuracy_note),
        throughput_ratio=throughput, latency_median_ratio=latency, parent_size_bytes=inputs.parent_size,
        child_size_bytes=inputs.child_size, size_change=size_change, int8_share=int8_share,
        precision_counts=counts, float_layers=stats.float_layers, slowest_float_layers=slowest,
        advice=advise(stats, int8_share, throughput, child_profile, accuracy, inputs.settings),
        layer_deltas=sorted(layers.layers, key=lambda d: -abs(d.delta_ms))[:MAX_LAYER_DELTAS] if layers else [],
        type_deltas=sorted(layers.by_type, key=lambda d: -abs(d.delta_ms)) if layers else [],
        accuracy=accuracy, accuracy_note=None if accuracy else inputs.accuracy_note, settings=inputs.settings,
        **compared.run_ids)
