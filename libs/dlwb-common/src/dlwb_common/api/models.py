from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from dlwb_common.api.common import Schema


class ModelStatus(StrEnum):
    converting = "converting"
    ready = "ready"
    failed = "failed"


class Precision(StrEnum):
    fp32 = "FP32"
    fp16 = "FP16"


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
    created_at: datetime


class ModelsPublic(Schema):
    data: list[ModelPublic]
    count: int
