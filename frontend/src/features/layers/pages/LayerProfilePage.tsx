/**
 * One per-layer profile: the verdict, time by layer type and by precision, the sortable/filterable layer
 * table and the runtime graph, linked by selection (a node highlights its row and the other way round).
 * The charts (echarts) and the graph (dagre) load lazily, after the page.
 */
import { useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useCallback, useMemo, useState } from "react";
import { Link, useParams } from "react-router";
import { ApiError } from "../../../shared/api/errors";
import { keys } from "../../../shared/api/keys";
import { useModel } from "../../models/api/models";
import { useProject } from "../../projects/api/projects";
import { useLayerProfile } from "../api/layerProfiles";
import type { LayerProfile, LayerProfilePublic, LayerRecord } from "../../../api/types";
import { CompareWith } from "../../compare/components/CompareWith";
import { JobProgress } from "../../../shared/jobs/JobProgress";
import { Empty, ErrorBox, Loading, PageHeader, Panel, Stat, StatusChip } from "../../../shared/ui/ui";
import { downloadText, jsonText, safeFilename } from "../../../shared/lib/export";
import { DASH, flattenManifest, formatDateTime, formatNumber, isJobFinished } from "../../../shared/lib/format";
import { EMPTY_FILTER, layerShare, statusCounts, type LayerFilter } from "../lib/layers";
import { describeSettings } from "../../benchmarks/lib/settings";
import { StabilityBlock } from "../../benchmarks/components/BenchmarkResult";
import { LayersTable } from "../components/LayersTable";
import { TotalsTable } from "../components/TotalsTable";
import { pct, ms } from "../lib/layers";
import { RanIn } from "../../../shared/ui/RanIn";
import { projectWeights } from "../../../shared/lib/precision";

const TypeShareChart = lazy(() => import("../components/LayerCharts").then((m) => ({ default: m.TypeShareChart })));
const PrecisionDonut = lazy(() => import("../components/LayerCharts").then((m) => ({ default: m.PrecisionDonut })));
const RuntimeGraph = lazy(() => import("../components/RuntimeGraph").then((m) => ({ default: m.RuntimeGraph })));

function Selection({ profile, name, onClear }: { profile: LayerProfile; name: string | null; onClear: () => void }) {
  const layer = name === null ? undefined : profile.layers.find((l) => l.name === name);
  const node = name === null ? undefined : profile.graph.nodes.find((n) => n.name === name);
  const r: LayerRecord | undefined = layer ?? node;
  if (!r) {
    return (
      <div className="selection selection-empty" data-testid="graph-selection">
        Click a node or a row of the layer table: the other one is highlighted.
      </div>
    );
  }
  return (
    <div className="selection" data-testid="graph-selection">
      <span className="strong mono">{r.name}</span>
      <span className="tag">{r.type}</span>
      {r.exec_type && <span className="tag">{r.exec_type}</span>}
      <span className="tag">{r.precision}</span>
      {r.real_time_ms > 0 && (
        <span>
          {ms(r.real_time_ms)} ms · {pct(layerShare(r, profile.total_real_time_ms))}
        </span>
      )}
      {!layer && <span className="muted small">no counters for this node</span>}
      {!node && <span className="muted small">not in the runtime graph</span>}
      <button type="button" className="btn btn-small btn-ghost" onClick={onClear}>
        Clear
      </button>
    </div>
  );
}

