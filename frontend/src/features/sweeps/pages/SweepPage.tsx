/**
 * One sweep: the verdict, throughput against latency (with a latency limit that the server re-judges the
 * sweet spot for, debounced), FPS over batch × streams, and the points table; live while it runs.
 * Charts load lazily, after the page.
 */
import { lazy, Suspense, useMemo, useState } from "react";
import { Link, useParams } from "react-router";
import { ApiError } from "../../../shared/api/errors";
import { useModel } from "../../models/api/models";
import { useProject } from "../../projects/api/projects";
import { useSweep } from "../api/sweeps";
import type { Sweep } from "../../../api/types";
import { Empty, ErrorBox, Facts, Loading, PageHeader, Panel, StatusChip, useDebounced } from "../../../shared/ui/ui";
import { downloadText, jsonText, safeFilename } from "../../../shared/lib/export";
import { DASH, formatDateTime, isJobFinished } from "../../../shared/lib/format";
import { describeSettings, effectiveHint, runLength } from "../../benchmarks/lib/settings";
import { describeGrid, formatEstimate, isMeasured, parseLatencyLimit, sweepCsv, sweepHeatmap } from "../lib/sweep";
import "../sweeps.css";
import { PointsTable } from "../components/PointsTable";
import { Figures, LimitInput, RunningPanel } from "../components/SweepFigures";
import { RanIn } from "../../../shared/ui/RanIn";
import { projectWeights } from "../../../shared/lib/precision";

const SweepScatter = lazy(() => import("../components/SweepCharts").then((m) => ({ default: m.SweepScatter })));
const SweepHeatmap = lazy(() => import("../components/SweepCharts").then((m) => ({ default: m.SweepHeatmap })));

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
            {p ? ` ${projectWeights(p)}` : ""} on {s.device} · {describeGrid(sweep.points)} · {runLength(s)} per point · started{" "}
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
      {measured && <RanIn ranIn={sweep.ran_in} asked={sweep.settings.infer_precision} />}
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
