import { useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { Link, useParams } from "react-router";
import { ApiError } from "../api/errors";
import { keys, useBenchmark, useModel, useProject } from "../api/queries";
import type { Benchmark, BenchmarkResult } from "../api/types";
import { JobProgress } from "../components/JobProgress";
import { Empty, ErrorBox, Facts, Loading, PageHeader, Panel, StatusChip } from "../components/ui";
import {
  DASH,
  flattenManifest,
  formatDateTime,
  formatMs,
  formatNumber,
  formatSeconds,
  isJobFinished,
  latencyRows,
  verdictOf,
} from "../lib/format";

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

function Result({ benchmark, result }: { benchmark: Benchmark; result: BenchmarkResult }) {
  const manifest = flattenManifest(result.manifest as Record<string, unknown> | undefined);
  return (
    <>
      <div className="verdict" data-testid="verdict">
        {verdictOf(benchmark)}
      </div>
      <KeyFigures result={result} />
      <div className="grid-2 grid-2-wide">
        <Panel title="Latency (ms)">
          <Suspense fallback={<div className="chart"><Loading label="Loading chart…" /></div>}>
            <LatencyChart result={result} />
          </Suspense>
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

export function BenchmarkPage() {
  const { benchmarkId = "" } = useParams();
  const qc = useQueryClient();
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
            {project ? ` ${project.precision}` : ""} on {b.settings.device} · hint {b.settings.hint} ·{" "}
            {formatSeconds(b.settings.duration_seconds)} · nireq {b.settings.nireq ?? "auto"} · started{" "}
            {formatDateTime(b.job.created_at)}
          </span>
        }
        actions={
          <Link className="btn" to={`/projects/${b.project_id}`}>
            Back to project
          </Link>
        }
      />
      {!finished && (
        <Panel title="Running">
          <JobProgress
            key={b.job.id}
            jobId={b.job.id}
            initial={b.job}
            testId="benchmark-progress"
            onFinished={() => void qc.invalidateQueries({ queryKey: keys.benchmark(b.id) })}
          />
        </Panel>
      )}
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

// ECharts is the heaviest dependency: load it with the first result page, not with the app
const LatencyChart = lazy(() => import("../components/LatencyChart").then((m) => ({ default: m.LatencyChart })));

// the page's header context is optional: errors there should not hide the result
function useProjectIfAny(id: string) {
  const q = useProject(id);
  return id ? q.data : undefined;
}

function useModelIfAny(id: string) {
  const q = useModel(id);
  return id ? q.data : undefined;
}
