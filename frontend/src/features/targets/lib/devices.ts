/** A device's properties as label/value pairs, only those it reports. */
import type { DeviceInfo } from "../../../api/types";

export function deviceFacts(device: DeviceInfo): [string, string][] {
  const facts: [string, string | null | undefined][] = [
    ["ISA", device.isa],
    ["Precisions", device.precisions && device.precisions.length > 0 ? device.precisions.join(", ") : null],
    ["Default precision", device.inference_precision],
    ["Type", device.device_type],
    ["Architecture", device.architecture],
  ];
  return facts.filter((f): f is [string, string] => !!f[1]);
}
