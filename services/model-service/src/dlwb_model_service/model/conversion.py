"""Convert a source model to OpenVINO IR, once per precision, and describe its inputs and outputs."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openvino as ov
from openvino.preprocess import PrePostProcessor

from dlwb_common.api.models import ConversionSettings
from dlwb_common.hashing import sha256_file
from dlwb_model_service.model import readers
from dlwb_model_service.model.analysis import analyse
from dlwb_model_service.model.graph import graph_of
from dlwb_model_service.model.weights import weight_census, weight_precision

COMPRESS_TO_FP16 = {"FP32": False, "FP16": True}


@dataclass
class IrFiles:
    precision: str
    xml: Path
    bin: Path
    xml_sha256: str
    bin_sha256: str
    weight_precision: str | None = None  # what the weights are stored as (FP32, FP16, INT8, mixed...)


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
        entry = {"name": names[0] if names else port.get_node().get_friendly_name(),
                 "shape": shape, "element_type": port.get_element_type().get_type_name()}
        layout = port.get_node().get_layout() if port.get_node().get_type_name() == "Parameter" else None
        if layout is not None and not layout.empty:
            entry["layout"] = layout.to_string()
        described.append(entry)
    return described


def dimension(value: int | str) -> ov.Dimension:
    if value == "?":
        return ov.Dimension()
    if isinstance(value, str):
        low, high = value.split("..")
        return ov.Dimension(int(low), int(high))
    return ov.Dimension(value)


def cut(model: ov.Model, names: list[str]) -> ov.Model:
    """A model that ends at the tensors named ``names`` (what follows them is dropped)."""
    by_name = {name: output for op in model.get_ordered_ops() for output in op.outputs() for name in output.get_names()}
    missing = [name for name in names if name not in by_name]
    if missing:
        raise ValueError(f"no tensor named {', '.join(missing)} in the model")
    return ov.Model([by_name[name] for name in names], model.get_parameters(), model.get_friendly_name())


def apply_settings(model: ov.Model, settings: ConversionSettings) -> ov.Model:
    """Shapes (reshape) and pre-processing (layout, reverse channels, mean, scale) on the inputs."""
    shapes = {s.name: ov.PartialShape([dimension(d) for d in s.shape]) for s in settings.inputs if s.shape}
    if shapes:
        model.reshape(shapes)
    needs_ppp = [s for s in settings.inputs if s.layout]
    if not needs_ppp:
        return model
    ppp = PrePostProcessor(model)
    for setting in needs_ppp:
        port = ppp.input(setting.name)
        port.tensor().set_layout(ov.Layout(setting.layout))
        port.model().set_layout(ov.Layout(setting.layout))
        steps = port.preprocess()
        if setting.reverse_channels:
            steps.reverse_channels()
        if setting.mean:
            steps.mean(setting.mean)
        if setting.scale:
            steps.scale(setting.scale)
    return ppp.build()


def static_shapes(settings: ConversionSettings) -> list[list[int]] | None:
    """The inputs' shapes when all are given and static: TorchScript traces with such example inputs."""
    shapes = [s.shape for s in settings.inputs]
    if shapes and all(shape and all(isinstance(d, int) for d in shape) for shape in shapes):
        return shapes  # type: ignore[return-value]
    return None


def convert(source: Path, out_dir: Path, report: Callable[[float, str], None],
            settings: ConversionSettings | None = None, framework: str = "onnx") -> Converted:
    settings = settings or ConversionSettings()
    report(0.05, f"reading the {framework} model")
    model = readers.read(source, framework, static_shapes(settings))
    if settings.outputs:
        model = cut(model, settings.outputs)
    if settings.inputs:
        report(0.12, "applying input shapes and pre-processing")
        model = apply_settings(model, settings)
    inputs, outputs = describe(model.inputs), describe(model.outputs)
    variants = []
    precisions = [p.value for p in settings.precisions]
    for index, precision in enumerate(precisions):
        report(0.2 + 0.7 * index / len(precisions), f"saving {precision} IR")
        xml = out_dir / precision / "model.xml"
        xml.parent.mkdir(parents=True, exist_ok=True)
        ov.save_model(model, str(xml), compress_to_fp16=COMPRESS_TO_FP16[precision])
        binary = xml.with_suffix(".bin")
        variants.append(IrFiles(precision, xml, binary, sha256_file(xml), sha256_file(binary)))
    report(0.95, "analysing the model")
    core = ov.Core()
    analysis = analyse(core.read_model(str(variants[0].xml)), variants[0].bin.stat().st_size)
    for variant in variants:  # each precision's own graph (FP16 adds the weights' Convert operations)
        saved = core.read_model(str(variant.xml))
        variant.weight_precision = weight_precision(saved)
        if variant is variants[0]:
            analysis["weights_by_layer"] = weight_census(saved)
        (variant.xml.parent / "graph.json").write_text(json.dumps(graph_of(saved)))
    return Converted(inputs, outputs, variants, analysis)
