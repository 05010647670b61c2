import { useTargets } from "../api/targets";
import { Empty, ErrorBox, Loading, PageHeader, useNow } from "../../../shared/ui/ui";
import "../targets.css";
import { ConnectMachine } from "../components/ConnectMachine";
import { TargetCard } from "../components/TargetCard";

const STATUS_POLL_MS = 2000;

export function TargetsPage() {
  const targets = useTargets(STATUS_POLL_MS);
  const now = useNow(1000);
  return (
    <>
      <PageHeader
        title="Targets"
        subtitle="Machines running a target agent. Benchmarks run on their devices; status refreshes every 2 s."
      />
      {targets.isLoading && <Loading />}
      {targets.error && <ErrorBox error={targets.error} title="Cannot list targets" />}
      {targets.data && targets.data.data.length === 0 && (
        <Empty>No target agent has connected yet. Start one as shown below on the machine to benchmark on.</Empty>
      )}
      <div className="cards">
        {targets.data?.data.map((t) => (
          <TargetCard key={t.id} target={t} now={now} />
        ))}
      </div>
      <ConnectMachine />
    </>
  );
}
