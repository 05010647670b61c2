/** What decides how fast a model runs on a device: ISA, supported precisions, default inference precision. */
import type { DeviceInfo } from "../../../api/types";
import { deviceFacts } from "../lib/devices";

export function DeviceFacts({ device }: { device: DeviceInfo }) {
  const facts = deviceFacts(device);
  return (
    <>
      {facts.length > 0 && (
        <dl className="device-facts" data-testid="device-facts">
          {facts.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {device.capabilities && device.capabilities.length > 0 && (
        <div className="caps" title="OPTIMIZATION_CAPABILITIES">
          {device.capabilities.map((c) => (
            <span key={c} className="cap-chip" data-testid="capability-chip">
              {c}
            </span>
          ))}
        </div>
      )}
    </>
  );
}
