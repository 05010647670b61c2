"""What a calibration report says about the settings it ran with, and why accuracy was not measured when
it was not: the figures of a report are only as good as the pre-processing behind them."""

from __future__ import annotations

from dlwb_common.api.accuracy import AccuracyConfig, AdapterKind, Preprocessing
from dlwb_common.api.calibration import (
    AccuracySettingsUsed,
    CalibrationMethod,
    CalibrationStats,
    ReportSettings,
)
from dlwb_common.messages.agent import DatasetSpec


def values(numbers: list[float]) -> str:
    return ", ".join(f"{n:g}" for n in numbers)


def preprocessing_summary(p: Preprocessing) -> str:
    """E.g. "resize stretch, colour GRAY, mean none, scale 255, layout as the model declares"."""
    return ", ".join([f"resize {p.resize.value}", f"colour {p.color.value if p.color else 'by channel count'}",
                      f"mean {values(p.mean) if p.mean else 'none'}", f"scale {values(p.scale) if p.scale else 'none'}",
                      f"layout {p.layout or 'as the model declares'}"])


def dataset_summary(dataset: DatasetSpec) -> str:
    if dataset.kind != "imported":
        return f"{dataset.count:,} random inputs (no annotations)"
    return f"{dataset.count:,} imported images ({dataset.task or 'no annotations'})"


def settings_of(used: AccuracySettingsUsed, dataset_id: str, dataset: DatasetSpec, stats: CalibrationStats,
                parent_manifest: dict[str, object]) -> ReportSettings:
    def fact(key: str) -> str | None:
        value = parent_manifest.get(key)
        return str(value) if value is not None else None

    return ReportSettings(
        preprocessing=preprocessing_summary(used.config.preprocessing), adapter=used.config.adapter.value,
        source=used.source, matches_saved=used.matches_saved, dataset_id=dataset_id, dataset=dataset_summary(dataset),
        subset_size=stats.samples, validation_images=stats.validation_images,
        check_precision=stats.inference_precision, check_cpu_isa=stats.cpu_isa,
        benchmark_precision=fact("inference_precision"), cpu_isa=fact("cpu_isa"))


def accuracy_note(method: CalibrationMethod, dataset: DatasetSpec, config: AccuracyConfig,
                  stats: CalibrationStats) -> str | None:
    """Why the FP32-to-INT8 accuracy check did not run (None when it did)."""
    if stats.accuracy_before is not None and stats.accuracy_after is not None:
        return None
    if dataset.kind != "imported":
        return "the project's dataset is random inputs, which have no annotations to score against"
    if dataset.task is None:
        return "the project's dataset has no annotations"
    if dataset.task != "classification":
        return (f"the check scores top-1 on classification datasets and this dataset is {dataset.task}: measure the "
                "INT8 project's accuracy to compare")
    if config.adapter != AdapterKind.classification:
        return f"the check scores top-1 with the classification adapter and the settings use {config.adapter.value}"
    if method == CalibrationMethod.weight_compression:
        return "weight compression was not checked"
    return "no annotated image among the samples"
