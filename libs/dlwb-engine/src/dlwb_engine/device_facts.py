"""What a compiled model really runs at, and what the processor offers: recorded with every result so a
number never hides that an "FP32" model ran in bf16 (OpenVINO's CPU default where AMX is present)."""

from __future__ import annotations

import functools
import platform
from pathlib import Path

import openvino as ov
import openvino.properties.hint as hints

# The strongest first: the first flag the CPU has names its ISA.
ISA_FLAGS = (("amx_bf16", "AMX"), ("avx512_vnni", "AVX-512 VNNI"), ("avx512f", "AVX-512"), ("avx2", "AVX2"),
             ("sse4_2", "SSE4.2"))


@functools.cache
def cpu_isa(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    """The CPU's strongest vector ISA that matters to OpenVINO (Linux reads /proc/cpuinfo; elsewhere the
    machine's architecture name)."""
    try:
        text = cpuinfo.read_text(errors="replace")
    except OSError:
        return platform.machine() or "unknown"
    flags = next((line.split(":", 1)[1].split() for line in text.splitlines() if line.startswith("flags")), [])
    return next((name for flag, name in ISA_FLAGS if flag in flags), platform.machine() or "unknown")


def inference_precision(compiled: ov.CompiledModel) -> str | None:
    """The element type the device computes in ('f32', 'bf16', 'f16'), or None where it does not say."""
    try:
        return compiled.get_property(hints.inference_precision).to_string()
    except Exception:  # not every device plugin reports it
        return None


def precision_facts(compiled: ov.CompiledModel, device: str) -> dict[str, object]:
    """The manifest entries every result carries: the precision that really ran, and the CPU's ISA."""
    facts: dict[str, object] = {"inference_precision": inference_precision(compiled)}
    if device.split(".")[0] == "CPU":
        facts["cpu_isa"] = cpu_isa()
    return facts
