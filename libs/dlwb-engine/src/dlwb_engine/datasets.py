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
from dlwb_common.messages.datasets import Manifest
from dlwb_engine.archives import extract
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
class InputLayout:
    """Where the model's image input keeps its channels, height and width."""

    channels_first: bool
    channels: int
    height: int
    width: int

    @classmethod
    def of(cls, port: ov.Output) -> InputLayout:
        shape = port.get_partial_shape()
        if shape.rank.is_dynamic or shape.rank.get_length() != 4 or shape.is_dynamic:
            raise InvalidInputError(f"input {port.get_any_name()} must be a static image [N, C, H, W] or [N, H, W, C]; "
                                    f"it is {shape}", code="accuracy.unsupported_input")
        dims = [d.get_length() for d in shape]
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

    def __call__(self, path: Path) -> tuple[np.ndarray, ImageTransform]:
        size = (self.layout.width, self.layout.height)
        with Image.open(path) as image:
            image = image.convert("L" if self.color == ColorOrder.gray else "RGB")
            original = image.size
            if self.settings.resize == ResizeMode.letterbox:
                transform = ImageTransform.letterbox(original, size)
                scaled = image.resize((round(original[0] * transform.scale_x), round(original[1] * transform.scale_y)),
                                      Image.BILINEAR)
                canvas = Image.new(image.mode, size, LETTERBOX_FILL if image.mode == "L" else (LETTERBOX_FILL,) * 3)
                canvas.paste(scaled, (round(transform.pad_x), round(transform.pad_y)))
                image = canvas
            elif self.settings.resize == ResizeMode.center_crop:
                ratio = max(size[0] / original[0], size[1] / original[1])
                resized = image.resize((round(original[0] * ratio), round(original[1] * ratio)), Image.BILINEAR)
                left, top = (resized.width - size[0]) // 2, (resized.height - size[1]) // 2
                image = resized.crop((left, top, left + size[0], top + size[1]))
                transform = ImageTransform(original, ratio, ratio, float(-left), float(-top))
            else:
                transform = ImageTransform.resize(original, size)
                image = image.resize(size, Image.BILINEAR)
            pixels = np.asarray(image, dtype=np.float32)
        if pixels.ndim == 2:
            pixels = pixels[:, :, None]
        if self.color == ColorOrder.bgr:
            pixels = pixels[:, :, ::-1]
        pixels = (pixels - self.mean) / self.scale
        tensor = pixels.transpose(2, 0, 1) if self.layout.channels_first else pixels
        return np.ascontiguousarray(tensor[None], dtype=np.float32), transform
