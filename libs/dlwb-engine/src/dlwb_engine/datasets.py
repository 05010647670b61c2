"""An imported dataset where it runs: its tar (fetched by sha256) extracted once, and each image turned
into a model input by the accuracy configuration's pre-processing."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import openvino as ov
from PIL import Image

from dlwb_common.api.accuracy import ColorOrder, Preprocessing, ResizeMode
from dlwb_common.errors import InvalidInputError
from dlwb_common.messages.agent import ArtifactRef
from dlwb_common.messages.datasets import Manifest
from dlwb_engine.archives import extract
from dlwb_engine.artifacts import ArtifactCache
from dlwb_metrics.detection_adapters import ImageTransform

LETTERBOX_FILL = 114


def open_dataset(archive: Path, cache: Path, sha256: str) -> tuple[Path, Manifest]:
    """The folder of the samples' files and the manifest of a dataset tar (extracted safely, once per sha256)."""
    folder = cache / sha256
    if not (folder / "manifest.json").exists():
        shutil.rmtree(folder, ignore_errors=True)
        extract(archive, folder, original_name="dataset.tar", max_bytes=64 * 1024**3)
    return folder / "files", Manifest.model_validate_json((folder / "manifest.json").read_text())


@dataclass(frozen=True)
class CachedDataset:
    files: Path
    manifest_path: Path
    manifest: Manifest


def fetch_dataset(cache: ArtifactCache, archive: ArtifactRef) -> CachedDataset:
    """An imported dataset's tar fetched into the artifact cache by sha256 and extracted there once."""
    [tar] = cache.fetch_all([archive])
    files, manifest = open_dataset(tar, cache.folder / "datasets", archive.sha256)
    return CachedDataset(files, files.parent / "manifest.json", manifest)


@dataclass(frozen=True)
class InputLayout:
    """Where the model's image input keeps its channels, height and width."""

    channels_first: bool
    channels: int
    height: int
    width: int

    @classmethod
    def of(cls, port: ov.Output, layout: str | None = None) -> InputLayout:
        """The model input's layout: as given (NCHW or NHWC), from the layout the model declares, or
        guessed from the dimension of size 1 or 3."""
        shape = port.get_partial_shape()
        if shape.rank.is_dynamic or shape.rank.get_length() != 4 or shape.is_dynamic:
            raise InvalidInputError(f"input {port.get_any_name()} must be a static image [N, C, H, W] or [N, H, W, C]; "
                                    f"it is {shape}", code="accuracy.unsupported_input")
        dims = [d.get_length() for d in shape]
        declared = port.get_node().get_layout() if port.get_node().get_type_name() == "Parameter" else None
        chosen = layout or (declared.to_string().strip("[]").replace(",", "") if declared and not declared.empty
                            else None)
        if chosen == "NCHW":
            return cls(True, dims[1], dims[2], dims[3])
        if chosen == "NHWC":
            return cls(False, dims[3], dims[1], dims[2])
        if dims[1] in (1, 3) and dims[3] not in (1, 3):
            return cls(True, dims[1], dims[2], dims[3])
        if dims[3] in (1, 3):
            return cls(False, dims[3], dims[1], dims[2])
        return cls(True, dims[1], dims[2], dims[3])


class Preprocessor:
    """Image file -> input tensor [1, ...] float32, and the transform back to the image's coordinates."""

    def __init__(self, layout: InputLayout, settings: Preprocessing) -> None:
        self.layout, self.settings = layout, settings
        self.color = settings.color or (ColorOrder.gray if layout.channels == 1 else ColorOrder.rgb)
        channels = layout.channels
        self.mean = np.array(settings.mean or [0.0] * channels, dtype=np.float32).reshape(1, 1, -1)
        self.scale = np.array(settings.scale or [1.0] * channels, dtype=np.float32).reshape(1, 1, -1)

    @classmethod
    def for_input(cls, port: ov.Output, settings: Preprocessing) -> Preprocessor:
        return cls(InputLayout.of(port, settings.layout), settings)

    @property
    def shape(self) -> tuple[int, ...]:
        layout = self.layout
        if layout.channels_first:
            return (1, layout.channels, layout.height, layout.width)
        return (1, layout.height, layout.width, layout.channels)

    def transform_for(self, original: tuple[int, int]) -> ImageTransform:
        """Where the image's pixels land in the input, from its size alone."""
        size = (self.layout.width, self.layout.height)
        if self.settings.resize == ResizeMode.letterbox:
            return ImageTransform.letterbox(original, size)
        if self.settings.resize == ResizeMode.center_crop:
            ratio = max(size[0] / original[0], size[1] / original[1])
            left = (round(original[0] * ratio) - size[0]) // 2
            top = (round(original[1] * ratio) - size[1]) // 2
            return ImageTransform(original, ratio, ratio, float(-left), float(-top))
        return ImageTransform.resize(original, size)

    def __call__(self, path: Path) -> tuple[np.ndarray, ImageTransform]:
        size = (self.layout.width, self.layout.height)
        with Image.open(path) as image:
            image = image.convert("L" if self.color == ColorOrder.gray else "RGB")
            original = image.size
            transform = self.transform_for(original)
            if self.settings.resize == ResizeMode.letterbox:
                scaled = image.resize((round(original[0] * transform.scale_x), round(original[1] * transform.scale_y)),
                                      Image.BILINEAR)
                canvas = Image.new(image.mode, size, LETTERBOX_FILL if image.mode == "L" else (LETTERBOX_FILL,) * 3)
                canvas.paste(scaled, (round(transform.pad_x), round(transform.pad_y)))
                image = canvas
            elif self.settings.resize == ResizeMode.center_crop:
                resized = image.resize((round(original[0] * transform.scale_x), round(original[1] * transform.scale_y)),
                                       Image.BILINEAR)
                left, top = round(-transform.pad_x), round(-transform.pad_y)
                image = resized.crop((left, top, left + size[0], top + size[1]))
            else:
                image = image.resize(size, Image.BILINEAR)
            pixels = np.asarray(image, dtype=np.float32)
        if pixels.ndim == 2:
            pixels = pixels[:, :, None]
        if self.color == ColorOrder.bgr:
            pixels = pixels[:, :, ::-1]
        pixels = (pixels - self.mean) / self.scale
        tensor = pixels.transpose(2, 0, 1) if self.layout.channels_first else pixels
        return np.ascontiguousarray(tensor[None], dtype=np.float32), transform


class PreparedInputs:
    """Pre-processed tensors of a dataset for one input layout and pre-processing, kept on disk (a numpy
    memmap) so that re-runs (FP32 against INT8, another device) skip decoding. Left out above ``limit``."""

    def __init__(self, folder: Path, key: str, count: int, shape: tuple[int, ...], limit: int = 2 * 1024**3) -> None:
        self.path = folder / f"{key}.npy"
        self.count, self.shape = count, shape
        self.enabled = count * int(np.prod(shape)) * 4 <= limit
        folder.mkdir(parents=True, exist_ok=True)

    @property
    def ready(self) -> bool:
        return self.enabled and self.path.exists()

    def read(self) -> np.ndarray:
        return np.load(self.path, mmap_mode="r")

    def writer(self) -> np.ndarray | None:
        if not self.enabled:
            return None
        return np.lib.format.open_memmap(self.path.with_suffix(".partial"), mode="w+", dtype=np.float32,
                                         shape=(self.count, *self.shape[1:]))

    def commit(self, array: np.ndarray) -> None:
        array.flush()  # type: ignore[attr-defined]
        del array
        self.path.with_suffix(".partial").replace(self.path)
