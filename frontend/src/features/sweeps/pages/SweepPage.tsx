/**
 * One sweep: the verdict, throughput against latency (with a latency limit that the server re-judges the
 * sweet spot for, debounced), FPS over batch × streams, and the points table; live while it runs.
 * Charts load lazily, after the page.
 */
import { useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useMemo, useState } from "react";
import { Link, useParams } from "react-router";
import { ApiError } from "../../../shared/api/errors";
import { keys } from "../../../shared/api/keys";
import { useModel } from "../../models/api/models";
import { useProject } from "../../projects/api/projects";
import { useSweep } from "../api/sweeps";
import type { Sweep } from "../../../api/types";
import { JobProgressView } from "../../../shared/jobs/JobProgress";
import { useLiveSweep } from "../components/SweepPanel";
import { Empty, ErrorBox, Facts, Loading, PageHeader, Panel, SortHeaders, Stat, StatusChip, useDebounced } from "../../../shared/ui/ui";
import { downloadText, jsonText, safeFilename } from "../../../shared/lib/export";
import { DASH, formatDateTime, formatMs, formatNumber, isJobFinished } from "../../../shared/lib/format";
import { describeSettings, effectiveHint, runLength } from "../../benchmarks/lib/settings";
import {
  DEFAULT_POINT_SORT,
  describeGrid,
  describePoint,
  formatEstimate,
  isMeasured,
  nextPointSort,
  parseLatencyLimit,
  sortPoints,
  sweepCsv,
  sweepHeatmap,
  withinLimit,
  type PointSort,
  type PointSortKey,
} from "../lib/sweep";
import "../sweeps.css";

const SweepScatter = lazy(() => import("../components/SweepCharts").then((m) => ({ default: m.SweepScatter })));
const SweepHeatmap = lazy(() => import("../components/SweepCharts").then((m) => ({ default: m.SweepHeatmap })));

const COLUMNS: { key: PointSortKey; label: string; num?: boolean; title?: string }[] = [
  { key: "index", label: "#", num: true, title: "grid order" },
  { key: "batch", label: "Batch", num: true },
  { key: "nstreams", label: "Streams", num: true },
  { key: "nireq", label: "Requests", num: true, title: "infer requests (auto: as the device suggests)" },
  { key: "status", label: "Status" },
  { key: "throughput_fps", label: "Throughput", num: true },
  { key: "latency_median_ms", label: "Median", num: true, title: "median latency" },
  { key: "latency_p90_ms", label: "p90", num: true, title: "90th percentile latency" },
];

const POINT_TONE: Record<string, string> = { done: "ok", failed: "bad", pending: "muted" };

