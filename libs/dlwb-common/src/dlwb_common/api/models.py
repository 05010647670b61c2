from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from dlwb_common.api.common import Schema


class ModelStatus(StrEnum):
    converting = "converting"
    ready = "ready"
    failed = "failed"


class Precision(StrEnum):
    fp32 = "FP32"
    fp16 = "FP16"


class ModelTask(StrEnum):
    """The nine model tasks of the original workbench."""

    classification = "classification"
    object_detection = "object_detection"
    instance_segmentation = "instance_segmentation"
    semantic_segmentation = "semantic_segmentation"
    inpainting = "inpainting"
    super_resolution = "super_resolution"
    style_transfer = "style_transfer"
    facial_landmarks = "facial_landmarks"
    face_recognition = "face_recognition"


class ModelAnalysis(Schema):
    operations: dict[str, int]  # operation type -> count (constants left out)
    parameters: int  # elements of floating-point constants
    macs: int  # multiply-accumulates of Convolution, GroupConvolution and MatMul at the static shape
    gflops: float  # 2 x MACs / 1e9
    weights_bytes: int
    weights_by_precision: dict[str, int]  # element type -> bytes of constants (the IR file may be smaller: it
    # stores equal constants once)
    opsets: list[str]
    task_guess: ModelTask | None = None


class ModelUpdate(Schema):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    task: ModelTask | None = None


class TensorInfo(Schema):
    name: str
    shape: list[int | str]
    element_type: str


class ModelVariantPublic(Schema):
    precision: Precision
    xml_sha256: str
    bin_sha256: str
    size_bytes: int


class ModelPublic(Schema):
    id: str
    name: str
    framework: str
    source_filename: str
    source_sha256: str
    source_size: int
    status: ModelStatus
    conversion_job_id: str | None = None
    inputs: list[TensorInfo] = []
    outputs: list[TensorInfo] = []
    variants: list[ModelVariantPublic] = []
    analysis: ModelAnalysis | None = None
    task: ModelTask | None = None
    created_at: datetime


class ModelsPublic(Schema):
    data: list[ModelPublic]
    count: int
