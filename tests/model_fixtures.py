"""Model files and archives made at test time from the SqueezeNet ONNX shipped in the onnx wheel."""

from __future__ import annotations

import importlib.util
import io
import tarfile
import zipfile
from pathlib import Path

import onnx
import openvino as ov
import pytest

from tests.support import tiny_onnx

FRAMEWORK_FIXTURES = Path(__file__).parent / "fixtures" / "frameworks"


def package_file(package: str, relative: str) -> Path:
    """A model file shipped inside an installed package; the test is skipped without the package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        pytest.skip(f"{package} is not installed (scripts/setup --dev installs the test assets)")
    return Path(spec.submodule_search_locations[0]) / relative


def ir_files(folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    xml = folder / "squeezenet.xml"
    ov.save_model(ov.convert_model(str(tiny_onnx())), str(xml), compress_to_fp16=False)
    return xml, xml.with_suffix(".bin")


def onnx_with_external_data(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    model = onnx.load(str(tiny_onnx()))
    path = folder / "squeezenet.onnx"
    onnx.save_model(model, str(path), save_as_external_data=True, all_tensors_to_one_file=True,
                    location="squeezenet.weights", size_threshold=0)
    return [path, folder / "squeezenet.weights"]


def zip_of(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, data in members.items():
            bundle.writestr(name, data)
    return path


def tar_of(path: Path, members: dict[str, bytes], symlink: tuple[str, str] | None = None) -> Path:
    with tarfile.open(path, "w:gz") as bundle:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            bundle.addfile(info, io.BytesIO(data))
        if symlink:
            info = tarfile.TarInfo(symlink[0])
            info.type = tarfile.SYMTYPE
            info.linkname = symlink[1]
            bundle.addfile(info)
    return path


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<net name="&lol3;" version="11"><layers/><edges/></net>
"""
