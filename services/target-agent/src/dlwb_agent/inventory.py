"""What this machine is: host, CPU, memory, OpenVINO and every device OpenVINO sees."""

from __future__ import annotations

import os
import platform
import socket
from pathlib import Path

import openvino as ov

from dlwb_common.messages.agent import AgentInventory, DeviceInfo


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


def device_info(core: ov.Core, name: str) -> DeviceInfo:
    def prop(key: str) -> object:
        try:
            return core.get_property(name, key)
        except Exception:  # not every device supports every property
            return None

    capabilities = prop("OPTIMIZATION_CAPABILITIES") or []
    return DeviceInfo(name=name, full_name=str(prop("FULL_DEVICE_NAME") or name),
                      capabilities=[str(c) for c in capabilities])


def collect(core: ov.Core) -> AgentInventory:
    return AgentInventory(hostname=socket.gethostname(), os=f"{platform.system()} {platform.release()}",
                          cpu=cpu_model(), cores=os.cpu_count() or 1, memory_bytes=memory_bytes(),
                          openvino_version=ov.get_version(),
                          devices=[device_info(core, name) for name in core.available_devices])
