"""Accuracy measurement: the configuration (pre-processing, output adapter), per-image results and metrics."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt, PositiveInt

from dlwb_common.messages.jobs import Job, queue_timeout_field
from dlwb_common.precision import InferencePrecision, RunPrecision


class ResizeMode(StrEnum):
    stretch = "stretch"  # to the input size, aspect ratio not kept
    letterbox = "letterbox"  # kept, padded with 114 (YOLO style)
    center_crop = "center_crop"  # kept, shorter side to the input size, centre cut out


class ColorOrder(StrEnum):
    rgb = "RGB"
    bgr = "BGR"
    gray = "GRAY"


class Preprocessing(BaseModel):
    """From an image file to the model's input: resize, colour order, then (x - mean) / scale per channel
    on pixel values 0..255; the layout and size come from the model's input."""

    model_config = ConfigDict(extra="forbid")

    resize: ResizeMode = ResizeMode.stretch
    layout: Literal["NCHW", "NHWC"] | None = Field(default=None, description="default: the layout the model "
                                                   "declares, else the dimension of size 1 or 3 is the channels")
    color: ColorOrder | None = Field(default=None, description="default: GRAY for 1 channel, else RGB")
    mean: list[Annotated[float, Field(allow_inf_nan=False)]] = Field(
        default=[], max_length=4, description="one value, or one per channel of the model's image input")
    scale: list[Annotated[float, Field(gt=0, allow_inf_nan=False)]] = Field(
        default=[], max_length=4, description="divisors above 0: one value, or one per channel")


class AdapterKind(StrEnum):
    classification = "classification"  # scores or logits [N, classes]
    ssd = "ssd"  # DetectionOutput [1, 1, N, 7]
    yolo_v3 = "yolo_v3"  # raw heads per stride (v3/v4), decoded with the configured anchors
    yolo_v5 = "yolo_v5"  # raw heads per stride, YOLOv5's decoding
    yolo_v8 = "yolo_v8"  # [1, 4 + classes, N], boxes cx, cy, w, h in input pixels
    blazeface = "blazeface"  # MediaPipe SSD anchors: regressors [1, A, 4+], scores [1, A, 1] (logits)
    yolox = "yolox"  # YOLOX raw grid [1, N, 5 + classes]: offsets per stride cell, objectness and classes
    boxes = "boxes"  # generic: [N, 4] boxes (+ scores, labels outputs), or [N, 5/6] rows
    segmentation = "segmentation"  # per-pixel class scores [1, C, H, W] (or class ids [1, H, W])
    image = "image"  # an image out: super-resolution, inpainting, style transfer ([1, C, H, W], 0..output_scale)
    landmarks = "landmarks"  # [1, 2K] or [1, K, 2] points (x, y), normalised to the input or in input pixels
    embedding = "embedding"  # a face descriptor [1, D]; pairs are compared by cosine similarity
    instance_masks = "instance_masks"  # Mask R-CNN style: boxes [N, 5] (x1, y1, x2, y2, score), labels [N],
    # masks [N, h, w] per box (probabilities), boxes in input pixels


# the dataset tasks each adapter can score
TASKS_OF_ADAPTER = {AdapterKind.classification: {"classification"},
                    AdapterKind.ssd: {"object_detection", "instance_segmentation"},
                    AdapterKind.yolo_v3: {"object_detection", "instance_segmentation"},
                    AdapterKind.yolo_v5: {"object_detection", "instance_segmentation"},
                    AdapterKind.yolo_v8: {"object_detection", "instance_segmentation"},
                    AdapterKind.blazeface: {"object_detection"},
                    AdapterKind.yolox: {"object_detection"},
                    AdapterKind.boxes: {"object_detection", "instance_segmentation"},
                    AdapterKind.segmentation: {"semantic_segmentation"},
                    AdapterKind.image: {"super_resolution", "inpainting", "style_transfer"},
                    AdapterKind.landmarks: {"facial_landmarks"},
                    AdapterKind.embedding: {"face_recognition"},
                    AdapterKind.instance_masks: {"instance_segmentation"}}


