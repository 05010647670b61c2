"""The FP32-to-INT8 report: a verdict sentence first, then the figures and what to try when it is poor."""

from __future__ import annotations

from dlwb_common.api.calibration import CalibrationMethod, CalibrationReport, CalibrationStats, PrecisionCount
from dlwb_common.api.projects import ComparisonPublic
from dlwb_common.messages.agent import LayerProfile

COMPUTE_TYPES = {"Convolution", "GroupConvolution", "MatMul", "FullyConnected", "Deconvolution"}
LOW_INT8_SHARE = 0.8
LITTLE_SPEEDUP = 1.1
REORDER_SHARE = 0.1
LARGE_DROP = 0.01  # one point of top-1
MAX_LAYER_DELTAS = 20


def verdict(method: CalibrationMethod, throughput_ratio: float | None, latency_ratio: float | None,
            size_change: float, int8_share: float | None, stats: CalibrationStats) -> str:
    label = "Weight-compressed" if method == CalibrationMethod.weight_compression else "INT8"
    parts = []
    if throughput_ratio is not None:
        parts.append(f"{throughput_ratio:.2f}x throughput")
    if latency_ratio is not None:
        parts.append(f"{latency_ratio:.2f}x median latency")
    parts.append(f"{size_change:+.0%} size")
    if int8_share is not None:
        parts.append(f"{int8_share:.0%} of compute layers quantized")
    if stats.accuracy_before is not None and stats.accuracy_after is not None:
        delta = (stats.accuracy_after - stats.accuracy_before) * 100
        parts.insert(1 if throughput_ratio is not None else 0,
                     f"{delta:+.1f} pt {(stats.accuracy_metric or 'accuracy').split('_')[0]}")
        return f"{label}: {', '.join(parts)}."
    return f"{label}: {', '.join(parts)}; accuracy not measured (the dataset has no annotations)."


def advise(stats: CalibrationStats, int8_share: float | None, throughput_ratio: float | None,
           child: LayerProfile | None) -> list[str]:
    advice = []
    if int8_share is not None and int8_share < LOW_INT8_SHARE:
        advice.append(f"Only {int8_share:.0%} of compute layers are quantized ({len(stats.float_layers)} stayed in "
                      "floating point): check the ignored scope, try preset 'performance', or model type "
                      "'transformer' for transformer models.")
    if stats.accuracy_before is not None and stats.accuracy_after is not None \
            and stats.accuracy_before - stats.accuracy_after > LARGE_DROP:
        advice.append(f"Accuracy dropped {100 * (stats.accuracy_before - stats.accuracy_after):.1f} points: try "
                      "accuracy-aware quantization (it reverts the most sensitive layers), preset 'mixed', a larger "
                      "subset, or bias correction instead of fast bias correction.")
    if stats.dataset == "random" and stats.samples:
        advice.append("Statistics came from random inputs: import images of the deployment domain for a faithful "
                      "calibration and an accuracy check.")
    if throughput_ratio is not None and throughput_ratio < LITTLE_SPEEDUP:
        advice.append("Little or no speed-up: CPUs without VNNI/AMX (AVX2 only) gain little from INT8; measure on "
                      "the deployment target, and compare the per-layer times to see where the time goes.")
    if child is not None:
        reorder_ms = sum(layer.real_time_ms for layer in child.layers if layer.type == "Reorder")
        if child.total_real_time_ms and reorder_ms / child.total_real_time_ms > REORDER_SHARE:
            advice.append(f"Reorder layers take {reorder_ms / child.total_real_time_ms:.0%} of the time: layout or "
                          "precision conversions between INT8 and floating-point regions; quantizing the layers "
                          "around them (a smaller ignored scope) removes them.")
    return advice


def build(method: CalibrationMethod, stats: CalibrationStats, parent_size: int, child_size: int,
          comparison: ComparisonPublic | None = None, child_profile: LayerProfile | None = None,
          run_ids: dict[str, str] | None = None, layers: ComparisonPublic | None = None) -> CalibrationReport:
    size_change = child_size / parent_size - 1 if parent_size else 0.0
    int8_share = stats.quantized_layers / stats.compute_layers if stats.compute_layers else None
    throughput = comparison.throughput_ratio if comparison else None
    latency = comparison.latency_median_ratio if comparison else None
    counts, slowest = [], []
    if child_profile is not None:
        counts = [PrecisionCount(precision=total.key, layers=total.count, time_ms=total.real_time_ms)
                  for total in child_profile.by_precision]
        floating = [layer for layer in child_profile.layers if layer.status == "EXECUTED"
                    and layer.type in COMPUTE_TYPES and layer.precision.upper() not in ("I8", "U8", "I4", "U4")]
        slowest = [layer.name for layer in sorted(floating, key=lambda layer: -layer.real_time_ms)[:5]]
    return CalibrationReport(
        verdict=verdict(method, throughput, latency, size_change, int8_share, stats), throughput_ratio=throughput,
        latency_median_ratio=latency, parent_size_bytes=parent_size, child_size_bytes=child_size,
        size_change=size_change, int8_share=int8_share, precision_counts=counts, float_layers=stats.float_layers,
        slowest_float_layers=slowest, advice=advise(stats, int8_share, throughput, child_profile),
        layer_deltas=sorted(layers.layers, key=lambda d: -abs(d.delta_ms))[:MAX_LAYER_DELTAS] if layers else [],
        type_deltas=sorted(layers.by_type, key=lambda d: -abs(d.delta_ms)) if layers else [],
        accuracy_delta=(stats.accuracy_after - stats.accuracy_before
                        if stats.accuracy_before is not None and stats.accuracy_after is not None else None),
        **(run_ids or {}))
