/** The project's benchmarks and layer profiles, newest first, selectable for a comparison. */
import { Link } from "react-router";
import { useBenchmarks } from "../../benchmarks/api/benchmarks";
import { Empty, ErrorBox, Loading, StatusChip } from "../../../shared/ui/ui";
import { formatAgo, formatDateTime, formatFps, formatMs, formatNumber, stabilityBadge } from "../../../shared/lib/format";
import { describeSettings } from "../../benchmarks/lib/settings";
import { SelectCell, type Selection } from "./RunSelection";

export function History({ projectId, selection }: { projectId: string; selection: Selection }) {
  const benchmarks = useBenchmarks(projectId);
  if (benchmarks.isLoading) return <Loading />;
  if (benchmarks.error) return <ErrorBox error={benchmarks.error} title="Cannot list benchmarks" />;
  const rows = benchmarks.data?.data ?? [];
  if (rows.length === 0) return <Empty>No benchmark has run on this project yet.</Empty>;
  return (
    <table className="table table-compact" data-testid="benchmark-history">
      <thead>
        <tr>
          <th className="cell-select" aria-label="Compare" />
          <th>Started</th>
          <th>Device</th>
          <th>Settings</th>
          <th>Status</th>
          <th className="num">Throughput</th>
          <th className="num">Median latency</th>
          <th className="num">Iterations</th>
          <th>Stability</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((b) => {
          const badge = b.result ? stabilityBadge(b.result.stability) : null;
          return (
            <tr key={b.id} data-testid="benchmark-row" data-benchmark-id={b.id}>
              <SelectCell id={b.id} kind="benchmark" createdAt={b.job.created_at} ready={b.result != null} selection={selection} />
              <td title={formatDateTime(b.job.created_at)}>{formatAgo(b.job.created_at)}</td>
              <td>{b.settings.device}</td>
              <td className="small">
                {describeSettings(b.settings)}
                {b.result && b.settings.nireq == null ? <span className="muted"> · nireq {b.result.nireq}</span> : null}
              </td>
              <td>
                <StatusChip status={b.job.status} />
              </td>
              <td className="num strong">{b.result ? formatFps(b.result.throughput_fps) : "—"}</td>
              <td className="num">{b.result ? formatMs(b.result.latency.median) : "—"}</td>
              <td className="num">{b.result ? b.result.count.toLocaleString("en-US") : "—"}</td>
              <td>
                {badge ? (
                  <span
                    className={`chip chip-${badge.tone} chip-flat`}
                    title={b.result?.stability ? `CV ${formatNumber(b.result.stability.cv * 100, 1)}%` : badge.title}
                  >
                    {badge.label}
                  </span>
                ) : (
                  "—"
                )}
              </td>
              <td className="right">
                <Link to={`/benchmarks/${b.id}`} className="btn btn-small" data-testid="benchmark-open">
                  {b.result ? "Result" : "Details"}
                </Link>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
