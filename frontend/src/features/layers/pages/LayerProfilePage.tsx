/**
 * One per-layer profile: the verdict, time by layer type and by precision, the sortable/filterable layer
 * table and the runtime graph, linked by selection (a node highlights its row and the other way round).
 * The charts (echarts) and the graph (dagre) load lazily, after the page.
 */
import { useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import { ApiError } from "../../../shared/api/errors";
import { keys } from "../../../shared/api/keys";
import { useModel } from "../../models/api/models";
import { useProject } from "../../projects/api/projects";
import { useLayerProfile } from "../api/layerProfiles";
import type { LayerProfile, LayerProfilePublic, LayerRecord, LayerTotal } from "../../../api/types";
import { CompareWith } from "../../compare/components/CompareWith";
import { JobProgress } from "../../../shared/jobs/JobProgress";
import { Empty, ErrorBox, Loading, PageHeader, Panel, SortHeaders, Stat, StatusChip } from "../../../shared/ui/ui";
import { downloadText, jsonText, safeFilename } from "../../../shared/lib/export";
import { DASH, flattenManifest, formatDateTime, formatNumber, isJobFinished } from "../../../shared/lib/format";
import {
  DEFAULT_SORT,
  EMPTY_FILTER,
  facet,
  filterLayers,
  layerShare,
  nextSort,
  sortLayers,
  statusCounts,
  type LayerFilter,
  type LayerSort,
  type LayerSortKey,
} from "../lib/layers";
import { describeSettings } from "../../benchmarks/lib/settings";

const TypeShareChart = lazy(() => import("../components/LayerCharts").then((m) => ({ default: m.TypeShareChart })));
const PrecisionDonut = lazy(() => import("../components/LayerCharts").then((m) => ({ default: m.PrecisionDonut })));
const RuntimeGraph = lazy(() => import("../components/RuntimeGraph").then((m) => ({ default: m.RuntimeGraph })));

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
const ms = (v: number) => formatNumber(v, 3, true);

function TotalsTable({
  rows,
  label,
  testId,
  selected,
  onSelect,
}: {
  rows: readonly LayerTotal[];
  label: string;
  testId: string;
  selected: string;
  onSelect: (key: string) => void;
}) {
  if (rows.length === 0) return <Empty>No layer was executed.</Empty>;
  return (
    <table className="table table-compact table-clickable" data-testid={testId}>
      <thead>
        <tr>
          <th>{label}</th>
          <th className="num">Layers</th>
          <th className="num">ms / inference</th>
          <th className="num">Share</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr
            key={r.key}
            className={selected === r.key ? "selected" : undefined}
            onClick={() => onSelect(r.key)}
            onKeyDown={(e) => {
              if (e.key === "Enter" || e.key === " ") {
                e.preventDefault();
                onSelect(r.key);
              }
            }}
            tabIndex={0}
            data-testid={`${testId}-row`}
            data-key={r.key}
            title={`Show only ${r.key} layers in the table`}
          >
            <td className="mono">{r.key}</td>
            <td className="num">{r.count}</td>
            <td className="num">{ms(r.real_time_ms)}</td>
            <td className="num">
              <span className="share-cell">
                <span className="share-bar" style={{ width: `${Math.round(r.share * 100)}%` }} />
                {pct(r.share)}
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const COLUMNS: { key: LayerSortKey; label: string; num?: boolean; title?: string }[] = [
  { key: "exec_order", label: "#", num: true, title: "execution order" },
  { key: "name", label: "Name" },
  { key: "type", label: "Type" },
  { key: "exec_type", label: "Kernel", title: "the implementation the plugin chose (exec type)" },
  { key: "precision", label: "Precision" },
  { key: "status", label: "Status" },
  { key: "real_time_ms", label: "Real ms", num: true, title: "wall time per inference" },
  { key: "cpu_time_ms", label: "CPU ms", num: true, title: "CPU time per inference" },
  { key: "share", label: "Share", num: true, title: "of the summed layer time" },
];

const STATUS_TONE: Record<string, string> = { EXECUTED: "ok", NOT_RUN: "muted", OPTIMIZED_OUT: "info" };

function LayersTable({
  profile,
  filter,
  setFilter,
  selected,
  onSelect,
}: {
  profile: LayerProfile;
  filter: LayerFilter;
  setFilter: (f: LayerFilter) => void;
  selected: string | null;
  onSelect: (name: string | null) => void;
}) {
  const [sort, setSort] = useState<LayerSort>(DEFAULT_SORT);
  const layers = profile.layers;
  const types = useMemo(() => facet(layers, "type"), [layers]);
  const precisions = useMemo(() => facet(layers, "precision"), [layers]);
  const statuses = useMemo(() => facet(layers, "status"), [layers]);
  const rows = useMemo(() => sortLayers(filterLayers(layers, filter), sort), [layers, filter, sort]);
  const total = profile.total_real_time_ms;
  const filtered = filter.text !== "" || filter.type !== "" || filter.precision !== "" || filter.status !== "";
  const selectedHidden = selected !== null && layers.some((l) => l.name === selected) && !rows.some((l) => l.name === selected);

  // a selection made in the graph scrolls its row into view, inside the table's own scroll box only
  const scroller = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const box = scroller.current;
    if (!box || !selected) return;
    const row = box.querySelector<HTMLElement>(`tr[data-layer-name="${CSS.escape(selected)}"]`);
    if (!row) return;
    const head = box.querySelector("thead")?.getBoundingClientRect().height ?? 0;
    const top = row.offsetTop;
    if (top - head < box.scrollTop || top + row.offsetHeight > box.scrollTop + box.clientHeight) {
      box.scrollTop = Math.max(0, top - head - box.clientHeight / 3);
    }
  }, [selected, rows]);

  const select = (field: keyof LayerFilter, options: { value: string; count: number }[], label: string) => (
    <label className="filter">
      <span className="filter-label">{label}</span>
      <select
        value={filter[field]}
        onChange={(e) => setFilter({ ...filter, [field]: e.target.value })}
        data-testid={`layers-filter-${field}`}
      >
        <option value="">all</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.value || "(none)"} ({o.count})
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <>
      <div className="filters">
        <label className="filter filter-grow">
          <span className="filter-label">Find</span>
          <input
            type="search"
            placeholder="name, type, kernel or original layer"
            value={filter.text}
            onChange={(e) => setFilter({ ...filter, text: e.target.value })}
            data-testid="layers-filter-text"
          />
        </label>
        {select("type", types, "Type")}
        {select("precision", precisions, "Precision")}
        {select("status", statuses, "Status")}
        <span className="filters-count muted small" data-testid="layers-count" data-count={rows.length}>
          {rows.length === layers.length ? `${layers.length} layers` : `${rows.length} of ${layers.length} layers`}
        </span>
        {filtered && (
          <button type="button" className="btn btn-small" onClick={() => setFilter(EMPTY_FILTER)} data-testid="layers-filter-clear">
            Clear filters
          </button>
        )}
      </div>
      {selectedHidden && (
        <div className="notice small">
          The selected layer <code>{selected}</code> is hidden by the filters.{" "}
          <button type="button" className="link-button" onClick={() => setFilter(EMPTY_FILTER)}>
            Clear filters
          </button>
        </div>
      )}
      <div className="table-scroll" ref={scroller}>
        <table className="table table-compact table-clickable table-sticky" data-testid="layers-table" data-rows={rows.length}>
          <thead>
            <tr>
              <SortHeaders columns={COLUMNS} sort={sort} onSort={(key) => setSort(nextSort(sort, key))} testIdPrefix="sort-" />
              <th>Original layers</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((l) => {
              const share = layerShare(l, total);
              const isSelected = l.name === selected;
              return (
                <tr
                  key={l.name}
                  className={isSelected ? "selected" : undefined}
                  data-testid="layer-row"
                  data-layer-name={l.name}
                  data-selected={isSelected ? "true" : undefined}
                  aria-selected={isSelected}
                  tabIndex={0}
                  onClick={() => onSelect(isSelected ? null : l.name)}
                  onKeyDown={(e) => {
                    if (e.key === "Enter" || e.key === " ") {
                      e.preventDefault();
                      onSelect(isSelected ? null : l.name);
                    }
                  }}
                >
                  <td className="num muted">{l.exec_order ?? DASH}</td>
                  <td className="mono cell-name" title={l.name}>
                    {l.name}
                  </td>
                  <td>{l.type}</td>
                  <td className="mono small">{l.exec_type}</td>
                  <td className="mono">{l.precision}</td>
                  <td>
                    <span className={`chip chip-${STATUS_TONE[l.status] ?? "muted"} chip-flat`}>{l.status.toLowerCase().replace("_", " ")}</span>
                  </td>
                  <td className="num">{l.real_time_ms > 0 ? ms(l.real_time_ms) : DASH}</td>
                  <td className="num muted">{l.cpu_time_ms > 0 ? ms(l.cpu_time_ms) : DASH}</td>
                  <td className="num">
                    {share > 0 ? (
                      <span className="share-cell">
                        <span className="share-bar" style={{ width: `${Math.min(100, Math.round(share * 100))}%` }} />
                        {pct(share)}
                      </span>
                    ) : (
                      DASH
                    )}
                  </td>
                  <td className="mono small cell-originals" title={(l.original_layers ?? []).join("\n")}>
                    {(l.original_layers ?? []).join(", ")}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {rows.length === 0 && <Empty>No layer matches the filters.</Empty>}
      </div>
    </>
  );
}

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
      <div className="verdict" data-testid="layer-profile-verdict">
        {item.verdict ?? `${formatNumber(profile.total_real_time_ms, 3)} ms of layer time per inference over ${profile.iterations} iterations.`}
      </div>
      <div className="stats" data-testid="profile-figures">
        <Stat label="Layer time / inference" value={formatNumber(profile.total_real_time_ms, 3)} unit="ms" primary testId="profile-total" />
        <Stat label="Iterations" value={profile.iterations.toLocaleString("en-US")} />
        <Stat label="Executed layers" value={String(counts.EXECUTED ?? 0)} />
        <Stat label="Not run" value={String(counts.NOT_RUN ?? 0)} title="fused into another layer, or constant" />
        <Stat label="Optimized out" value={String(counts.OPTIMIZED_OUT ?? 0)} />
        <Stat label="Slowest type" value={top ? top.key : DASH} unit={top ? pct(top.share) : undefined} compact title={top?.key} />
        <Stat label="Graph nodes" value={String(profile.graph.nodes.length)} />
      </div>
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
            {p ? ` ${p.precision}` : ""} on {item.settings.device} · {describeSettings(item.settings)} · started{" "}
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