function ProfileView({ item, profile }: { item: LayerProfilePublic; profile: LayerProfile }) {
  const [filter, setFilter] = useState<LayerFilter>(EMPTY_FILTER);
  const [selected, setSelected] = useState<string | null>(null);
  const counts = useMemo(() => statusCounts(profile.layers), [profile.layers]);
  const manifest = flattenManifest(profile.manifest as Record<string, unknown> | undefined);
  const toggle = (field: "type" | "precision") => (key: string) =>
    setFilter((f) => ({ ...f, [field]: f[field] === key ? "" : key }));
  const setFilterStable = useCallback((f: LayerFilter) => setFilter(f), []);
  const onSelect = useCallback((name: string | null) => setSelected(name), []);
  const top = profile.by_type[0];

  return (
    <>
      <div
        className={`verdict${(profile.noise ?? []).length > 0 ? " verdict-warn" : ""}`}
        data-testid="layer-profile-verdict"
        data-noise={(profile.noise ?? []).map((n) => n.code).join(" ")}
      >
        {item.verdict ?? `${formatNumber(profile.total_real_time_ms, 3)} ms of layer time per inference over ${profile.iterations} iterations.`}
      </div>
      <RanIn ranIn={item.ran_in} asked={item.settings.infer_precision} />
      <div className="stats" data-testid="profile-figures">
        <Stat label="Layer time / inference" value={formatNumber(profile.total_real_time_ms, 3)} unit="ms" primary testId="profile-total" />
        <Stat label="Iterations" value={profile.iterations.toLocaleString("en-US")} title={profile.stop_reason || undefined} testId="profile-iterations" />
        <Stat label="API" value={profile.api} compact testId="profile-api" title="the inference API this profile really ran with" />
        <Stat label="Latency" value={profile.latency ? formatNumber(profile.latency.median, 3) : DASH} unit={profile.latency ? "ms" : undefined} title={`median without counters (run alternately with the profiled inferences)${profile.profiled_latency ? `; ${formatNumber(profile.profiled_latency.median, 3)} ms with them` : ""}`} testId="profile-latency" />
        <Stat label="Spread (CV)" value={profile.total_cv != null ? pct(profile.total_cv) : DASH} title="coefficient of variation of the layer time per inference" testId="profile-cv" />
        <Stat label="Executed layers" value={String(counts.EXECUTED ?? 0)} />
        <Stat label="Not run" value={String(counts.NOT_RUN ?? 0)} title="fused into another layer, or constant" />
        <Stat label="Optimized out" value={String(counts.OPTIMIZED_OUT ?? 0)} />
        <Stat label="Slowest type" value={top ? top.key : DASH} unit={top ? pct(top.share) : undefined} compact title={top?.key} />
        <Stat label="Graph nodes" value={String(profile.graph.nodes.length)} />
      </div>
      {profile.stop_reason && (
        <p className="muted small" data-testid="profile-stop-reason">
          {profile.stop_reason}
        </p>
      )}
      <div className="grid-2">
        <Panel title="By layer type" actions={filter.type && <FilterNote value={filter.type} onClear={() => setFilter({ ...filter, type: "" })} />}>
          <Suspense fallback={<div className="chart-placeholder" />}>
            <TypeShareChart rows={profile.by_type} selected={filter.type} onSelect={toggle("type")} />
          </Suspense>
          <TotalsTable rows={profile.by_type} label="Type" testId="layer-type-table" selected={filter.type} onSelect={toggle("type")} />
        </Panel>
        <Panel title="By precision" actions={filter.precision && <FilterNote value={filter.precision} onClear={() => setFilter({ ...filter, precision: "" })} />}>
          <Suspense fallback={<div className="chart-placeholder" />}>
            <PrecisionDonut rows={profile.by_precision} selected={filter.precision} onSelect={toggle("precision")} />
          </Suspense>
          <TotalsTable
            rows={profile.by_precision}
            label="Precision"
            testId="precision-table"
            selected={filter.precision}
            onSelect={toggle("precision")}
          />
        </Panel>
      </div>
      <StabilityBlock stability={profile.stability} />
      <Panel title="Layers" testId="layers-panel" className="panel-flush">
        <LayersTable profile={profile} filter={filter} setFilter={setFilterStable} selected={selected} onSelect={onSelect} />
      </Panel>
      <Panel
        title="Runtime graph"
        actions={<span className="muted small">operations as compiled for {item.settings.device}: fused, with their kernels</span>}
      >
        <Selection profile={profile} name={selected} onClear={() => setSelected(null)} />
        <Suspense fallback={<Loading label="Loading the graph…" />}>
          <RuntimeGraph graph={profile.graph} totalMs={profile.total_real_time_ms} selected={selected} onSelect={onSelect} />
        </Suspense>
      </Panel>
      <Panel title="Manifest">
        {manifest.length === 0 ? (
          <Empty>The run reported no manifest.</Empty>
        ) : (
          <table className="table table-kv" data-testid="profile-manifest-table">
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

function FilterNote({ value, onClear }: { value: string; onClear: () => void }) {
  return (
    <span className="filter-note">
      filtering the table: <code>{value}</code>
      <button type="button" className="link-button" onClick={onClear}>
        clear
      </button>
    </span>
  );
}

export function LayerProfilePage() {
  const { profileId = "" } = useParams();
  const qc = useQueryClient();
  const query = useLayerProfile(profileId);
  const projectId = query.data?.project_id ?? "";
  const project = useProject(projectId);
  const model = useModel(project.data?.model_id ?? "");

  if (query.isLoading) return <Loading />;
  if (query.error || !query.data) return <ErrorBox error={query.error ?? "not found"} title="Cannot load the layer profile" />;
  const item = query.data;
  const finished = isJobFinished(item.job);
  const p = projectId ? project.data : undefined;

  return (
    <>
      <PageHeader
        crumbs={[
          { label: "Projects", to: "/projects" },
          { label: p?.name || item.project_id, to: `/projects/${item.project_id}` },
          { label: "Layer profile" },
        ]}
        title={
          <>
            Layer profile <StatusChip status={item.job.status} testId="profile-status" />
          </>
        }
        subtitle={
          <span data-testid="profile-context">
            {model.data?.name ?? p?.model_id ?? ""}
            {p ? ` ${projectWeights(p)}` : ""} on {item.settings.device} · {describeSettings({ ...item.settings, api: item.profile?.api ?? item.settings.api })} · started{" "}
            {formatDateTime(item.job.created_at)}
          </span>
        }
        actions={
          <>
            {item.profile && <CompareWith id={item.id} kind="profile" />}
            {item.profile && (
              <button
                type="button"
                className="btn"
                onClick={() => downloadText(safeFilename(item.id, "json"), jsonText(item), "application/json")}
                data-testid="download-profile-json"
              >
                Download JSON
              </button>
            )}
            <Link className="btn" to={`/projects/${item.project_id}`}>
              Back to project
            </Link>
          </>
        }
      />
      {!finished && (
        <Panel title="Running">
          <JobProgress
            key={item.job.id}
            jobId={item.job.id}
            initial={item.job}
            testId="profile-progress"
            cancellable
            onFinished={() => void qc.invalidateQueries({ queryKey: keys.layerProfile(item.id) })}
          />
        </Panel>
      )}
      {finished && item.job.status !== "succeeded" && (
        <ErrorBox
          error={new ApiError(0, item.job.error?.code ?? item.job.status, item.job.error?.message ?? `The profile ${item.job.status}.`)}
          title={item.job.status === "cancelled" ? "The profile was cancelled" : "The profile failed"}
          testId="profile-error"
        />
      )}
      {item.job.status === "succeeded" && !item.profile && <Loading label="Loading the profile…" />}
      {item.profile && <ProfileView item={item} profile={item.profile} />}
    </>
  );
}
