import { useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { Link, useParams } from "react-router";
import { ApiError } from "../../../shared/api/errors";
import { keys } from "../../../shared/api/keys";
import { useModel } from "../../models/api/models";
import { useProject } from "../../projects/api/projects";
import { useBenchmark } from "../api/benchmarks";
import type { Benchmark } from "../../../api/types";
import { CompareWith } from "../../compare/components/CompareWith";
import { JobProgressView, useJobEvents } from "../../../shared/jobs/JobProgress";
import { ErrorBox, Loading, PageHeader, Panel, StatusChip } from "../../../shared/ui/ui";
import { benchmarkAppCsv, downloadText, jsonText, safeFilename } from "../../../shared/lib/export";
import { formatDateTime, isJobFinished } from "../../../shared/lib/format";
import { describeSettings } from "../lib/settings";
import "../benchmarks.css";
import { Result } from "../components/BenchmarkResult";
import { projectWeights } from "../../../shared/lib/precision";

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
            {project ? ` ${projectWeights(project)}` : ""} on {b.settings.device} · {describeSettings(b.settings)} · started{" "}
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
