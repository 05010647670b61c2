from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum

from pydantic import Field, StrictInt, model_validator

from dlwb_common.api.common import PatchSchema, PrintableStr, Schema
from dlwb_common.precision import WeightPrecision


class ModelStatus(StrEnum):
    downloading = "downloading"
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
    weights_by_layer: dict[str, int] = {}  # weight precision -> compute layers (Convolution, MatMul...) with it


Dim = int | str  # a size, "?" (dynamic) or "a..b" (a range), as ovc writes them


class InputSetting(Schema):
    """One input's conversion settings, named as ovc / ov.convert_model / PrePostProcessor name them."""

    name: PrintableStr = Field(min_length=1)
    shape: list[Dim] | None = None
    layout: str | None = Field(default=None, pattern=r"^[A-Z?]{1,8}$", description="e.g. NCHW or NHWC")
    mean: list[float] | None = Field(default=None, max_length=16)
    scale: list[float] | None = Field(default=None, max_length=16)
    reverse_channels: bool = Field(default=False, description="RGB <-> BGR")

    @model_validator(mode="after")
    def channels_need_a_layout(self) -> InputSetting:
        if (self.mean or self.scale or self.reverse_channels) and not (self.layout and "C" in self.layout):
            raise ValueError("mean, scale and reverse_channels need a layout with a C dimension, e.g. NCHW")
        for dim in self.shape or []:
            if isinstance(dim, int) and dim < -1 or isinstance(dim, str) and not re.fullmatch(r"\?|\d+\.\.\d+", dim):
                raise ValueError(f"bad dimension {dim!r}: use a size, '?' or a range like '1..8'")
        return self


class ConversionSettings(Schema):
    inputs: list[InputSetting] = Field(default=[], max_length=64)
    outputs: list[str] = Field(default=[], max_length=64, description="cut the model at these outputs")
    precisions: list[Precision] = Field(
        default=[Precision.fp32, Precision.fp16], min_length=1, max_length=2,
        description="the IR variants to save; FP16 is ovc's compress_to_fp16 (weights in FP16)")

    @model_validator(mode="after")
    def distinct_precisions(self) -> ConversionSettings:
        if len(set(self.precisions)) != len(self.precisions):
            raise ValueError("each precision once")
        return self


class Origin(StrEnum):
    """How a model came to be: uploaded, imported from Open Model Zoo, or derived from a parent."""

    upload = "upload"
    omz = "omz"
    derived = "derived"
    int8 = "int8"


class UploadRef(Schema):
    upload_id: str
    sha256: str = Field(pattern=r"^[0-9a-fA-F]{64}$", description="of the whole file, checked before import")


class ModelImport(Schema):
    """Make a model of finished chunked uploads: one file, an archive, or the files of a multi-file model."""

    uploads: list[UploadRef] = Field(min_length=1, max_length=32)
    name: PrintableStr = Field(default="", max_length=200)
    settings: ConversionSettings = ConversionSettings()
    task: ModelTask | None = None


class ModelDerive(Schema):
    """A child model made from this model's FP32 IR with new settings (e.g. a reshape)."""

    name: PrintableStr = Field(default="", max_length=200)
    settings: ConversionSettings


class UploadCreate(Schema):
    filename: PrintableStr = Field(min_length=1, max_length=255)
    size: StrictInt = Field(ge=0, description="the whole file's size in bytes")


class UploadPublic(Schema):
    """A resumable upload: send bytes with PATCH at ``offset`` until it equals ``size``."""

    id: str
    filename: str
    size: int
    offset: int
    complete: bool
    created_at: datetime


class ModelUpdate(PatchSchema):
    clearable = frozenset({"task"})

    name: PrintableStr | None = Field(default=None, min_length=1, max_length=200)
    task: ModelTask | None = None


class TensorInfo(Schema):
    name: str
    shape: list[int | str]
    element_type: str
    layout: str | None = None


class ModelVariantPublic(Schema):
    precision: Precision  # the IR's folder: how the conversion saved its floating-point constants
    weight_precision: WeightPrecision | None = None  # what the weights are, read from the IR (None: converted
    # before the workbench read it; convert again)
    label: str  # the variant's name everywhere (lists, downloads): "FP32", "FP16", "INT8", "INT8-FP16"
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
    conversion_settings: ConversionSettings | None = None
    origin: Origin = Origin.upload
    parent_id: str | None = None
    omz_name: str | None = None
    weight_precision: WeightPrecision | None = Field(default=None, description="of the FP32 folder's IR (the "
                                                     "one projects use by default), read from the IR")
    precision_lineage: str | None = Field(default=None, description='e.g. "INT8 from FP32" for a child whose '
                                          "weights differ from its parent's")
    created_at: datetime


class LineageEntry(Schema):
    id: str
    name: str
    origin: Origin
    status: ModelStatus
    parent_id: str | None = None
    weight_precision: WeightPrecision | None = None


class ModelLineage(Schema):
    """Ancestors from the root down to the model's parent, and every descendant."""

    ancestors: list[LineageEntry]
    model: LineageEntry
    descendants: list[LineageEntry]


class GraphNode(Schema):
    id: str
    name: str
    type: str
    shape: list[int | str] = []
    element_type: str = ""
    attributes: dict[str, str] = {}


class GraphEdge(Schema):
    source: str
    target: str
    source_port: int = 0
    target_port: int = 0


class ModelGraph(Schema):
    """The IR graph for our own views; the raw IR files (Netron opens them) are served beside it."""

    precision: Precision
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    xml_url: str
    bin_url: str


class ModelsPublic(Schema):
    data: list[ModelPublic]
    count: int
