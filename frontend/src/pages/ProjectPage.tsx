import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useParams } from "react-router";
import { keys, useBenchmarks, useCreateBenchmark, useDatasets, useModel, useProject, useTargets } from "../api/queries";
import { HINTS, type Benchmark, type Job, type PerformanceHint, type Project } from "../api/types";
import { JobProgress } from "../components/JobProgress";
import { Empty, ErrorBox, Loading, PageHeader, Panel, StatusChip } from "../components/ui";
import { formatAgo, formatDateTime, formatFps, formatMs, formatSeconds, isJobFinished } from "../lib/format";

const HINT_HELP: Record<PerformanceHint, string> = {
  THROUGHPUT: "many parallel requests: highest FPS",
  LATENCY: "one request at a time: lowest latency",
  CUMULATIVE_THROUGHPUT: "spread over all devices of a multi-device target",
  NONE: "the plugin's defaults, tuned by nireq",
};

function Breadcrumb({ project }: { project: Project }) {
  const model = useModel(project.model_id);
  const datasets = useDatasets();
  const targets = useTargets();
  const dataset = datasets.data?.data.find((d) => d.id === project.dataset_id);
  const target = targets.data?.data.find((t) => t.id === project.target_id);
  return (
    <div className="combo" data-testid="project-breadcrumb">
      <span className="combo-part">
        <span className="combo-label">model</span>
        <Link to={`/models/${project.model_id}`}>{model.data?.name ?? project.model_id}</Link>
        <span className="tag">{project.precision}</span>
      </span>
      <span className="combo-x">×</span>
      <span className="combo-part">
        <span className="combo-label">dataset</span>
        {dataset ? `${dataset.name}` : project.dataset_id}
      </span>
      <span className="combo-x">×</span>
      <span className="combo-part">
        <span className="combo-label">target</span>
        <Link to="/targets">{project.target_id}</Link>
        {target && <span className={`dot dot-${target.status}`} title={target.status} />}
      </span>
      <span className="combo-x">×</span>
      <span className="combo-part">
        <span className="combo-label">device</span>
        <strong>{project.device}</strong>
      </span>
    </div>
  );
}

function BenchmarkForm({ projectId, onStarted }: { projectId: string; onStarted: (b: Benchmark) => void }) {
  const create = useCreateBenchmark(projectId);
  const [duration, setDuration] = useState("10");
  const [hint, setHint] = useState<PerformanceHint>("THROUGHPUT");
  const [nireq, setNireq] = useState("");

  const durationValue = Number(duration);
  const nireqValue = nireq.trim() === "" ? null : Number(nireq);
  const durationOk = Number.isFinite(durationValue) && durationValue > 0 && durationValue <= 3600;
  const nireqOk = nireqValue === null || (Number.isInteger(nireqValue) && nireqValue >= 1 && nireqValue <= 256);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!durationOk || !nireqOk) return;
    create.mutate({ duration_seconds: durationValue, hint, nireq: nireqValue }, { onSuccess: onStarted });
  };

  return (
    <form className="form" onSubmit={submit} data-testid="benchmark-form">
      <div className="form-grid form-grid-4">
        <label className="field">
          <span className="field-label">Duration (seconds)</span>
          <input
            type="number"
            min={0.1}
            max={3600}
            step="any"
            value={duration}
            onChange={(e) => setDuration(e.target.value)}
            data-testid="bench-duration"
            aria-invalid={!durationOk}
          />
          {!durationOk && <span className="field-hint warn">between 0 and 3600 s</span>}
        </label>
        <label className="field">
          <span className="field-label">Performance hint</span>
          <select value={hint} onChange={(e) => setHint(e.target.value as PerformanceHint)} data-testid="bench-hint">
            {HINTS.map((h) => (
              <option key={h} value={h}>
                {h}
              </option>
            ))}
          </select>
          <span className="field-hint">{HINT_HELP[hint]}</span>
        </label>
        <label className="field">
          <span className="field-label">Infer requests (nireq)</span>
          <input
            type="number"
            min={1}
            max={256}
            step={1}
            placeholder="auto"
            value={nireq}
            onChange={(e) => setNireq(e.target.value)}
            data-testid="bench-nireq"
            aria-invalid={!nireqOk}
          />
          {!nireqOk && <span className="field-hint warn">an integer from 1 to 256, or empty</span>}
        </label>
        <div className="field field-submit">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={!durationOk || !nireqOk || create.isPending}
            data-testid="bench-submit"
          >
            {create.isPending ? "Starting…" : "Run benchmark"}
          </button>
        </div>
      </div>
      {create.error && <ErrorBox error={create.error} title="Cannot start the benchmark" />}
    </form>
  );
}

