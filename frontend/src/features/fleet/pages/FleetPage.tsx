/** Fleets: start the same benchmark on several targets, and the fleet runs so far. */
import { Link } from "react-router";
import { useFleetRuns } from "../api/fleet";
import { FleetForm } from "../components/FleetForm";
import { formatDateTime } from "../../../shared/lib/format";
import { Empty, ErrorBox, Loading, PageHeader, Panel, StatusChip } from "../../../shared/ui/ui";
import "../fleet.css";

export function FleetPage() {
  const fleets = useFleetRuns();
  return (
    <>
      <PageHeader title="Fleet" subtitle="One model, one benchmark configuration, many targets: results side by side." />
      <Panel title="New fleet run">
        <FleetForm />
      </Panel>
      <Panel title="Fleet runs" testId="fleet-runs">
        {fleets.isLoading && <Loading />}
        {fleets.error && <ErrorBox error={fleets.error} title="Cannot list fleet runs" />}
        {fleets.data?.count === 0 && <Empty>No fleet run yet.</Empty>}
        <ul className="fleet-list">
          {fleets.data?.data.map((f) => (
            <li key={f.id}>
              <Link to={`/fleet/${f.id}`}>{f.name}</Link> <StatusChip status={f.status} />{" "}
              <span className="muted small">
                {f.members.length} target(s) · {formatDateTime(f.created_at)}
              </span>
              {f.verdict && <div className="small">{f.verdict}</div>}
            </li>
          ))}
        </ul>
      </Panel>
    </>
  );
}
