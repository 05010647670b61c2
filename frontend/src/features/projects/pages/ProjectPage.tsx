import { lazy, Suspense, useState } from "react";
import { Link, useParams } from "react-router";
import { useBenchmarks, useCreateBenchmark } from "../../benchmarks/api/benchmarks";
import { useDatasets } from "../../datasets/api/datasets";
import { useLayerProfiles } from "../../layers/api/layerProfiles";
import { useModel } from "../../models/api/models";
import { useTargets } from "../../targets/api/targets";
import { useProject } from "../api/projects";
import type { Benchmark, LayerProfilePublic, Project } from "../../../api/types";
import { BenchmarkForm } from "../../benchmarks/components/BenchmarkForm";
import { ErrorBox, Loading, PageHeader, Panel } from "../../../shared/ui/ui";
import { toggleSelected, type SelectedRun } from "../../compare/lib/compare";
import { isJobFinished } from "../../../shared/lib/format";
import { DEFAULT_SETTINGS, dynamicInputs, type SettingsForm } from "../../benchmarks/lib/settings";
import { LiveProfile, ProfileForm, ProfileHistory } from "../components/ProfileRuns";
import { CompareBar, type Selection } from "../components/RunSelection";
import { History } from "../components/History";
import { LiveBenchmark } from "../components/LiveBenchmark";
import "../projects.css";
import { projectWeights } from "../../../shared/lib/precision";

// the sweep picker, its live progress and history: its own chunk, right after the page
const SweepPanel = lazy(() => import("../../sweeps/components/SweepPanel").then((m) => ({ default: m.SweepPanel })));
// "Optimize to INT8": the calibration form, live calibrations and their history
const CalibrationPanel = lazy(() => import("../../calibration/components/CalibrationPanel").then((m) => ({ default: m.CalibrationPanel })));
// "Accuracy": the saved configuration, live runs and their history
const AccuracyPanel = lazy(() => import("../../accuracy/components/AccuracyPanel").then((m) => ({ default: m.AccuracyPanel })));

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
        <span className="tag">{projectWeights(project)}</span>
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
