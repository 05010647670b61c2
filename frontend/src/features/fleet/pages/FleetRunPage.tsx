/** One fleet run: the verdict, then throughput and latency per target (chart), then the table. */
import { useParams } from "react-router";
import { useFleetRun } from "../api/fleet";
import { FleetChart } from "../components/FleetChart";
import { FleetTable } from "../components/FleetTable";
import { isFinished } from "../../../shared/lib/format";
import { ErrorBox, Loading, PageHeader, Panel, StatusChip } from "../../../shared/ui/ui";
import "../fleet.css";

export function FleetRunPage() {
  const { fleetId = "" } = useParams();
  const fleet = useFleetRun(fleetId);
  if (fleet.isLoading) return <Loading />;
  if (fleet.error || !fleet.data) return <ErrorBox error={fleet.error} title="Cannot load the fleet run" />;
  const f = fleet.data;
  const done = f.members.filter((m) => isFinished(m.job.status)).length;
  const measured = f.members.some((m) => m.throughput_fps != null);
  return (
    <>
      <PageHeader
        title={f.name}
        crumbs={[{ label: "Fleet", to: "/fleet" }, { label: f.id }]}
        subtitle={
          <>
            {f.precision} · {f.settings.hint} hint · <StatusChip status={f.status} />
          </>
        }
      />
      <p className="fleet-verdict" data-testid="fleet-verdict">
        {f.verdict ?? `Running: ${done} of ${f.members.length} target(s) finished.`}
      </p>
      {measured && (
        <Panel title="Throughput and latency">
          <FleetChart fleet={f} />
        </Panel>
      )}
      <Panel title="Side by side">
        <FleetTable fleet={f} />
      </Panel>
    </>
  );
}
