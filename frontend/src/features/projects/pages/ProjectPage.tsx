import { useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useMemo, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { keys } from "../../../shared/api/keys";
import { useBenchmarks, useCreateBenchmark } from "../../benchmarks/api/benchmarks";
import { useDatasets } from "../../datasets/api/datasets";
import { useCreateLayerProfile, useLayerProfiles } from "../../layers/api/layerProfiles";
import { useModel } from "../../models/api/models";
import { useTargets } from "../../targets/api/targets";
import { useProject } from "../api/projects";
import type { Benchmark, Job, LayerProfilePublic, Project, TensorInfo } from "../../../api/types";
import { BenchmarkForm } from "../../benchmarks/components/BenchmarkForm";
import { serverError, sharedErrorList } from "../../benchmarks/lib/settings";
import { JobProgressView, useJobEvents } from "../../../shared/jobs/JobProgress";
import { Empty, ErrorBox, Loading, PageHeader, Panel, StatusChip } from "../../../shared/ui/ui";
import { compareSelection, compareUrl, toggleSelected, type RunKind, type SelectedRun } from "../../compare/lib/compare";
import { formatAgo, formatDateTime, formatFps, formatMs, formatNumber, isJobFinished, stabilityBadge } from "../../../shared/lib/format";
import {
  buildProfileRequest,
  DEFAULT_SETTINGS,
  describeSettings,
  dynamicInputs,
  effectiveHint,
  LIMITS,
  runLength,
  type SettingsForm,
} from "../../benchmarks/lib/settings";

// echarts comes with the first live run, not with the page
const LiveChart = lazy(() => import("../../../shared/charts/LiveChart").then((m) => ({ default: m.LiveChart })));
// the sweep picker, its live progress and history: its own chunk, right after the page
const SweepPanel = lazy(() => import("../../sweeps/components/SweepPanel").then((m) => ({ default: m.SweepPanel })));
// "Optimize to INT8": the calibration form, live calibrations and their history
const CalibrationPanel = lazy(() => import("../../calibration/components/CalibrationPanel").then((m) => ({ default: m.CalibrationPanel })));
// "Accuracy": the saved configuration, live runs and their history
const AccuracyPanel = lazy(() => import("../../accuracy/components/AccuracyPanel").then((m) => ({ default: m.AccuracyPanel })));

/** Ticked runs of the history tables, for "Compare selected". */
interface Selection {
  selected: readonly SelectedRun[];
  toggle: (run: SelectedRun) => void;
}

function SelectCell({
  id,
  kind,
  createdAt,
  ready,
  selection,
}: {
  id: string;
  kind: RunKind;
  createdAt: string;
  ready: boolean;
  selection: Selection;
}) {
  const checked = selection.selected.some((s) => s.id === id);
  return (
    <td className="cell-select">
      <input
        type="checkbox"
        checked={checked}
        disabled={!ready && !checked}
        onChange={() => selection.toggle({ id, kind, createdAt })}
        data-testid="compare-select"
        data-run-id={id}
        aria-label={`Select ${id} for comparison`}
        title={ready ? "Select for comparison" : "Only finished runs with a result can be compared"}
      />
    </td>
  );
}

function CompareBar({ selection, clear }: { selection: Selection; clear: () => void }) {
  const navigate = useNavigate();
  const state = compareSelection(selection.selected);
  if (selection.selected.length === 0) return null;
  return (
    <div className="compare-bar" data-testid="compare-bar" data-count={selection.selected.length}>
      <span className="strong">{selection.selected.length} selected</span>
      <span className="compare-bar-ids">
        {selection.selected.map((s) => (
          <code key={s.id} className="tag">
            {s.id}
          </code>
        ))}
      </span>
      <span className={`small${state.canCompare ? " muted" : " warn"}`}>{state.hint}</span>
      <span className="compare-bar-actions">
        <button type="button" className="btn btn-small btn-ghost" onClick={clear}>
          Clear
        </button>
        <button
          type="button"
          className="btn btn-small btn-primary"
          disabled={!state.canCompare}
          onClick={() => state.a && state.b && navigate(compareUrl(state.a, state.b))}
          data-testid="compare-submit"
        >
          Compare selected
        </button>
      </span>
    </div>
  );
}

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
        <Link to={`/datasets/${project.dataset_id}`} data-testid="project-dataset-link">
          {dataset ? dataset.name : project.dataset_id}
        </Link>
        {dataset && <span className="tag tag-light">{dataset.kind === "random" ? "random" : (dataset.task ?? "images")}</span>}
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

function LiveBenchmark({ benchmark, projectId }: { benchmark: Benchmark; projectId: string }) {
  const qc = useQueryClient();
  const [final, setFinal] = useState<Job | null>(isJobFinished(benchmark.job) ? benchmark.job : null);
  const events = useJobEvents(benchmark.job.id, benchmark.job, (job) => {
    setFinal(job);
    void qc.invalidateQueries({ queryKey: keys.benchmarks(projectId) });
    void qc.invalidateQueries({ queryKey: keys.benchmark(benchmark.id) });
    void qc.invalidateQueries({ queryKey: keys.targets });
  });
  const status = events.job?.status ?? benchmark.job.status;
  const showChart = status === "running" || events.samples.length > 0;
  const s = benchmark.settings;
  return (
    <div className="live-benchmark" data-testid="live-benchmark" data-benchmark-id={benchmark.id}>
      <div className={showChart ? "live-grid" : undefined}>
        <div className="live-side">
          <JobProgressView
            jobId={benchmark.job.id}
            events={events}
            label={`${effectiveHint(s)} · ${runLength(s)}`}
            testId="benchmark-progress"
            cancellable
          />
          <div className="muted small live-settings">
            {s.device} · {describeSettings(s)} · <code className="job-id">{benchmark.job.id}</code>
          </div>
          {final?.status === "succeeded" && (
            <div className="live-done">
              Finished.{" "}
              <Link className="btn btn-primary btn-small" to={`/benchmarks/${benchmark.id}`} data-testid="open-result">
                Open result
              </Link>
            </div>
          )}
        </div>
        {showChart && (
          <Suspense fallback={<div className="chart-placeholder chart-live" />}>
            <LiveChart samples={events.samples} durationSeconds={s.duration_seconds} />
          </Suspense>
        )}
      </div>
    </div>
  );
}

function LiveProfile({ profile, projectId }: { profile: LayerProfilePublic; projectId: string }) {
  const qc = useQueryClient();
  const [final, setFinal] = useState<Job | null>(isJobFinished(profile.job) ? profile.job : null);
  const events = useJobEvents(profile.job.id, profile.job, (job) => {
    setFinal(job);
    void qc.invalidateQueries({ queryKey: keys.layerProfiles(projectId) });
    void qc.invalidateQueries({ queryKey: keys.layerProfile(profile.id) });
    void qc.invalidateQueries({ queryKey: keys.targets });
  });
  return (
    <div className="live-benchmark" data-testid="live-profile" data-profile-id={profile.id}>
      <JobProgressView
        jobId={profile.job.id}
        events={events}
        label={`layers · ${(profile.settings.niter ?? 0).toLocaleString("en-US")} iterations`}
        testId="profile-progress"
            cancellable
      />
      {final?.status === "succeeded" && (
        <div className="live-done">
          Profiled.{" "}
          <Link className="btn btn-primary btn-small" to={`/layer-profiles/${profile.id}`} data-testid="open-profile">
            Open profile
          </Link>
        </div>
      )}
    </div>
  );
}

function ProfileForm({
  projectId,
  form,
  inputs,
  onStarted,
  openAdvanced,
}: {
  projectId: string;
  form: SettingsForm;
  inputs: readonly TensorInfo[] | undefined;
  onStarted: (p: LayerProfilePublic) => void;
  openAdvanced: () => void;
}) {
  const create = useCreateLayerProfile(projectId);
  const [niter, setNiter] = useState("100");
  const { body, errors } = useMemo(() => buildProfileRequest(form, niter, inputs), [form, niter, inputs]);
  const shared = sharedErrorList(errors);
  const server = serverError(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!body) {
      if (shared.length > 0) openAdvanced();
      return;
    }
    create.mutate(body, { onSuccess: onStarted });
  };
  const inherited = [
    form.device || null,
    form.batch.trim() ? `batch ${form.batch.trim()}` : null,
    form.inferPrecision || null,
    Object.keys(form.shapes).length > 0 ? "shapes" : null,
  ].filter(Boolean);
  return (
    <form className="form" onSubmit={submit} data-testid="profile-form" noValidate>
      <div className="form-row">
        <label className="field field-narrow">
          <span className="field-label">Iterations</span>
          <input
            type="number"
            min={1}
            max={LIMITS.profileNiter}
            step={1}
            value={niter}
            onChange={(e) => setNiter(e.target.value)}
            data-testid="profile-niter"
            aria-invalid={!!errors.profileNiter}
          />
          {errors.profileNiter && <span className="field-hint warn">{errors.profileNiter}</span>}
        </label>
        <div className="field field-submit">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={!!errors.profileNiter || create.isPending}
            data-testid="profile-layers-submit"
          >
            {create.isPending ? "Starting…" : "Profile layers"}
          </button>
        </div>
        <p className="form-note muted small">
          A separate run with performance counters on (they slow inference down): one synchronous request, LATENCY
          hint, counters summed over every iteration. Device, batch, inference precision and shapes come from the
          benchmark's Advanced settings{inherited.length > 0 ? ` (now: ${inherited.join(", ")})` : ""}.
        </p>
      </div>
      {shared.length > 0 && (
        <div className="field-hint warn" data-testid="profile-settings-error">
          Fix the Advanced settings first: {shared.join("; ")}
        </div>
      )}
      {create.error != null && <ErrorBox error={server.display} title="Cannot start the layer profile" testId="profile-error" />}
    </form>
  );
}