function PointsTable({ sweep, fetching }: { sweep: Sweep; fetching: boolean }) {
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

function Figures({ sweep }: { sweep: Sweep }) {
  const done = sweep.points.filter(isMeasured);
  const failed = sweep.points.filter((p) => p.status === "failed").length;
  const best = sweep.sweet_spot != null ? sweep.points[sweep.sweet_spot] : undefined;
  const first = done[0];
  const gain = best && first && first.throughput_fps > 0 && best.throughput_fps != null ? best.throughput_fps / first.throughput_fps : null;
  return (
    <div className="stats stats-sweep" data-testid="sweep-figures">
      <Stat
        label="Sweet spot"
        value={best ? formatNumber(best.throughput_fps, 1) : DASH}
        unit={best ? "FPS" : undefined}
        primary
        testId="sweep-best"
        title={best ? describePoint(best) : "no point within the limit"}
      />
      <Stat label="At" value={best ? describePoint(best) : DASH} compact title={best ? describePoint(best) : undefined} />
      <Stat label="Median latency" value={best ? formatNumber(best.latency_median_ms) : DASH} unit={best ? "ms" : undefined} />
      <Stat label="vs first point" value={gain != null ? `${gain.toFixed(2)}×` : DASH} title={first ? describePoint(first) : undefined} />
      <Stat label="Measured" value={`${done.length}/${sweep.points.length}`} />
      <Stat label="Failed" value={String(failed)} />
      <Stat
        label="Limit"
        value={sweep.latency_limit_ms != null ? formatNumber(sweep.latency_limit_ms) : "none"}
        unit={sweep.latency_limit_ms != null ? "ms" : undefined}
      />
    </div>
  );
}

function LimitInput({ text, setText, error, stored }: { text: string; setText: (t: string) => void; error?: string; stored: number | null }) {
  return (
    <span className="limit-input">
      <label className="filter-inline">
        <span className="filter-label">Latency limit</span>
        <input
          type="number"
          min={0}
          step="any"
          placeholder={stored != null ? String(stored) : "none"}
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-testid="sweep-latency-limit"
          aria-invalid={!!error}
          title={error ?? "the sweet spot is the highest throughput whose median latency is within this limit"}
        />
        <span className="muted small">ms</span>
      </label>
      {text !== "" && (
        <button type="button" className="link-button small" onClick={() => setText("")} data-testid="sweep-limit-clear">
          clear
        </button>
      )}
      {error && <span className="warn small">{error}</span>}
    </span>
  );
}

function RunningPanel({ sweep }: { sweep: Sweep }) {
  const qc = useQueryClient();
  const events = useLiveSweep(sweep, () => void qc.invalidateQueries({ queryKey: keys.sweeps(sweep.project_id) }));
  return (
    <Panel title="Running">
      <JobProgressView
        jobId={sweep.job.id}
        events={events}
        label={`${sweep.points.length} points · ≈ ${formatEstimate(sweep.estimated_seconds)}`}
        testId="sweep-progress"
        cancellable
      />
    </Panel>
  );
}

function SweepView({ initial }: { initial: Sweep }) {
  const [limitText, setLimitText] = useState(initial.latency_limit_ms != null ? String(initial.latency_limit_ms) : "");
  const typed = parseLatencyLimit(limitText);
  const settled = parseLatencyLimit(useDebounced(limitText, 400));
  // an empty field asks with no limit: the server then applies the one the sweep was started with
  const query = useSweep(initial.id, settled.error ? null : settled.value);
  const sweep = query.data ?? initial;
  const project = useProject(sweep.project_id);
  const model = useModel(project.data?.model_id ?? "");
  const finished = isJobFinished(sweep.job);
  const heat = useMemo(() => sweepHeatmap(sweep.points), [sweep.points]);
  const measured = sweep.points.some(isMeasured);
  // the line follows the field as typed; the sweet spot and shading follow the server's last answer
  const lineLimit = typed.error ? (sweep.latency_limit_ms ?? null) : (typed.value ?? sweep.latency_limit_ms ?? null);
  const s = sweep.settings;
  const p = project.data;

  return (
    <>
      <PageHeader
        crumbs={[
          { label: "Projects", to: "/projects" },
          { label: p?.name || sweep.project_id, to: `/projects/${sweep.project_id}` },
          { label: "Sweep" },
        ]}
        title={
          <>
            Sweep <StatusChip status={sweep.job.status} testId="sweep-status" />
          </>
        }
        subtitle={
          <span data-testid="sweep-context">
            {model.data?.name ?? p?.model_id ?? ""}
            {p ? ` ${p.precision}` : ""} on {s.device} · {describeGrid(sweep.points)} · {runLength(s)} per point · started{" "}
            {formatDateTime(sweep.job.created_at)}
          </span>
        }
        actions={
          <>
            <button
              type="button"
              className="btn"
              onClick={() => downloadText(safeFilename(`${sweep.id}_points`, "csv"), sweepCsv(sweep), "text/csv")}
              data-testid="download-sweep-csv"
              title="One row per point"
            >
              Download CSV
            </button>
            <button
              type="button"
              className="btn"
              onClick={() => downloadText(safeFilename(sweep.id, "json"), jsonText(sweep), "application/json")}
              data-testid="download-sweep-json"
              title="The sweep as the API returns it (for the limit shown)"
            >
              Download JSON
            </button>
            <Link className="btn" to={`/projects/${sweep.project_id}`}>
              Back to project
            </Link>
          </>
        }
      />
      {!finished && <RunningPanel key={sweep.job.id} sweep={initial} />}
      {finished && sweep.job.status !== "succeeded" && (
        <ErrorBox
          error={
            new ApiError(
              0,
              sweep.job.error?.code ?? sweep.job.status,
              sweep.job.error?.message ??
                (sweep.job.status === "cancelled" ? "Stopped before every point ran." : `The sweep ${sweep.job.status}.`),
            )
          }
          title={sweep.job.status === "cancelled" ? "The sweep was cancelled: the points measured before are kept" : "The sweep failed"}
          testId="sweep-job-error"
        />
      )}
      <div
        className={`verdict${sweep.sweet_spot == null && measured ? " verdict-warn" : ""}`}
        data-testid="sweep-verdict"
        data-fetching={query.isFetching ? "true" : "false"}
      >
        {sweep.verdict ?? (finished ? "No point was measured." : "Waiting for the first point…")}
      </div>
      <Figures sweep={sweep} />
      <div className={heat ? "grid-3" : undefined}>
        <Panel
          title="Throughput vs latency"
          actions={<LimitInput text={limitText} setText={setLimitText} error={typed.error} stored={initial.latency_limit_ms ?? null} />}
        >
          {measured ? (
            <Suspense fallback={<div className="chart-placeholder chart-sweep" />}>
              <SweepScatter points={sweep.points} sweetSpot={sweep.sweet_spot} limitMs={lineLimit} />
            </Suspense>
          ) : (
            <Empty>No point measured yet: they appear here as they finish.</Empty>
          )}
          <div className="muted small chart-note">
            One line per batch, through growing streams. The sweet spot (★) is the highest throughput whose median
            latency is within the limit; points over it are faded.
          </div>
        </Panel>
        {heat && (
          <Panel title="FPS by batch × streams">
            <Suspense fallback={<div className="chart-placeholder" />}>
              <SweepHeatmap points={sweep.points} sweetSpot={sweep.sweet_spot} />
            </Suspense>
          </Panel>
        )}
      </div>
      <Panel
        title="Points"
        className="panel-flush"
        actions={<span className="muted small">{sweep.points.length} points · click a header to sort</span>}
      >
        <PointsTable sweep={sweep} fetching={query.isFetching} />
      </Panel>
      <Panel title="Base settings">
        <Facts
          items={[
            ["Device", s.device ?? DASH],
            ["API", s.api ?? "async"],
            ["Hint", sweep.points.some((x) => x.nstreams != null) ? "NONE (explicit streams)" : effectiveHint(s)],
            ["Per point", runLength(s)],
            ["Inference precision", s.infer_precision ?? "device default"],
            ["Shapes", s.shape ? Object.entries(s.shape).map(([k, v]) => `${k} [${v.join(",")}]`).join("; ") : "model's"],
            ["Settings", describeSettings(s)],
            ["Estimate", `≈ ${formatEstimate(sweep.estimated_seconds)}`],
          ]}
        />
      </Panel>
    </>
  );
}

export function SweepPage() {
  const { sweepId = "" } = useParams();
  const query = useSweep(sweepId);
  if (query.isLoading) return <Loading />;
  if (query.error || !query.data) return <ErrorBox error={query.error ?? "not found"} title="Cannot load the sweep" />;
  // keyed: another sweep starts with its own limit
  return <SweepView key={query.data.id} initial={query.data} />;
}

