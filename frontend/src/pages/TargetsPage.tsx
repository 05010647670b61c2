import { useTargets } from "../api/queries";
import type { Target } from "../api/types";
import { Empty, ErrorBox, Loading, PageHeader } from "../components/ui";
import { formatAgo, formatBytes, formatDateTime } from "../lib/format";

function TargetCard({ target }: { target: Target }) {
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
      <dl className="card-facts">
        <div>
          <dt>OpenVINO</dt>
          <dd data-testid="target-openvino">{inv.openvino_version}</dd>
        </div>
        <div>
          <dt>Last seen</dt>
          <dd title={formatDateTime(target.last_seen)}>{formatAgo(target.last_seen)}</dd>
        </div>
        <div>
          <dt>OS</dt>
          <dd>{inv.os}</dd>
        </div>
        <div>
          <dt>CPU</dt>
          <dd title={inv.cpu}>
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
            <li key={d.name} data-testid="target-device">
              <div>
                <strong>{d.name}</strong> <span className="muted">{d.full_name}</span>
              </div>
              {d.capabilities && d.capabilities.length > 0 && (
                <div className="caps">
                  {d.capabilities.map((c) => (
                    <span key={c} className="tag tag-light">
                      {c}
                    </span>
                  ))}
                </div>
              )}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

export function TargetsPage() {
  const targets = useTargets();
  return (
    <>
      <PageHeader
        title="Targets"
        subtitle="Machines running a target agent. Benchmarks run on their devices; status refreshes every 5 s."
      />
      {targets.isLoading && <Loading />}
      {targets.error && <ErrorBox error={targets.error} title="Cannot list targets" />}
      {targets.data && targets.data.data.length === 0 && (
        <Empty>
          No target agent has connected yet. Start one with <code>dlwb-agent</code> on the machine to benchmark on.
        </Empty>
      )}
      <div className="cards">
        {targets.data?.data.map((t) => (
          <TargetCard key={t.id} target={t} />
        ))}
      </div>
    </>
  );
}
