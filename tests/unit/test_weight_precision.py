"""A model's weight precision is read from its IR: FP32 and FP16 conversions, NNCF's INT8 (quantized and
weight-compressed) and a partly quantized model, through the model-service's real conversion."""

from __future__ import annotations

from pathlib import Path

import openvino as ov
import pytest

from dlwb_common.api.calibration import QuantizeSettings
from dlwb_common.api.models import ConversionSettings
from dlwb_common.messages.agent import DatasetSpec
from dlwb_common.precision import file_stem, precision_lineage, variant_label
from dlwb_engine.calibration_process import CalibrationRequest, calibrate_in_child
from dlwb_model_service.model.conversion import Converted, convert
from dlwb_model_service.model.weights import weight_precision
from tests.support import tiny_onnx

COMPUTE_LAYERS = 26  # SqueezeNet 1.0's convolutions


@pytest.fixture(scope="module")
def parent(tmp_path_factory: pytest.TempPathFactory) -> Path:
    xml = tmp_path_factory.mktemp("parent") / "model.xml"
    ov.save_model(ov.convert_model(str(tiny_onnx())), str(xml), compress_to_fp16=False)
    return xml


async def quantized(parent: Path, out: Path, **settings: object) -> Path:
    async def report(progress: float, stage: str) -> None:
        pass

    await calibrate_in_child(CalibrationRequest(source_xml=parent, output_xml=out / "int8.xml",
                                                dataset=DatasetSpec(seed=3, count=4),
                                                settings=QuantizeSettings.model_validate(settings)), report)
    return out / "int8.xml"


def converted(source: Path, out: Path) -> Converted:
    return convert(source, out, lambda progress, stage: None, ConversionSettings(), "openvino")


def by_folder(result: Converted) -> dict[str, str | None]:
    return {variant.precision: variant.weight_precision for variant in result.variants}


def test_a_float_model_is_fp32_in_its_fp32_ir_and_fp16_in_its_fp16_ir(parent: Path, tmp_path: Path) -> None:
    result = converted(parent, tmp_path)
    assert by_folder(result) == {"FP32": "FP32", "FP16": "FP16"}
    assert result.analysis["weights_by_layer"] == {"FP32": COMPUTE_LAYERS}


async def test_an_nncf_int8_child_is_int8_in_both_folders(parent: Path, tmp_path: Path) -> None:
    result = converted(await quantized(parent, tmp_path / "nncf", subset_size=4), tmp_path / "ir")
    assert by_folder(result) == {"FP32": "INT8", "FP16": "INT8"}
    assert result.analysis["weights_by_layer"] == {"INT8": COMPUTE_LAYERS}
    assert [variant_label(v.precision, v.weight_precision) for v in result.variants] == ["INT8", "INT8-FP16"]


async def test_weight_compression_is_int8_and_a_partly_quantized_model_is_mixed(parent: Path, tmp_path: Path) -> None:
    compressed = await quantized(parent, tmp_path / "wc", method="weight_compression", weight_mode="INT8_SYM")
    assert weight_precision(ov.Core().read_model(str(compressed))) == "INT8"

    first_conv = next(op.get_friendly_name() for op in ov.Core().read_model(str(parent)).get_ordered_ops()
                      if op.get_type_name() == "Convolution")
    partly = converted(await quantized(parent, tmp_path / "partly", subset_size=4,
                                       ignored_scope={"names": [first_conv]}), tmp_path / "ir")
    assert by_folder(partly)["FP32"] == "mixed"
    assert partly.analysis["weights_by_layer"] == {"INT8": COMPUTE_LAYERS - 1, "FP32": 1}


def test_labels_and_lineage_name_the_weights_not_the_folder() -> None:
    assert variant_label("FP32", "FP32") == "FP32" and variant_label("FP16", "FP16") == "FP16"
    assert variant_label("FP32", "INT8") == "INT8" and variant_label("FP16", "INT8") == "INT8-FP16"
    assert variant_label("FP32", None) == "FP32"  # converted before the weights were read
    assert precision_lineage("INT8", "FP32") == "INT8 from FP32"
    assert file_stem("resnet", "INT8") == "resnet-INT8" and file_stem("resnet INT8", "INT8") == "resnet INT8"
    assert file_stem("resnet INT8", "INT8-FP16") == "resnet INT8-FP16" and file_stem("a", "FP16") == "a-FP16"
    assert precision_lineage("FP32", "FP32") is None and precision_lineage(None, "FP32") is None
