"""Read a source model of any supported framework into an ``ov.Model`` (runs in a child process).

PyTorch files are loaded with torch's own loaders (TorchScript's restricted archive reader,
``torch.export.load``), never with a plain ``torch.load`` of a pickle.
"""

from __future__ import annotations

from pathlib import Path

import openvino as ov


class NeedsTorchError(RuntimeError):
    """A PyTorch model arrived but torch (the optional extra) is not installed."""


def read_pytorch(path: Path, example_shapes: list[list[int]] | None = None) -> ov.Model:
    try:
        import torch
    except ImportError as exc:
        raise NeedsTorchError() from exc
    if path.suffix.lower() == ".pt2":
        return ov.convert_model(torch.export.load(str(path)))
    module = torch.jit.load(str(path), map_location="cpu")
    module.eval()
    if example_shapes:
        return ov.convert_model(module, example_input=tuple(torch.zeros(shape) for shape in example_shapes))
    return ov.convert_model(module)


def read(path: Path, framework: str, example_shapes: list[list[int]] | None = None) -> ov.Model:
    if framework == "openvino":
        return ov.Core().read_model(str(path))
    if framework == "pytorch":
        return read_pytorch(path, example_shapes)
    return ov.convert_model(str(path))


def check(path: Path, framework: str) -> None:
    """Read the model the cheap way (the frontend only, no conversion passes); PyTorch has no such way."""
    if framework == "pytorch":
        read_pytorch(path)
    else:
        ov.Core().read_model(str(path))
