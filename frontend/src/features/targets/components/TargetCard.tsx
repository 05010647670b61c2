/** One target: status, devices as OpenVINO reports them, last contact; versions and names are never cut. */
import type { Target } from "../../../api/types";
import { DeviceFacts } from "./DeviceFacts";
import { formatAgo, formatBytes, formatDateTime } from "../../../shared/lib/format";
import "../targets.css";

export function TargetCard({ target, now }: { target: Target; now: number }) {
  const inv = target.inventory;
  return (
    <section className="card target-card" data-testid="target-card" data-target-id={target.id} data-status={target.status}>
      <header className="card-header">
        <span className={`dot dot-${target.status}`} data-testid="target-status-dot" title={target.status} />
        <div className="card-title">
          <div className="strong">{target.id}</div>
          <div className="muted small">{inv.hostname}</div>
        </div>
        <span className={`status-text status-${target.status}`} data-testid="target-status">
          {target.status}
        </span>
      </header>
      <dl className="card-facts target-facts">
        <div>
          <dt>OpenVINO</dt>
          <dd className="whole" data-testid="target-openvino">
            {inv.openvino_version}
          </dd>
        </div>
        <div>
          <dt>Last seen</dt>
          <dd title={formatDateTime(target.last_seen)} data-testid="target-last-seen">
            {formatAgo(target.last_seen, now)}
          </dd>
        </div>
        <div>
          <dt>OS</dt>
          <dd title={inv.os}>{inv.os}</dd>
        </div>
        <div>
          <dt>CPU</dt>
          <dd className="whole" data-testid="target-cpu">
            {inv.cpu} · {inv.cores} cores
          </dd>
        </div>
        <div>
          <dt>Memory</dt>
          <dd>{formatBytes(inv.memory_bytes)}</dd>
        </div>
      </dl>
      <div className="card-section">
        <div className="card-section-title">Devices ({inv.devices.length})</div>
        {inv.devices.length === 0 && <div className="muted small">No inference device reported.</div>}
        <ul className="devices">
          {inv.devices.map((d) => (
            <li key={d.name} data-testid="target-device" data-device={d.name}>
              <div className="device-head">
                <strong>{d.name}</strong> <span className="muted small">{d.full_name}</span>
              </div>
              <DeviceFacts device={d} />
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
