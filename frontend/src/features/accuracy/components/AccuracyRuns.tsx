/** A project's accuracy runs. */
import { Link } from "react-router";
import type { AccuracyRun } from "../../../api/types";
import { configSummary, runOutcome, topMetric } from "../lib/accuracy";
import { formatAgo, formatDateTime, formatNumber } from "../../../shared/lib/format";
import { Empty, StatusChip } from "../../../shared/ui/ui";
import "../../../shared/ui/images.css";

export function AccuracyRuns({ rows }: { rows: AccuracyRun[] }) {
  if (rows.length === 0) return <Empty>No accuracy run yet.</Empty>;
  return (
    <table className="table table-compact" data-testid="accuracy-runs">
      <thead>
        <tr>
          <th>Started</th>
          <th>Configuration</th>
          <th>Status</th>
          <th className="num">Top metric</th>
          <th className="num">Images/s</th>
          <th>Verdict</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const top = topMetric(r);
          return (
            <tr key={r.id} data-testid="accuracy-row" data-accuracy-id={r.id} data-status={r.job.status}>
              <td title={formatDateTime(r.job.created_at)}>{formatAgo(r.job.created_at)}</td>
              <td className="small">
                {configSummary(r.config).map((t) => (
                  <span key={t} className="tag tag-light">
                    {t}
                  </span>
                ))}
              </td>
              <td>
                <StatusChip status={r.job.status} />
              </td>
              <td className="num strong" data-testid="accuracy-row-metric" title={top?.name}>
                {top ? top.text : "—"}
              </td>
              <td className="num">{r.result ? formatNumber(r.result.images_per_second, 0) : "—"}</td>
              <td className={`small cell-note${r.job.status === "failed" ? " bad-text mono" : ""}`} data-testid="accuracy-row-verdict">
                {runOutcome(r)}
              </td>
              <td className="right">
                <Link to={`/accuracy/${r.id}`} className="btn btn-small" data-testid="accuracy-open">
                  {r.result ? "Result" : "Details"}
                </Link>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
