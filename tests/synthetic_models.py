"""Small OpenVINO models built from operations, for tasks whose packaged models are not at hand: their
outputs are known by construction, so the metrics can be checked against an independent reference."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openvino as ov
import openvino.opset13 as ops


def red_detector(folder: Path) -> list[Path]:
    """Segmentation [1,3,48,64] (0..255) -> [1,2,48,64] scores: class 1 where red > 100."""
    image = ops.parameter([1, 3, 48, 64], np.float32, name="image")
    red = ops.slice(image, np.array([0]), np.array([1]), np.array([1]), np.array([1]))
    foreground = ops.subtract(red, np.array(100, np.float32))
    background = ops.multiply(foreground, np.array(0, np.float32))
    scores = ops.concat([background, foreground], axis=1)
    return save(ov.Model([scores], [image], "red-detector"), folder)


def bilinear_upscaler(folder: Path) -> list[Path]:
    """Super-resolution [1,3,24,32] -> [1,3,48,64] by bilinear interpolation (values 0..255)."""
    image = ops.parameter([1, 3, 24, 32], np.float32, name="low")
    high = ops.interpolate(image, np.array([48, 64], np.int64), mode="linear", shape_calculation_mode="sizes",
                           axes=np.array([2, 3], np.int64))
    return save(ov.Model([high], [image], "upscaler"), folder)


def save(model: ov.Model, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    xml = folder / "model.xml"
    ov.save_model(model, str(xml), compress_to_fp16=False)
    return [xml, xml.with_suffix(".bin")]


LANDMARKS = np.array([[0.3, 0.3], [0.7, 0.3], [0.5, 0.55], [0.35, 0.75], [0.65, 0.75]], np.float32)


def fixed_landmarks(folder: Path) -> list[Path]:
    """Landmarks [1,3,32,32] -> [1,10]: the same five points (normalised) whatever the face."""
    image = ops.parameter([1, 3, 32, 32], np.float32, name="face")
    zero = ops.multiply(ops.reduce_sum(image, np.array([1, 2, 3]), keep_dims=False), np.array(0, np.float32))
    points = ops.add(ops.unsqueeze(zero, np.array([1])), LANDMARKS.reshape(1, 10))
    return save(ov.Model([points], [image], "fixed-landmarks"), folder)


def mean_colour(folder: Path) -> list[Path]:
    """Face descriptor [1,3,32,32] -> [1,3]: the mean colour minus grey (cosine-comparable)."""
    image = ops.parameter([1, 3, 32, 32], np.float32, name="face")
    mean = ops.reduce_mean(image, np.array([2, 3]), keep_dims=False)
    return save(ov.Model([ops.subtract(mean, np.array(128, np.float32))], [image], "mean-colour"), folder)


def with_image_info(folder: Path, classifier: Path) -> list[Path]:
    """A classifier given a dynamic batch and a second input, image info [1, 3] (height, width, scale), that
    leaves the scores unchanged: the shape of a detector's side input."""
    model = ov.Core().read_model(str(classifier))
    model.reshape({model.inputs[0]: ov.PartialShape([-1, 1, 28, 28])})
    info = ops.parameter([1, 3], np.float32, name="im_info")
    zero = ops.multiply(ops.reduce_sum(info, np.array([1]), keep_dims=True), np.array(0, np.float32))
    scores = ops.add(model.get_results()[0].input_value(0), zero)
    return save(ov.Model([scores], [*model.get_parameters(), info], "with-info"), folder)


MASK_BOXES = np.array([[5, 5, 25, 20, 0.9], [30, 10, 50, 30, 0.6], [10, 20, 30, 40, 0.3]], np.float32)
MASK_LABELS = np.array([0, 1, 0], np.int64)


def fixed_instances(folder: Path) -> list[Path]:
    """Instance segmentation [1,3,48,64] -> boxes [3,5], labels [3], masks [3,14,14] (all ones): the same
    three objects whatever the image, so the masks are their boxes."""
    image = ops.parameter([1, 3, 48, 64], np.float32, name="image")
    zero = ops.multiply(ops.reduce_sum(image, np.array([0, 1, 2, 3]), keep_dims=False), np.array(0, np.float32))
    boxes = ops.add(zero, MASK_BOXES)
    labels = ops.add(ops.convert(zero, "i64"), MASK_LABELS)
    masks = ops.add(zero, np.ones((3, 14, 14), np.float32))
    return save(ov.Model([boxes, labels, masks], [image], "fixed-instances"), folder)


DETECTIONS = np.array([[5, 5, 25, 20, 0.9, 0], [30, 10, 50, 30, 0.6, 1], [10, 20, 30, 40, 0.3, 0],
                       [20, 10, 40, 22, 0.8, 1]], np.float32)


def fixed_detections(folder: Path) -> list[Path]:
    """Detection [1,3,48,64] -> rows [4, 6] (x1, y1, x2, y2, score, label) in input pixels, whatever the image."""
    image = ops.parameter([1, 3, 48, 64], np.float32, name="image")
    zero = ops.multiply(ops.reduce_sum(image, np.array([0, 1, 2, 3]), keep_dims=False), np.array(0, np.float32))
    return save(ov.Model([ops.add(zero, DETECTIONS)], [image], "fixed-detections"), folder)
