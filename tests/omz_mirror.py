"""A local Open Model Zoo mirror: a real HTTP server serving real model files, with its own catalog.

Entries: an IR in FP32/FP16 folders (converted from the SqueezeNet ONNX in the onnx wheel), a public
single-file ONNX, one whose file on the mirror differs from the catalog's checksum, and one whose
file is missing from the mirror.
"""

from __future__ import annotations

import functools
import hashlib
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import openvino as ov

from tests.support import tiny_onnx


@dataclass
class Mirror:
    url: str
    catalog_path: Path
    root: Path


def entry(root: Path, name: str, framework: str, task: str, files: list[Path], precisions: list[str],
          sha384_of: dict[Path, str] | None = None) -> dict:
    described = []
    for path in files:
        data = path.read_bytes()
        described.append({"path": str(path.relative_to(root)), "size": len(data),
                          "sha384": (sha384_of or {}).get(path) or hashlib.sha384(data).hexdigest()})
    return {"name": name, "description": f"{name} served by the test mirror", "task": task,
            "omz_task_type": task, "framework": framework, "precisions": precisions, "license": "Apache-2.0",
            "size_bytes": sum(f["size"] for f in described), "files": described}


def build(root: Path) -> Path:
    model = ov.convert_model(str(tiny_onnx()))
    ir_files = []
    for precision, compress in (("FP32", False), ("FP16", True)):
        xml = root / "squeezenet-ir" / precision / "squeezenet-ir.xml"
        xml.parent.mkdir(parents=True)
        ov.save_model(model, str(xml), compress_to_fp16=compress)
        ir_files += [xml, xml.with_suffix(".bin")]
    onnx_file = root / "squeezenet-onnx" / "squeezenet.onnx"
    onnx_file.parent.mkdir(parents=True)
    onnx_file.write_bytes(tiny_onnx().read_bytes())
    corrupt = root / "corrupt-model" / "corrupt.onnx"
    corrupt.parent.mkdir(parents=True)
    corrupt.write_bytes(tiny_onnx().read_bytes())
    missing = root / "missing-model" / "gone.onnx"
    missing.parent.mkdir(parents=True)
    missing.write_bytes(b"x" * 100)
    catalog = {"schema": 1, "source": "tests/omz_mirror.py", "default_mirror": "http://127.0.0.1:9/unused", "models": [
        entry(root, "squeezenet-ir", "openvino", "classification", ir_files, ["FP32", "FP16"]),
        entry(root, "squeezenet-onnx", "onnx", "classification", [onnx_file], ["FP32", "FP16"]),
        entry(root, "corrupt-model", "onnx", "object_detection", [corrupt], ["FP32"],
              sha384_of={corrupt: hashlib.sha384(b"what the zoo published").hexdigest()}),
        entry(root, "missing-model", "onnx", "other", [missing], ["FP32"]),
    ]}
    missing.unlink()
    path = root.parent / "catalog.json"
    path.write_text(json.dumps(catalog))
    return path


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@contextmanager
def serve(folder: Path) -> Iterator[Mirror]:
    root = folder / "files"
    root.mkdir(parents=True)
    catalog_path = build(root)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Mirror(f"http://127.0.0.1:{server.server_address[1]}", catalog_path, root)
    finally:
        server.shutdown()
        server.server_close()
