"""The FP32-to-INT8 report's words: accuracy in percent with the difference in points, "not measured" only
when it was not (and why), the settings it ran with, and speed advice from the CPU the comparison ran on."""

from __future__ import annotations

import pytest

from dlwb_calibration.calibration import report, report_settings
from dlwb_calibration.calibration.comparison import Comparison
from dlwb_common.api.accuracy import AccuracyConfig, AdapterKind, Preprocessing
from dlwb_common.api.calibration import (
    AccuracySettingsUsed,
    CalibrationMethod,
    CalibrationStats,
    SettingsSource,
)
from dlwb_common.api.projects import ComparisonPublic, RunSummary
from dlwb_common.messages.agent import DatasetSpec

MEASURED = CalibrationStats(compute_layers=3, quantized_layers=3, samples=100, dataset="images",
                            accuracy_metric="top1_accuracy", accuracy_before=0.894, accuracy_after=0.891,
                            validation_images=300, inference_precision="f32", cpu_isa="AVX2")
FASHION = DatasetSpec(kind="imported", count=500, task="classification")


def inputs(stats: CalibrationStats, dataset: DatasetSpec = FASHION, config: AccuracyConfig | None = None,
           manifest: dict[str, object] | None = None) -> report.Inputs:
    config = config or AccuracyConfig(preprocessing=Preprocessing(scale=[255]))
    used = AccuracySettingsUsed(config=config, source=SettingsSource.request, matches_saved=False)
    return report.Inputs(method=CalibrationMethod.default, stats=stats, parent_size=1000, child_size=300,
                         settings=report_settings.settings_of(used, "ds_1", dataset, stats, manifest or {}),
                         accuracy_note=report_settings.accuracy_note(CalibrationMethod.default, dataset, config, stats))


def slow(isa: str | None, precision: str = "f32") -> Comparison:
    manifest = {"cpu_isa": isa, "inference_precision": precision} if isa else {}
    run = RunSummary(id="r", project_id="p", project_name="p", precision="FP32", weights="FP32", target_id="local",
                     device="CPU")
    return Comparison(benchmarks=ComparisonPublic(a=run, b=run, verdict="", throughput_ratio=1.02),
                      parent_manifest=manifest)


def test_accuracy_is_in_percent_side_by_side_with_points() -> None:
    built = report.build(inputs(MEASURED))
    assert built.accuracy is not None
    assert (built.accuracy.fp32_percent, built.accuracy.int8_percent) == pytest.approx((89.4, 89.1))
    assert built.accuracy.delta_points == pytest.approx(-0.3) and built.accuracy.images == 300
    assert "top1 89.4 % -> 89.1 % (-0.3 pt)" in built.verdict and "not measured" not in built.verdict
    assert built.accuracy_note is None
    assert "0.89" not in built.verdict and "-0.003" not in built.model_dump_json()  # no raw fractions


def test_the_report_states_the_settings_it_ran_with() -> None:
    settings = report.build(inputs(MEASURED, manifest={"cpu_isa": "AMX", "inference_precision": "bf16"})).settings
    assert settings is not None
    assert "scale 255" in settings.preprocessing and settings.adapter == "classification"
    assert (settings.source, settings.matches_saved) == (SettingsSource.request, False)
    assert settings.dataset == "500 imported images (classification)" and settings.dataset_id == "ds_1"
    assert (settings.subset_size, settings.validation_images) == (100, 300)
    assert (settings.check_precision, settings.check_cpu_isa) == ("f32", "AVX2")
    assert (settings.benchmark_precision, settings.cpu_isa) == ("bf16", "AMX")


@pytest.mark.parametrize(("dataset", "config", "why"), [
    (DatasetSpec(kind="random", count=16), None, "random inputs, which have no annotations"),
    (DatasetSpec(kind="imported", count=5), None, "has no annotations"),
    (DatasetSpec(kind="imported", count=5, task="object_detection"), None, "this dataset is object_detection"),
    (FASHION, AccuracyConfig(adapter=AdapterKind.boxes), "the settings use boxes")])
def test_not_measured_says_why(dataset: DatasetSpec, config: AccuracyConfig | None, why: str) -> None:
    stats = CalibrationStats(compute_layers=3, quantized_layers=3, samples=16)
    built = report.build(inputs(stats, dataset, config))
    assert built.accuracy is None and built.accuracy_note is not None and why in built.accuracy_note
    assert built.verdict.endswith(f"accuracy not measured ({built.accuracy_note}).")


@pytest.mark.parametrize(("isa", "precision", "says", "never"), [
    ("AMX", "bf16", "although this CPU has AMX, which INT8 uses. The FP32 parent already ran in bf16", "without"),
    ("AVX-512 VNNI", "f32", "although this CPU has AVX-512 VNNI, which INT8 uses.", "bf16"),
    ("AVX2", "f32", "this CPU has AVX2 without VNNI or AMX", "which INT8 uses"),
    (None, "f32", "measure on the deployment target", "VNNI")])
def test_speed_advice_follows_the_measured_isa(isa: str | None, precision: str, says: str, never: str) -> None:
    compared = slow(isa, precision)
    built = report.build(inputs(MEASURED, manifest=compared.parent_manifest), compared)
    advice = [line for line in built.advice if "speed-up" in line]
    assert len(advice) == 1 and says in advice[0] and never not in advice[0], advice


def test_a_large_drop_is_advised_in_points() -> None:
    dropped = MEASURED.model_copy(update={"accuracy_after": 0.80})
    advice = report.build(inputs(dropped)).advice
    assert any(line.startswith("Accuracy dropped 9.4 points") for line in advice), advice
