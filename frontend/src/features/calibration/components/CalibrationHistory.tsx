/** A project's past calibrations: settings, status, key figures, verdict. */
import { Link } from "react-router";
import { type Calibration } from "../../../api/types";
import { calibrationOutcome, describeCalibration, figureTone, formatSizeChange, formatTimes } from "../lib/calibration";
import { formatAgo, formatDateTime } from "../../../shared/lib/format";
import { Empty, StatusChip } from "../../../shared/ui/ui";

export function CalibrationHistory({ rows }: { rows: Calibration[] }) {
  if (rows.length === 0) return <Empty>No calibration yet.</Empty>;
  return (
    <table className="table table-compact" data-testid="calibration-history">
      <thead>
        <tr>
          <th>Started</th>
          <th>Settings</th>
          <th>Status</th>
          <th className="num">Throughput</th>
          <th className="num">Size</th>
          <th>Verdict</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => {
          const r = c.report;
          const tput = figureTone("throughput", r?.throughput_ratio);
          const size = figureTone("size", r?.size_change);
          return (
            <tr key={c.id} data-testid="calibration-row" data-calibration-id={c.id} data-status={c.job.status}>
              <td title={formatDateTime(c.created_at)}>{formatAgo(c.created_at)}</td>
              <td className="small">{describeCalibration(c.settings)}</td>
              <td>
                <StatusChip status={c.job.status} />
              </td>
              <td className={`num strong${tput === "ok" ? " ok-text" : tput === "bad" ? " bad-text" : ""}`}>
                {formatTimes(r?.throughput_ratio)}
              </td>
              <td className={`num${size === "ok" ? " ok-text" : size === "bad" ? " bad-text" : ""}`}>{formatSizeChange(r?.size_change)}</td>
              <td className={`small cell-note${c.job.status === "failed" ? " bad-text mono" : ""}`} data-testid="calibration-outcome" title={r?.verdict ?? c.job.error?.message ?? undefined}>
                {calibrationOutcome(c)}
              </td>
              <td className="right">
                <Link to={`/calibrations/${c.id}`} className="btn btn-small" data-testid="calibration-open">
                  {r ? "Report" : "Details"}
                </Link>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