class AccuracyConfig(BaseModel):
    """How to run a model on an annotated dataset and score it. Saved per project, editable, exportable."""

    model_config = ConfigDict(extra="forbid")

    preprocessing: Preprocessing = Preprocessing()
    adapter: AdapterKind = AdapterKind.classification
    background_offset: int = Field(default=0, ge=0, le=1, description="1: class 0 of the output is background")
    confidence_threshold: float = Field(default=0.01, ge=0, le=1)
    nms_iou: float = Field(default=0.45, gt=0, le=1)
    voc_11_point: bool = Field(default=False, description="VOC mAP by the 11-point interpolation (VOC2007), "
                                                          "not the area under the curve (VOC2010+)")
    max_samples: int | None = Field(default=None, ge=1)
    batch: int = Field(default=8, ge=1, le=256, description="images per inference where the model can take a "
                                                             "batch and its outputs are per image; else 1")
    output_scale: float = Field(default=255.0, gt=0, description="image adapter: the output's value for white")
    ignore_index: int = Field(default=255, ge=0, le=65535, description="segmentation: mask value not scored")
    landmarks_normalized: bool = Field(default=True, description="landmarks: coordinates in 0..1 of the input")
    nme_normalization: Literal["interocular", "bbox_diagonal", "bbox_size"] = "interocular"
    eye_indices: tuple[NonNegativeInt, NonNegativeInt] = Field(default=(0, 1), description="landmarks: eye points")
    anchor_strides: list[PositiveInt] = Field(default=[8, 16], description="BlazeFace: feature map strides")
    grid_strides: list[PositiveInt] = Field(default=[8, 16, 32], description="YOLOX: the heads' strides")
    anchors_per_cell: list[int] = Field(default=[2, 6], description="BlazeFace: anchors per cell at each stride")
    anchors: list[list[float]] = Field(
        default=[[10, 13, 16, 30, 33, 23], [30, 61, 62, 45, 59, 119], [116, 90, 156, 198, 373, 326]],
        description="YOLO v3/v5: anchor (w, h) pairs per head, smallest stride first (the heads are sorted "
                    "by their grid size)")


class MetricValue(BaseModel):
    name: str
    value: float
    unit: str = ""
    higher_is_better: bool = True


class ImageResult(BaseModel):
    """One image: classification as top-5 classes and scores; detection as boxes, labels and scores."""

    index: int
    label: int | None = None
    predicted: list[int] = []
    scores: list[float] = []
    boxes: list[list[float]] = []
    correct: bool | None = None
    values: dict[str, float] = {}  # per-image figures: pixel accuracy, PSNR, SSIM


class AccuracyResult(BaseModel):
    task: str
    metrics: list[MetricValue]
    images: list[ImageResult]
    samples: int
    seconds: float
    images_per_second: float
    manifest: dict[str, object] = {}
    warnings: list[str] = Field(default=[], description="measured on the target: e.g. a better input scale")


class AccuracyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    config: AccuracyConfig = AccuracyConfig()
    device: str | None = Field(default=None, min_length=1, max_length=64)
    queue_timeout_seconds: float | None = queue_timeout_field()
    infer_precision: InferencePrecision | None = Field(
        default=None, description="the element type to compute in; default: what the device would use in "
                                  "deployment (bf16 on CPUs with AMX). The result records what really ran")


class AccuracyPublic(BaseModel):
    id: str
    project_id: str
    config: AccuracyConfig
    job: Job
    result: AccuracyResult | None = None
    verdict: str | None = None
    warnings: list[str] = Field(default=[], description="signs that the pre-processing is wrong (predictions "
                                                        "collapsed on few classes, top-1 near chance)")
    ran_in: RunPrecision | None = None  # the precision asked for and the one that ran (None: not recorded)


class AccuraciesPublic(BaseModel):
    data: list[AccuracyPublic]
    count: int


class AgreementPublic(BaseModel):
    """Two runs on the same dataset compared image by image, annotations not needed: how often B's
    prediction agrees with A's (top-1 for classification, matched boxes for detection)."""

    a: str
    b: str
    verdict: str
    images: int
    agreement: float
    precision_differences: list[str] = []  # weights or inference precisions that differ (B vs A)
    metric_deltas: dict[str, float] = {}  # B - A, for the metrics both have
    disagreements: list[int] = []  # image indices, first 100


class Prediction(BaseModel):
    """One image through a model (single-image test), read as its task: top-5 classes; boxes in the
    image's pixels; a segmentation map or an output image as a PNG; landmark points."""

    task: str
    width: int
    height: int
    labels: list[int]
    names: list[str]
    scores: list[float]  # classification: top-5 scores; detection: box scores; segmentation: area shares
    boxes: list[list[float]] = []
    points: list[list[float]] = []  # landmarks, in the image's pixels
    overlay_png: str | None = None  # base64 PNG: a segmentation map (RGBA, image size) or an output image

class OutputDistanceRequest(BaseModel):
    """Run model A and model B on the same inputs: the dataset's images (with ``config``'s pre-processing)
    or its generated inputs."""

    model_config = ConfigDict(extra="forbid")

    b: str = Field(description="the other model, e.g. the INT8 child")
    precision_a: str = "FP32"
    precision_b: str = "FP32"
    dataset_id: str
    samples: int = Field(default=16, ge=1, le=256)
    config: AccuracyConfig = AccuracyConfig()


class OutputDistance(BaseModel):
    name: str
    shape: list[int]
    mean_abs: float  # mean over samples of the mean absolute difference
    max_abs: float  # the largest absolute difference seen
    cosine: float  # mean cosine similarity of the flattened outputs
    relative_l2: float  # mean ||a - b|| / ||a||


class OutputDistancePublic(BaseModel):
    verdict: str
    a: str
    b: str
    samples: int
    outputs: list[OutputDistance]
