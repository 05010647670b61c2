"""Convert a source model to OpenVINO IR, once per precision, and describe its inputs and outputs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openvino as ov

from dlwb_common.hashing import sha256_file
from dlwb_model_service.model.analysis import analyse

PRECISIONS = (("FP32", False), ("FP16", True))  # (name, compress_to_fp16)


@dataclass
class IrFiles:
    precision: str
    xml: Path
    bin: Path
    xml_sha256: str
    bin_sha256: str


@dataclass
class Converted:
    inputs: list[dict[str, object]]
    outputs: list[dict[str, object]]
    variants: list[IrFiles]
    analysis: dict[str, object]


def describe(ports: list[ov.Output]) -> list[dict[str, object]]:
    described = []
    for port in ports:
        shape = [d.get_length() if d.is_static else "?" for d in port.get_partial_shape()]
        names = sorted(port.get_names())
        described.append({"name": names[0] if names else port.get_node().get_friendly_name(),
                          "shape": shape, "element_type": port.get_element_type().get_type_name()})
    return described


def convert(source: Path, out_dir: Path, report: Callable[[float, str], None]) -> Converted:
    report(0.05, "reading the source model")
    if source.suffix.lower() == ".xml":  # already OpenVINO IR: read it, then save both precisions
        model = ov.Core().read_model(str(source))
    else:
        model = ov.convert_model(str(source))
    inputs, outputs = describe(model.inputs), describe(model.outputs)
    variants = []
    for index, (precision, compress) in enumerate(PRECISIONS):
        report(0.2 + 0.7 * index / len(PRECISIONS), f"saving {precision} IR")
        xml = out_dir / precision / "model.xml"
        xml.parent.mkdir(parents=True, exist_ok=True)
        ov.save_model(model, str(xml), compress_to_fp16=compress)
        binary = xml.with_suffix(".bin")
        variants.append(IrFiles(precision, xml, binary, sha256_file(xml), sha256_file(binary)))
    report(0.95, "analysing the model")
    analysis = analyse(ov.Core().read_model(str(variants[0].xml)), variants[0].bin.stat().st_size)
    return Converted(inputs, outputs, variants, analysis)
