/** A project's past sweeps. */
import { Link } from "react-router";
import type { Sweep } from "../../../api/types";
import { formatAgo, formatDateTime, formatFps, formatMs, formatNumber } from "../../../shared/lib/format";
import { describeGrid, describePoint } from "../lib/sweep";
import { Empty, StatusChip } from "../../../shared/ui/ui";

export function SweepHistory({ rows }: { rows: Sweep[] }) {
  if (rows.length === 0) return <Empty>No sweep yet.</Empty>;
  return (
    <table className="table table-compact" data-testid="sweep-history">
      <thead>
        <tr>
          <th>Started</th>
          <th>Grid</th>
          <th className="num">Points</th>
          <th>Status</th>
          <th>Sweet spot</th>
          <th className="num">Throughput</th>
          <th className="num">Median latency</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((s) => {
          const best = s.sweet_spot != null ? s.points[s.sweet_spot] : undefined;
          const measured = s.points.filter((p) => p.status === "done").length;
          return (
            <tr key={s.id} data-testid="sweep-row" data-sweep-id={s.id}>
              <td title={formatDateTime(s.job.created_at)}>{formatAgo(s.job.created_at)}</td>
              <td className="small">
                {describeGrid(s.points)}
                {s.latency_limit_ms != null && <span className="muted"> · ≤ {formatNumber(s.latency_limit_ms)} ms</span>}
              </td>
              <td className="num">
                {measured}/{s.points.length}
              </td>
              <td>
                <StatusChip status={s.job.status} />
              </td>
              <td className="small">{best ? describePoint(best) : "—"}</td>
              <td className="num strong">{best ? formatFps(best.throughput_fps) : "—"}</td>
              <td className="num">{best ? formatMs(best.latency_median_ms) : "—"}</td>
              <td className="right">
                <Link to={`/sweeps/${s.id}`} className="btn btn-small" data-testid="sweep-open">
                  Result
                </Link>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
