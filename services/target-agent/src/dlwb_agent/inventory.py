"""What this machine is: host, CPU, memory, OpenVINO and every device OpenVINO sees, with the properties
that decide how fast a model runs there (ISA, precisions, default inference precision)."""

from __future__ import annotations

import os
import platform
import socket
from pathlib import Path

import openvino as ov

from dlwb_common.messages.agent import AgentInventory, DeviceInfo
from dlwb_engine.device_facts import cpu_isa

# OPTIMIZATION_CAPABILITIES entries that are element types (the others: BIN, EXPORT_IMPORT, BATCHED_BLOB...)
PRECISION_CAPABILITIES = ("FP32", "BF16", "FP16", "INT8", "INT16", "U8", "INT4", "FP8")


def cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(errors="replace").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def memory_bytes() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 0


def element_type_name(value: object) -> str | None:
    """'f32', 'bf16', 'f16' from an ov.Type (or whatever the plugin returns)."""
    if value is None:
        return None
    return value.to_string() if isinstance(value, ov.Type) else str(value) or None


def device_info(core: ov.Core, name: str) -> DeviceInfo:
    def prop(key: str) -> object:
        try:
            return core.get_property(name, key)
        except Exception:  # not every device supports every property
            return None

    capabilities = [str(c) for c in prop("OPTIMIZATION_CAPABILITIES") or []]
    device_type = prop("DEVICE_TYPE")
    return DeviceInfo(name=name, full_name=str(prop("FULL_DEVICE_NAME") or name), capabilities=capabilities,
                      precisions=[c for c in capabilities if c in PRECISION_CAPABILITIES],
                      isa=cpu_isa() if name.split(".")[0] == "CPU" else None,
                      architecture=str(prop("DEVICE_ARCHITECTURE") or "") or None,
                      device_type=str(device_type).rsplit(".", 1)[-1].lower() if device_type is not None else None,
                      inference_precision=element_type_name(prop("INFERENCE_PRECISION_HINT")))


def collect(core: ov.Core) -> AgentInventory:
    return AgentInventory(hostname=socket.gethostname(), os=f"{platform.system()} {platform.release()}",
                          cpu=cpu_model(), cores=os.cpu_count() or 1, memory_bytes=memory_bytes(),
                          openvino_version=ov.get_version(),
                          devices=[device_info(core, name) for name in core.available_devices])