function LiveBenchmark({
  benchmark,
  projectId,
  onJob,
}: {
  benchmark: Benchmark;
  projectId: string;
  onJob?: (job: Job) => void;
}) {
  const qc = useQueryClient();
  const [final, setFinal] = useState<Job | null>(isJobFinished(benchmark.job) ? benchmark.job : null);
  return (
    <div className="live-benchmark" data-testid="live-benchmark" data-benchmark-id={benchmark.id}>
      <JobProgress
        key={benchmark.job.id}
        jobId={benchmark.job.id}
        initial={benchmark.job}
        label={`${benchmark.settings.hint ?? "THROUGHPUT"} · ${formatSeconds(benchmark.settings.duration_seconds)}`}
        testId="benchmark-progress"
        onFinished={(job) => {
          setFinal(job);
          onJob?.(job);
          void qc.invalidateQueries({ queryKey: keys.benchmarks(projectId) });
          void qc.invalidateQueries({ queryKey: keys.benchmark(benchmark.id) });
          void qc.invalidateQueries({ queryKey: keys.targets });
        }}
      />
      {final?.status === "succeeded" && (
        <div className="live-done">
          Finished.{" "}
          <Link className="btn btn-primary btn-small" to={`/benchmarks/${benchmark.id}`} data-testid="open-result">
            Open result
          </Link>
        </div>
      )}
    </div>
  );
}

function History({ projectId }: { projectId: string }) {
  const benchmarks = useBenchmarks(projectId);
  if (benchmarks.isLoading) return <Loading />;
  if (benchmarks.error) return <ErrorBox error={benchmarks.error} title="Cannot list benchmarks" />;
  const rows = benchmarks.data?.data ?? [];
  if (rows.length === 0) return <Empty>No benchmark has run on this project yet.</Empty>;
  return (
    <table className="table" data-testid="benchmark-history">
      <thead>
        <tr>
          <th>Started</th>
          <th>Hint</th>
          <th className="num">Duration</th>
          <th className="num">nireq</th>
          <th>Status</th>
          <th className="num">Throughput</th>
          <th className="num">Median latency</th>
          <th className="num">Inferences</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((b) => (
          <tr key={b.id} data-testid="benchmark-row" data-benchmark-id={b.id}>
            <td title={formatDateTime(b.job.created_at)}>{formatAgo(b.job.created_at)}</td>
            <td>{b.settings.hint}</td>
            <td className="num">{formatSeconds(b.settings.duration_seconds)}</td>
            <td className="num">{b.settings.nireq ?? b.result?.nireq ?? "auto"}</td>
            <td>
              <StatusChip status={b.job.status} />
            </td>
            <td className="num strong">{b.result ? formatFps(b.result.throughput_fps) : "—"}</td>
            <td className="num">{b.result ? formatMs(b.result.latency.median) : "—"}</td>
            <td className="num">{b.result ? b.result.count.toLocaleString("en-US") : "—"}</td>
            <td className="right">
              <Link to={`/benchmarks/${b.id}`} className="btn btn-small" data-testid="benchmark-open">
                {b.result ? "Result" : "Details"}
              </Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ProjectPage() {
  const { projectId = "" } = useParams();
  const project = useProject(projectId);
  const benchmarks = useBenchmarks(projectId);
  const [started, setStarted] = useState<Benchmark[]>([]);

  if (project.isLoading) return <Loading />;
  if (project.error || !project.data) return <ErrorBox error={project.error ?? "not found"} title="Cannot load the project" />;
  const p = project.data;

  // live panels: the runs started here, plus any unfinished run found in the history (started elsewhere)
  const startedIds = new Set(started.map((b) => b.id));
  const running = (benchmarks.data?.data ?? []).filter((b) => !isJobFinished(b.job) && !startedIds.has(b.id));
  const live = [...started, ...running].slice(0, 3); // each one holds an HTTP connection open

  return (
    <>
      <PageHeader
        crumbs={[{ label: "Projects", to: "/projects" }, { label: p.name || p.id }]}
        title={p.name || p.id}
        subtitle={<Breadcrumb project={p} />}
      />
      <Panel title="Run a benchmark">
        <BenchmarkForm projectId={p.id} onStarted={(b) => setStarted((s) => [b, ...s.filter((x) => x.id !== b.id)])} />
      </Panel>
      {live.length > 0 && (
        <Panel title="Live">
          {live.map((b) => (
            <LiveBenchmark key={b.id} benchmark={b} projectId={p.id} />
          ))}
        </Panel>
      )}
      <Panel title="History">
        <History projectId={p.id} />
      </Panel>
    </>
  );
}
