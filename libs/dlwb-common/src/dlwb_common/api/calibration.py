"""INT8 calibration (NNCF): requests, the job's record, and the FP32-to-INT8 comparison report."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from dlwb_common.api.accuracy import AccuracyConfig
from dlwb_common.api.common import PrintableStr, Schema
from dlwb_common.api.projects import LayerDelta
from dlwb_common.messages.jobs import Job


class CalibrationMethod(StrEnum):
    default = "default"  # nncf.quantize
    accuracy_aware = "accuracy_aware"  # nncf.quantize_with_accuracy_control
    weight_compression = "weight_compression"  # nncf.compress_weights


class QuantizationPreset(StrEnum):
    performance = "performance"  # symmetric weights and activations
    mixed = "mixed"  # symmetric weights, asymmetric activations


class WeightMode(StrEnum):
    int8_asym = "INT8_ASYM"
    int8_sym = "INT8_SYM"
    int4_sym = "INT4_SYM"
    int4_asym = "INT4_ASYM"


class IgnoredScope(Schema):
    """Operations left in floating point, by exact name, by type, or by regular expression on the name."""

    names: list[str] = Field(default=[], max_length=1000)
    types: list[str] = Field(default=[], max_length=100)
    patterns: list[str] = Field(default=[], max_length=100)


class QuantizeSettings(Schema):
    """What NNCF is asked to do; named as nncf names them."""

    model_config = ConfigDict(extra="forbid")

    method: CalibrationMethod = CalibrationMethod.default
    preset: QuantizationPreset = QuantizationPreset.performance
    subset_size: int | None = Field(default=None, ge=1, le=100_000, description="samples for statistics")
    subset_percent: float | None = Field(default=None, gt=0, le=100, description="or a share of the dataset")
    fast_bias_correction: bool = True
    model_type: Literal["transformer"] | None = None
    ignored_scope: IgnoredScope = IgnoredScope()
    max_drop: float = Field(default=0.01, gt=0, le=100, description="accuracy-aware: the largest drop allowed")
    drop_type: Literal["absolute", "relative"] = "absolute"
    weight_mode: WeightMode = WeightMode.int8_asym
    ratio: float = Field(default=1.0, gt=0, le=1, description="INT4 modes: share of layers in INT4, rest INT8")
    group_size: int = Field(default=-1, ge=-1, le=4096, description="INT4 modes: weights per scale (-1: per channel)")

    @model_validator(mode="after")
    def one_subset(self) -> QuantizeSettings:
        if self.subset_size is not None and self.subset_percent is not None:
            raise ValueError("give subset_size or subset_percent, not both")
        return self


class CalibrationCreate(QuantizeSettings):
    project_id: str = Field(min_length=1, max_length=64)
    name: PrintableStr = Field(default="", max_length=200)
    run_on: Literal["service", "target"] = Field(
        default="service", description="calibrate in the calibration-service, or on the project's target (its "
                                       "agent needs the calibration extra)")
    compare: bool = Field(default=True, description="benchmark parent and child side by side afterwards")
    compare_seconds: float = Field(default=5.0, ge=0.5, le=120)
    accuracy: AccuracyConfig | None = Field(
        default=None, description="the pre-processing and output adapter for the calibration images and the "
                                  "accuracy check, as the accuracy form shows them; default: the project's saved "
                                  "configuration (the calibration records which it used)")


class SettingsSource(StrEnum):
    request = "request"  # sent with the calibration request
    saved = "saved"  # the project's saved accuracy configuration
    default = "default"  # nothing sent, nothing saved: the defaults


class AccuracySettingsUsed(Schema):
    """The accuracy configuration a calibration ran with, and where it came from."""

    config: AccuracyConfig
    source: SettingsSource
    matches_saved: bool = Field(description="the project's saved configuration is the same")


class CalibrationStats(Schema):
    """What NNCF produced, read back from the child's graph."""

    fake_quantize: int = 0
    compute_layers: int = 0  # Convolution, GroupConvolution, MatMul, ConvolutionBackpropData
    quantized_layers: int = 0  # of those, with a FakeQuantize on their activations
    float_layers: list[str] = []  # compute layers left in floating point
    compressed_weights: int = 0  # weight constants stored as 8- or 4-bit
    samples: int = 0
    seconds: float = 0.0
    dataset: str = "random"  # what the statistics were collected on: random inputs or the dataset's images
    accuracy_metric: str | None = None  # measured on the annotated dataset before and after, same images
    accuracy_before: float | None = None
    accuracy_after: float | None = None
    validation_images: int = 0
    reverted_layers: list[str] = []  # accuracy-aware: layers put back to floating point to meet max_drop
    inference_precision: str | None = None  # what the accuracy check computed in (the FP32 parent's compile)
    cpu_isa: str | None = None  # of the machine that calibrated and checked the accuracy


class AccuracyComparison(Schema):
    """FP32 parent and INT8 child on the same images, in percent; the difference in points."""

    metric: str
    images: int
    fp32_percent: float
    int8_percent: float
    delta_points: float  # int8 - fp32


class ReportSettings(Schema):
    """What the calibration ran with, so that the figures can be read (and reproduced)."""

    preprocessing: str  # e.g. "stretch, GRAY, mean 0, scale 255"
    adapter: str
    source: SettingsSource
    matches_saved: bool
    dataset_id: str
    dataset: str  # e.g. "imported classification, 500 images" or "random inputs, 16"
    subset_size: int  # the samples NNCF collected statistics on
    validation_images: int = 0
    check_precision: str | None = None  # the accuracy check's inference precision (calibrating machine)
    check_cpu_isa: str | None = None
    benchmark_precision: str | None = None  # the parent's benchmark on the target, from its run manifest
    cpu_isa: str | None = None  # the target's, from the run manifests


class PrecisionCount(Schema):
    precision: str
    layers: int
    time_ms: float


class CalibrationReport(Schema):
    """Parent (A) against INT8 child (B). Ratios are B / A."""

    verdict: str
    throughput_ratio: float | None = None
    latency_median_ratio: float | None = None
    parent_size_bytes: int
    child_size_bytes: int
    size_change: float  # child / parent - 1
    int8_share: float | None = None  # quantized compute layers / compute layers
    precision_counts: list[PrecisionCount] = []  # by the precision each layer ran in (child's layer profile)
    float_layers: list[str] = []
    slowest_float_layers: list[str] = []
    parent_benchmark_id: str | None = None
    child_benchmark_id: str | None = None
    parent_profile_id: str | None = None
    child_profile_id: str | None = None
    accuracy: AccuracyComparison | None = None  # measured on annotated classification images
    accuracy_note: str | None = None  # why the accuracy was not measured, when it was not
    settings: ReportSettings | None = None
    layer_deltas: list[LayerDelta] = []  # per-layer time, child - parent, largest changes first (top 20)
    type_deltas: list[LayerDelta] = []  # per operation type
    advice: list[str] = []


class CalibrationPublic(Schema):
    id: str
    name: str
    project_id: str
    parent_model_id: str | None = None
    job: Job
    settings: CalibrationCreate
    accuracy_settings: AccuracySettingsUsed | None = None  # resolved when the calibration was created
    child_model_id: str | None = None
    child_project_id: str | None = None
    stats: CalibrationStats | None = None
    report: CalibrationReport | None = None
    created_at: datetime


class CalibrationsPublic(Schema):
    data: list[CalibrationPublic]
    count: int
