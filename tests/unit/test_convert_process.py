"""Conversion runs in a child process: results come back over a pipe, failures as clear errors."""

from pathlib import Path

import pytest

from dlwb_model_service.model.convert_process import ConversionError, convert_in_child


async def test_converts_in_a_child_and_reports_progress(tiny_onnx_path: Path, tmp_path: Path) -> None:
    stages: list[tuple[float, str]] = []

    async def report(progress: float, stage: str) -> None:
        stages.append((progress, stage))

    converted = await convert_in_child(tiny_onnx_path, tmp_path / "ir", report)
    assert [v.precision for v in converted.variants] == ["FP32", "FP16"]
    assert all(v.xml.exists() and v.bin.exists() for v in converted.variants)
    assert converted.inputs[0]["shape"] == [1, 3, 224, 224]
    assert [p for p, _ in stages] == sorted(p for p, _ in stages) and stages


async def test_a_converter_failure_carries_its_message(tmp_path: Path) -> None:
    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"not a model at all")

    async def report(progress: float, stage: str) -> None:
        pass

    with pytest.raises(ConversionError) as caught:
        await convert_in_child(broken, tmp_path / "ir", report)
    assert caught.value.code == "conversion.failed" and caught.value.message
