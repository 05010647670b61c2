/** Every point of a sweep, sortable. */
import { useMemo, useState } from "react";
import type { Sweep } from "../../../api/types";
import { SortHeaders } from "../../../shared/ui/ui";
import { DASH, formatMs, formatNumber } from "../../../shared/lib/format";
import { DEFAULT_POINT_SORT, isMeasured, nextPointSort, sortPoints, withinLimit, type PointSort, type PointSortKey } from "../lib/sweep";
import "../sweeps.css";

export const COLUMNS: { key: PointSortKey; label: string; num?: boolean; title?: string }[] = [
  { key: "index", label: "#", num: true, title: "grid order" },
  { key: "batch", label: "Batch", num: true },
  { key: "nstreams", label: "Streams", num: true },
  { key: "nireq", label: "Requests", num: true, title: "infer requests (auto: as the device suggests)" },
  { key: "status", label: "Status" },
  { key: "throughput_fps", label: "Throughput", num: true },
  { key: "latency_median_ms", label: "Median", num: true, title: "median latency" },
  { key: "latency_p90_ms", label: "p90", num: true, title: "90th percentile latency" },
];

export const POINT_TONE: Record<string, string> = { done: "ok", failed: "bad", pending: "muted" };

export function PointsTable({ sweep, fetching }: { sweep: Sweep; fetching: boolean }) {
  const [sort, setSort] = useState<PointSort>(DEFAULT_POINT_SORT);
  const rows = useMemo(() => sortPoints(sweep.points, sort), [sweep.points, sort]);
  const limit = sweep.latency_limit_ms ?? null;
  const best = sweep.sweet_spot;
  return (
    <div className="table-scroll table-scroll-tall">
      <table
        className="table table-compact table-sticky"
        data-testid="sweep-points-table"
        data-rows={rows.length}
        data-limit={limit ?? undefined}
        data-sweet-spot={best ?? undefined}
        data-fetching={fetching ? "true" : "false"}
      >
        <thead>
          <tr>
            <SortHeaders columns={COLUMNS} sort={sort} onSort={(key) => setSort(nextPointSort(sort, key))} testIdPrefix="sweep-sort-" />
            <th>Limit</th>
            <th>Note</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => {
            const sweet = p.index === best;
            const measured = isMeasured(p);
            const within = measured ? withinLimit(p, limit) : null;
            return (
              <tr
                key={p.index}
                className={`${sweet ? "selected sweet-row" : ""}${within === false ? " over-limit" : ""}`.trim() || undefined}
                data-testid="sweep-point-row"
                data-index={p.index}
                data-sweet-spot={sweet ? "true" : "false"}
                data-status={p.status}
                data-latency-median={p.latency_median_ms ?? undefined}
                data-throughput={p.throughput_fps ?? undefined}
                data-within-limit={within === null ? undefined : String(within)}
              >
                <td className="num muted">{p.index + 1}</td>
                <td className="num">{p.batch ?? <span className="muted">model's</span>}</td>
                <td className="num">{p.nstreams ?? <span className="muted">auto</span>}</td>
                <td className="num">{p.nireq ?? <span className="muted">auto</span>}</td>
                <td>
                  <span className={`chip chip-${POINT_TONE[p.status] ?? "muted"} chip-flat`}>{p.status}</span>
                </td>
                <td className="num strong">{p.throughput_fps != null ? `${formatNumber(p.throughput_fps, 1)} FPS` : DASH}</td>
                <td className="num">{formatMs(p.latency_median_ms)}</td>
                <td className="num muted">{formatMs(p.latency_p90_ms)}</td>
                <td className="small">
                  {within === null ? (
                    DASH
                  ) : limit == null ? (
                    <span className="muted">no limit</span>
                  ) : within ? (
                    <span className="ok-text">within</span>
                  ) : (
                    <span className="bad-text">over</span>
                  )}
                </td>
                <td className="small cell-note">
                  {sweet && (
                    <span className="chip chip-ok" data-testid="sweet-spot-badge">
                      ★ sweet spot
                    </span>
                  )}
                  {p.error && (
                    <span className="bad-text" title={p.error}>
                      {p.error}
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
