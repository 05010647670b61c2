import { useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { Link, useParams } from "react-router";
import { ApiError } from "../../../shared/api/errors";
import { keys } from "../../../shared/api/keys";
import { useModel } from "../../models/api/models";
import { useProject } from "../../projects/api/projects";
import { useBenchmark } from "../api/benchmarks";
import type { Benchmark, BenchmarkResult, Stability } from "../../../api/types";
import { CompareWith } from "../../compare/components/CompareWith";
import { JobProgressView, useJobEvents } from "../../../shared/jobs/JobProgress";
import { Empty, ErrorBox, Facts, Loading, PageHeader, Panel, StatusChip } from "../../../shared/ui/ui";
import { benchmarkAppCsv, downloadText, jsonText, safeFilename } from "../../../shared/lib/export";
import {
  DASH,
  flattenManifest,
  formatDateTime,
  formatMs,
  formatNumber,
  formatSeconds,
  isJobFinished,
  latencyRows,
  stabilityBadge,
  verdictOf,
} from "../../../shared/lib/format";
import { describeSettings, effectiveHint, runLength } from "../lib/settings";
import "../benchmarks.css";

function Figure({
  label,
  value,
  unit,
  raw,
  testId,
  missingReason,
  primary = false,
}: {
  label: string;
  value: number | null | undefined;
  unit: string;
  raw?: boolean;
  testId: string;
  missingReason?: string;
  primary?: boolean;
}) {
  const missing = value == null;
  return (
    <div className={`figure${primary ? " figure-primary" : ""}`} data-testid={testId}>
      <div className="figure-label">{label}</div>
      <div className="figure-value">
        {missing ? (
          <span className="figure-missing" title={missingReason} data-testid={`${testId}-value`}>
            {DASH}
          </span>
        ) : (
          <>
            <span data-testid={`${testId}-value`} data-value={raw === false ? undefined : String(value)}>
              {formatNumber(value, 2, !primary)}
            </span>
            <span className="figure-unit">{unit}</span>
          </>
        )}
      </div>
    </div>
  );
}

function KeyFigures({ result }: { result: BenchmarkResult }) {
  return (
    <div className="figures" data-testid="key-figures">
      <Figure label="Throughput" value={result.throughput_fps} unit="FPS" testId="throughput" primary />
      {latencyRows(result)
        .sort((a, b) => ORDER.indexOf(a.key) - ORDER.indexOf(b.key))
        .map((r) => (
          <Figure
            key={r.key}
            label={`${r.label} latency`}
            value={r.value}
            unit="ms"
            testId={`latency-${r.key}`}
            missingReason="too few samples"
          />
        ))}
    </div>
  );
}

const ORDER = ["median", "mean", "min", "max", "p90", "p95", "p99"];

function StabilityBlock({ stability }: { stability: Stability | null | undefined }) {
  const badge = stabilityBadge(stability);
  return (
    <Panel
      title="Stability"
      testId="stability-block"
      actions={
        <span
          className={`chip chip-${badge.tone}`}
          data-testid="stability-badge"
          data-stable={stability ? String(stability.stable) : undefined}
          title={badge.title}
        >
          {badge.label}
        </span>
      }
    >
      {stability ? (
        <>
          <div className="stability-facts">
            <span>
              CV{" "}
              <strong data-testid="stability-cv" data-value={String(stability.cv)}>
                {formatNumber(stability.cv * 100, 1)}%
              </strong>
            </span>
            <span className="muted small">
              throughput in {stability.window_fps.length} windows of equal duration; stable = the last three within ±5%
              of their mean (darker bars) and CV under 10%
            </span>
          </div>
          <Suspense fallback={<div className="chart-placeholder chart-small" />}>
            <StabilityChart stability={stability} />
          </Suspense>
        </>
      ) : (
        <Empty>The run was too short to split into windows. Run it longer to judge its stability.</Empty>
      )}
    </Panel>
  );
}

function Result({ benchmark, result }: { benchmark: Benchmark; result: BenchmarkResult }) {
  const manifest = flattenManifest(result.manifest as Record<string, unknown> | undefined);
  const unstable = result.stability != null && !result.stability.stable;
  const s = benchmark.settings;
  return (
    <>
      <div className={`verdict${unstable ? " verdict-warn" : ""}`} data-testid="verdict">
        {verdictOf(benchmark)}
      </div>
      <KeyFigures result={result} />
      <div className="grid-3">
        <Panel title="Latency (ms)">
          <Suspense fallback={<div className="chart-placeholder" />}>
            <LatencyChart result={result} />
          </Suspense>
        </Panel>
        <StabilityBlock stability={result.stability} />
      </div>
      <div className="grid-2">
        <Panel title="Settings">
          <Facts
            items={[
              ["Device", s.device ?? DASH],
              ["API", s.api ?? "async"],
              ["Hint", s.hint ?? `${effectiveHint(s)} (default for ${s.api ?? "async"})`],
              ["Length", runLength(s)],
              ["nireq", s.nireq ?? "auto"],
              ["nstreams", s.nstreams ?? "auto"],
              ["nthreads", s.nthreads ?? "auto"],
              ["Batch", s.batch ?? "model's"],
              ["Inference precision", s.infer_precision ?? "device default"],
              ["Shapes", s.shape ? Object.entries(s.shape).map(([k, v]) => `${k} [${v.join(",")}]`).join("; ") : "model's"],
            ]}
          />
        </Panel>
        <Panel title="Run">
          <Facts
            items={[
              ["Inferences", result.count.toLocaleString("en-US")],
              ["Measured for", formatSeconds(result.duration_ms / 1000)],
              ["Batch", result.batch],
              ["Infer requests", result.nireq],
              ["Streams", result.nstreams ?? DASH],
              ["Latency stdev", formatMs(result.latency.stdev)],
              ["Latency samples", result.latency.count.toLocaleString("en-US")],
              ["First inference", formatMs(result.first_inference_ms)],
              ["Model read", formatMs(result.read_ms)],
              ["Compile", formatMs(result.compile_ms)],
            ]}
          />
        </Panel>
      </div>
      <Panel title="Manifest">
        {manifest.length === 0 ? (
          <Empty>The run reported no manifest.</Empty>
        ) : (
          <table className="table table-kv" data-testid="manifest-table">
            <tbody>
              {manifest.map((row) => (
                <tr key={row.key}>
                  <th className="mono">{row.key}</th>
                  <td className="mono wrap">{row.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </>
  );
}

function Running({ benchmark }: { benchmark: Benchmark }) {
  const qc = useQueryClient();
  const events = useJobEvents(benchmark.job.id, benchmark.job, () =>
    void qc.invalidateQueries({ queryKey: keys.benchmark(benchmark.id) }),
  );
  return (
    <Panel title="Running">
      <div className="live-grid">
        <JobProgressView jobId={benchmark.job.id} events={events} testId="benchmark-progress" cancellable />
        <Suspense fallback={<div className="chart-placeholder chart-live" />}>
          <LiveChart samples={events.samples} durationSeconds={benchmark.settings.duration_seconds} />
        </Suspense>
      </div>
    </Panel>
  );
}

function Downloads({ benchmark }: { benchmark: Benchmark }) {
  const csv = benchmarkAppCsv(benchmark);
  return (
    <>
      <button
        type="button"
        className="btn"
        onClick={() => downloadText(safeFilename(benchmark.id, "json"), jsonText(benchmark), "application/json")}
        data-testid="download-json"
        title="The benchmark as the API returns it"
      >
        Download JSON
      </button>
      <button
        type="button"
        className="btn"
        disabled={csv === null}
        onClick={() => csv && downloadText(safeFilename(`${benchmark.id}_benchmark_report`, "csv"), csv, "text/csv")}
        data-testid="download-csv"
        title="benchmark_app's benchmark_report.csv: ';'-separated, its row names"
      >
        Download CSV <span className="muted small">benchmark_app format</span>
      </button>
    </>
  );
}

export function BenchmarkPage() {
  const { benchmarkId = "" } = useParams();
  const benchmark = useBenchmark(benchmarkId);
  const projectId = benchmark.data?.project_id ?? "";
  const project = useProjectIfAny(projectId);
  const model = useModelIfAny(project?.model_id ?? "");

  if (benchmark.isLoading) return <Loading />;
  if (benchmark.error || !benchmark.data)
    return <ErrorBox error={benchmark.error ?? "not found"} title="Cannot load the benchmark" />;
  const b = benchmark.data;
  const finished = isJobFinished(b.job);

  return (
    <>
      <PageHeader
        crumbs={[
          { label: "Projects", to: "/projects" },
          { label: project?.name || b.project_id, to: `/projects/${b.project_id}` },
          { label: "Benchmark" },
        ]}
        title={
          <>
            Benchmark <StatusChip status={b.job.status} testId="benchmark-status" />
          </>
        }
        subtitle={
          <span data-testid="benchmark-context">
            {model?.name ?? project?.model_id ?? ""}
            {project ? ` ${project.precision}` : ""} on {b.settings.device} · {describeSettings(b.settings)} · started{" "}
            {formatDateTime(b.job.created_at)}
          </span>
        }
        actions={
          <>
            {b.result && <CompareWith id={b.id} kind="benchmark" />}
            {b.result && <Downloads benchmark={b} />}
            <Link className="btn" to={`/projects/${b.project_id}`}>
              Back to project
            </Link>
          </>
        }
      />
      {!finished && <Running key={b.job.id} benchmark={b} />}
      {finished && b.job.status !== "succeeded" && (
        <ErrorBox
          error={new ApiError(0, b.job.error?.code ?? b.job.status, b.job.error?.message ?? `The benchmark ${b.job.status}.`)}
          title={b.job.status === "cancelled" ? "The benchmark was cancelled" : "The benchmark failed"}
          testId="benchmark-error"
        />
      )}
      {b.job.status === "succeeded" && !b.result && <Loading label="Loading the result…" />}
      {b.result && <Result benchmark={b} result={b.result} />}
    </>
  );
}

// ECharts is the heaviest dependency: load it with the charts, after the page
const LatencyChart = lazy(() => import("../components/LatencyChart").then((m) => ({ default: m.LatencyChart })));
const StabilityChart = lazy(() => import("../components/StabilityChart").then((m) => ({ default: m.StabilityChart })));
const LiveChart = lazy(() => import("../../../shared/charts/LiveChart").then((m) => ({ default: m.LiveChart })));

// the page's header context is optional: errors there should not hide the result
function useProjectIfAny(id: string) {
  const q = useProject(id);
  return id ? q.data : undefined;
}

function useModelIfAny(id: string) {
  const q = useModel(id);
  return id ? q.data : undefined;
}
