"""The NNCF engine on a real model (SqueezeNet from the onnx wheel), in its child process."""

from __future__ import annotations

from pathlib import Path

import openvino as ov
import pytest

from dlwb_common.api.calibration import CalibrationStats, QuantizeSettings
from dlwb_common.messages.agent import DatasetSpec
from dlwb_engine.calibration_process import CalibrationFailed, CalibrationRequest, calibrate_in_child
from tests.support import tiny_onnx


@pytest.fixture(scope="module")
def parent(tmp_path_factory: pytest.TempPathFactory) -> Path:
    xml = tmp_path_factory.mktemp("parent") / "model.xml"
    ov.save_model(ov.convert_model(str(tiny_onnx())), str(xml), compress_to_fp16=False)
    return xml


async def calibrate(source: Path, out: Path, count: int = 16, **settings: object) -> CalibrationStats:
    stages: list[str] = []

    async def report(progress: float, stage: str) -> None:
        stages.append(stage)

    stats = await calibrate_in_child(CalibrationRequest(source_xml=source, output_xml=out / "int8.xml",
                                                        dataset=DatasetSpec(seed=3, count=count),
                                                        settings=QuantizeSettings.model_validate(settings)), report)
    assert stages[0] == "reading the parent model" and stages[-1] == "saving the quantized IR"
    return stats


async def test_default_quantization_quantizes_every_convolution_and_respects_the_ignored_scope(
        parent: Path, tmp_path: Path) -> None:
    stats = await calibrate(parent, tmp_path / "all", subset_size=4)
    assert stats.compute_layers == 26 and stats.quantized_layers == 26 and stats.float_layers == []
    assert stats.fake_quantize > 26 and stats.samples == 4
    child = ov.Core().read_model(str(tmp_path / "all" / "int8.xml"))
    assert sum(op.get_type_name() == "FakeQuantize" for op in child.get_ordered_ops()) == stats.fake_quantize

    first_conv = next(op.get_friendly_name() for op in ov.Core().read_model(str(parent)).get_ordered_ops()
                      if op.get_type_name() == "Convolution")
    kept = await calibrate(parent, tmp_path / "kept", subset_percent=50, preset="mixed",
                           ignored_scope={"names": [first_conv]})
    assert kept.float_layers == [first_conv] and kept.samples == 8


async def test_weight_compression_stores_weights_in_eight_bits(parent: Path, tmp_path: Path) -> None:
    stats = await calibrate(parent, tmp_path, method="weight_compression", weight_mode="INT8_SYM")
    assert stats.fake_quantize == 0 and stats.quantized_layers == 26 and stats.compressed_weights >= 26


@pytest.mark.parametrize(("settings", "code"), [
    ({"subset_size": 17}, "calibration.too_few_samples"),
    ({"method": "accuracy_aware"}, "calibration.needs_annotations"),
])
async def test_bad_requests_name_the_cause(parent: Path, tmp_path: Path, settings: dict, code: str) -> None:
    with pytest.raises(CalibrationFailed) as failure:
        await calibrate(parent, tmp_path, **settings)
    assert failure.value.code == code and failure.value.message
    assert not (tmp_path / "int8.xml").exists()


async def test_a_quantized_or_dynamic_model_is_refused(parent: Path, tmp_path: Path) -> None:
    await calibrate(parent, tmp_path / "once", subset_size=2)
    with pytest.raises(CalibrationFailed) as again:
        await calibrate(tmp_path / "once" / "int8.xml", tmp_path / "twice")
    assert again.value.code == "calibration.not_float"
    dynamic = ov.convert_model(str(tiny_onnx()))
    dynamic.reshape({dynamic.inputs[0]: ov.PartialShape([-1, 3, 224, 224])})
    ov.save_model(dynamic, str(tmp_path / "dynamic.xml"))
    with pytest.raises(CalibrationFailed) as shaped:
        await calibrate(tmp_path / "dynamic.xml", tmp_path / "d")
    assert shaped.value.code == "calibration.dynamic_shape"


async def test_int4_weight_compression_of_matmul_layers(tmp_path: Path) -> None:
    import numpy as np
    import openvino.opset13 as ops

    x = ops.parameter([1, 256], np.float32, name="x")
    hidden = ops.relu(ops.matmul(x, np.random.default_rng(0).standard_normal((256, 512)).astype(np.float32),
                                 False, False))
    y = ops.matmul(hidden, np.random.default_rng(1).standard_normal((512, 128)).astype(np.float32), False, False)
    ov.save_model(ov.Model([y], [x], "mlp"), str(tmp_path / "mlp.xml"), compress_to_fp16=False)
    stats = await calibrate(tmp_path / "mlp.xml", tmp_path / "int4", method="weight_compression",
                            weight_mode="INT4_SYM", group_size=64)
    assert stats.compute_layers == 2 and stats.quantized_layers == 2 and stats.fake_quantize == 0
    compressed = ov.Core().read_model(str(tmp_path / "int4" / "int8.xml"))
    kinds = {op.get_output_element_type(0).get_type_name() for op in compressed.get_ordered_ops()
             if op.get_type_name() == "Constant"}
    assert kinds & {"i4", "u4"}, kinds
    assert (tmp_path / "int4" / "int8.bin").stat().st_size < (tmp_path / "mlp.bin").stat().st_size / 4