function ProfileHistory({ rows, selection }: { rows: LayerProfilePublic[]; selection: Selection }) {
  if (rows.length === 0) return <Empty>No layer profile yet.</Empty>;
  return (
    <table className="table table-compact" data-testid="profile-history">
      <thead>
        <tr>
          <th className="cell-select" aria-label="Compare" />
          <th>Started</th>
          <th>Device</th>
          <th className="num">Iterations</th>
          <th>Status</th>
          <th className="num">Layer time / inference</th>
          <th>Slowest type</th>
          <th>Precisions</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((p) => {
          const top = p.profile?.by_type[0];
          return (
            <tr key={p.id} data-testid="profile-row" data-profile-id={p.id}>
              <SelectCell id={p.id} kind="profile" createdAt={p.job.created_at} ready={p.profile != null} selection={selection} />
              <td title={formatDateTime(p.job.created_at)}>{formatAgo(p.job.created_at)}</td>
              <td>{p.settings.device}</td>
              <td className="num">{p.profile?.iterations.toLocaleString("en-US") ?? p.settings.niter?.toLocaleString("en-US") ?? "—"}</td>
              <td>
                <StatusChip status={p.job.status} />
              </td>
              <td className="num strong">{p.profile ? formatMs(p.profile.total_real_time_ms) : "—"}</td>
              <td>{top ? `${top.key} ${Math.round(top.share * 100)}%` : "—"}</td>
              <td className="mono small">
                {p.profile?.by_precision.map((r) => `${r.key} ${Math.round(r.share * 100)}%`).join(" · ") || "—"}
              </td>
              <td className="right">
                <Link to={`/layer-profiles/${p.id}`} className="btn btn-small" data-testid="profile-open">
                  {p.profile ? "Profile" : "Details"}
                </Link>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function History({ projectId, selection }: { projectId: string; selection: Selection }) {
  const benchmarks = useBenchmarks(projectId);
  if (benchmarks.isLoading) return <Loading />;
  if (benchmarks.error) return <ErrorBox error={benchmarks.error} title="Cannot list benchmarks" />;
  const rows = benchmarks.data?.data ?? [];
  if (rows.length === 0) return <Empty>No benchmark has run on this project yet.</Empty>;
  return (
    <table className="table table-compact" data-testid="benchmark-history">
      <thead>
        <tr>
          <th className="cell-select" aria-label="Compare" />
          <th>Started</th>
          <th>Device</th>
          <th>Settings</th>
          <th>Status</th>
          <th className="num">Throughput</th>
          <th className="num">Median latency</th>
          <th className="num">Iterations</th>
          <th>Stability</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((b) => {
          const badge = b.result ? stabilityBadge(b.result.stability) : null;
          return (
            <tr key={b.id} data-testid="benchmark-row" data-benchmark-id={b.id}>
              <SelectCell id={b.id} kind="benchmark" createdAt={b.job.created_at} ready={b.result != null} selection={selection} />
              <td title={formatDateTime(b.job.created_at)}>{formatAgo(b.job.created_at)}</td>
              <td>{b.settings.device}</td>
              <td className="small">
                {describeSettings(b.settings)}
                {b.result && b.settings.nireq == null ? <span className="muted"> · nireq {b.result.nireq}</span> : null}
              </td>
              <td>
                <StatusChip status={b.job.status} />
              </td>
              <td className="num strong">{b.result ? formatFps(b.result.throughput_fps) : "—"}</td>
              <td className="num">{b.result ? formatMs(b.result.latency.median) : "—"}</td>
              <td className="num">{b.result ? b.result.count.toLocaleString("en-US") : "—"}</td>
              <td>
                {badge ? (
                  <span
                    className={`chip chip-${badge.tone} chip-flat`}
                    title={b.result?.stability ? `CV ${formatNumber(b.result.stability.cv * 100, 1)}%` : badge.title}
                  >
                    {badge.label}
                  </span>
                ) : (
                  "—"
                )}
              </td>
              <td className="right">
                <Link to={`/benchmarks/${b.id}`} className="btn btn-small" data-testid="benchmark-open">
                  {b.result ? "Result" : "Details"}
                </Link>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function ProjectView({ project: p }: { project: Project }) {
  const benchmarks = useBenchmarks(p.id);
  const profiles = useLayerProfiles(p.id);
  const model = useModel(p.model_id);
  const targets = useTargets();
  const createBenchmark = useCreateBenchmark(p.id);
  const [form, setFormState] = useState<SettingsForm>(DEFAULT_SETTINGS);
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const [started, setStarted] = useState<Benchmark[]>([]);
  const [startedProfiles, setStartedProfiles] = useState<LayerProfilePublic[]>([]);
  const [selected, setSelected] = useState<readonly SelectedRun[]>([]);
  const selection: Selection = { selected, toggle: (run) => setSelected((list) => toggleSelected(list, run)) };

  const devices = targets.data?.data.find((t) => t.id === p.target_id)?.inventory.devices ?? [];
  const inputs = model.data ? (model.data.inputs ?? []) : undefined;
  // a model with dynamic dimensions cannot run before its shapes are set: show them from the start
  const hasDynamic = dynamicInputs(inputs).length > 0;
  const [autoOpened, setAutoOpened] = useState(false);
  if (hasDynamic && !autoOpened) {
    setAutoOpened(true);
    setAdvancedOpen(true);
  }
  const setForm = (f: SettingsForm) => {
    setFormState(f);
    if (createBenchmark.error) createBenchmark.reset();
  };

  // live panels: the runs started here, plus any unfinished run found in the history (started elsewhere)
  const startedIds = new Set(started.map((b) => b.id));
  const running = (benchmarks.data?.data ?? []).filter((b) => !isJobFinished(b.job) && !startedIds.has(b.id));
  const live = [...started, ...running].slice(0, 3); // each one holds an HTTP connection open
  const startedProfileIds = new Set(startedProfiles.map((x) => x.id));
  const runningProfiles = (profiles.data?.data ?? []).filter((x) => !isJobFinished(x.job) && !startedProfileIds.has(x.id));
  const liveProfiles = [...startedProfiles, ...runningProfiles].slice(0, 2);

  return (
    <>
      <PageHeader
        crumbs={[{ label: "Projects", to: "/projects" }, { label: p.name || p.id }]}
        title={p.name || p.id}
        subtitle={<Breadcrumb project={p} />}
      />
      <Panel title="Run a benchmark">
        <BenchmarkForm
          form={form}
          setForm={setForm}
          inputs={inputs}
          devices={devices}
          projectDevice={p.device}
          advancedOpen={advancedOpen}
          setAdvancedOpen={setAdvancedOpen}
          pending={createBenchmark.isPending}
          error={createBenchmark.error}
          onSubmit={(body) =>
            createBenchmark.mutate(body, {
              onSuccess: (b) => setStarted((s) => [b, ...s.filter((x) => x.id !== b.id)]),
            })
          }
        />
      </Panel>
      {live.length > 0 && (
        <Panel title="Live">
          {live.map((b) => (
            <LiveBenchmark key={b.id} benchmark={b} projectId={p.id} />
          ))}
        </Panel>
      )}
      <Panel title="History">
        <History projectId={p.id} selection={selection} />
      </Panel>
      <Panel title="Accuracy" testId="accuracy-panel">
        <Suspense fallback={<Loading />}>
          <AccuracyPanel project={p} />
        </Suspense>
      </Panel>
      <Panel title="Optimize to INT8" testId="calibration-panel">
        <Suspense fallback={<Loading />}>
          <CalibrationPanel project={p} />
        </Suspense>
      </Panel>
      <Panel title="Sweep" testId="sweep-panel">
        <Suspense fallback={<Loading />}>
          <SweepPanel projectId={p.id} settings={form} inputs={inputs} openAdvanced={() => setAdvancedOpen(true)} />
        </Suspense>
      </Panel>
      <Panel title="Per-layer profile" testId="profile-panel">
        <ProfileForm
          projectId={p.id}
          form={form}
          inputs={inputs}
          openAdvanced={() => setAdvancedOpen(true)}
          onStarted={(x) => setStartedProfiles((s) => [x, ...s.filter((y) => y.id !== x.id)])}
        />
        {liveProfiles.length > 0 && (
          <div className="live-profiles">
            {liveProfiles.map((x) => (
              <LiveProfile key={x.id} profile={x} projectId={p.id} />
            ))}
          </div>
        )}
        <div className="subsection">
          <div className="subsection-title">Profiles</div>
          {profiles.isLoading ? (
            <Loading />
          ) : profiles.error ? (
            <ErrorBox error={profiles.error} title="Cannot list layer profiles" />
          ) : (
            <ProfileHistory rows={profiles.data?.data ?? []} selection={selection} />
          )}
        </div>
      </Panel>
      <CompareBar selection={selection} clear={() => setSelected([])} />
    </>
  );
}

export function ProjectPage() {
  const { projectId = "" } = useParams();
  const project = useProject(projectId);
  if (project.isLoading) return <Loading />;
  if (project.error || !project.data) return <ErrorBox error={project.error ?? "not found"} title="Cannot load the project" />;
  // keyed: another project starts with fresh settings and no live runs
  return <ProjectView key={project.data.id} project={project.data} />;
}
