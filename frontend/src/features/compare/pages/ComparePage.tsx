/**
 * Two runs side by side, B against A: the verdict, the two runs with the ratios between them, and for
 * layer profiles the change per layer type (diverging bars) and the per-layer delta table (sortable,
 * filterable, with a |Δ| threshold). Without both runs in the URL, pick them from every project's runs.
 */
import { lazy, Suspense, useCallback, useMemo, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useCompare } from "../api/compare";
import type { Comparison, LayerDelta, RunSummary } from "../../../api/types";
import { RunPicker } from "../components/RunPicker";
import { Empty, ErrorBox, Loading, PageHeader, Panel, SortHeaders } from "../../../shared/ui/ui";
import {
  compareUrl,
  DEFAULT_DELTA_SORT,
  deltaFraction,
  deltaTone,
  deltaTypes,
  EMPTY_DELTA_FILTER,
  filterDeltas,
  formatRatio,
  nextDeltaSort,
  parseThreshold,
  precisionChange,
  ratioOf,
  ratioTone,
  runKind,
  runPath,
  sortDeltas,
  type DeltaFilter,
  type DeltaSort,
  type DeltaSortKey,
  type RunKind,
} from "../lib/compare";
import { DASH, formatNumber } from "../../../shared/lib/format";
import { downloadText, jsonText, safeFilename } from "../../../shared/lib/export";

const DeltaByTypeChart = lazy(() => import("../components/CompareCharts").then((m) => ({ default: m.DeltaByTypeChart })));

const ms3 = (v: number | null | undefined) => (v == null ? DASH : formatNumber(v, 3, true));
const signedMs = (v: number) => `${v > 0 ? "+" : v < 0 ? "−" : "±"}${formatNumber(Math.abs(v), 3, true)}`;
const signedPct = (f: number | null) =>
  f == null ? DASH : `${f > 0 ? "+" : f < 0 ? "−" : "±"}${Math.abs(f * 100).toFixed(Math.abs(f) < 0.1 ? 1 : 0)}%`;

function RunCard({ side, run, isProfile }: { side: "A" | "B"; run: RunSummary; isProfile: boolean }) {
  return (
    <div className={`compare-card compare-card-${side.toLowerCase()}`} data-testid={`compare-card-${side.toLowerCase()}`} data-run-id={run.id}>
      <div className="compare-card-head">
        <span className="compare-side">{side}</span>
        <div className="compare-card-title">
          <Link to={`/projects/${run.project_id}`} className="strong">
            {run.project_name || run.project_id}
          </Link>
          <Link to={runPath(run.id)} className="mono small">
            {run.id}
          </Link>
        </div>
      </div>
      <dl className="compare-card-facts">
        <div>
          <dt>Precision</dt>
          <dd>
            <span className="tag">{run.precision}</span>
          </dd>
        </div>
        <div>
          <dt>Target / device</dt>
          <dd>
            {run.target_id} / <strong>{run.device}</strong>
          </dd>
        </div>
        {isProfile ? (
          <div className="compare-card-figure">
            <dt>Layer time / inference</dt>
            <dd>
              {ms3(run.layer_time_ms)} <small>ms</small>
            </dd>
          </div>
        ) : (
          <>
            <div className="compare-card-figure">
              <dt>Throughput</dt>
              <dd>
                {formatNumber(run.throughput_fps)} <small>FPS</small>
              </dd>
            </div>
            <div className="compare-card-figure">
              <dt>Median latency</dt>
              <dd>
                {formatNumber(run.latency_median_ms)} <small>ms</small>
              </dd>
            </div>
          </>
        )}
      </dl>
    </div>
  );
}

function Ratio({
  kind,
  label,
  value,
  higherIsBetter,
}: {
  kind: string;
  label: string;
  value: number | null | undefined;
  higherIsBetter: boolean;
}) {
  const tone = ratioTone(value, higherIsBetter);
  return (
    <div className={`compare-ratio compare-ratio-${tone}`} data-testid="compare-ratio" data-kind={kind} data-value={value ?? undefined}>
      <div className="compare-ratio-label">{label}</div>
      <div className="compare-ratio-value">{formatRatio(value)}</div>
      <div className="compare-ratio-note small">
        {tone === "muted" ? "about the same" : tone === "ok" ? "better in B" : "worse in B"}
      </div>
    </div>
  );
}

const DELTA_COLUMNS: { key: DeltaSortKey; label: string; num?: boolean; title?: string }[] = [
  { key: "key", label: "Layer" },
  { key: "type", label: "Type" },
  { key: "a_ms", label: "A ms", num: true },
  { key: "b_ms", label: "B ms", num: true },
  { key: "delta_ms", label: "Δ ms", num: true, title: "B − A; negative: faster in B" },
  { key: "delta_pct", label: "Δ %", num: true, title: "of A's time" },
  { key: "abs_delta", label: "|Δ|", num: true, title: "size of the change, either way" },
  { key: "precision", label: "Precision A → B" },
];

function DeltaTable({ rows, filter, setFilter }: { rows: readonly LayerDelta[]; filter: DeltaFilter; setFilter: (f: DeltaFilter) => void }) {
  const [sort, setSort] = useState<DeltaSort>(DEFAULT_DELTA_SORT);
  const types = useMemo(() => deltaTypes(rows), [rows]);
  const shown = useMemo(() => sortDeltas(filterDeltas(rows, filter), sort), [rows, filter, sort]);
  const threshold = parseThreshold(filter.threshold);
  const maxAbs = Math.max(1e-9, ...rows.map((r) => Math.abs(r.delta_ms)));
  const filtered = filter.text !== "" || filter.type !== "" || filter.threshold !== "" || filter.precisionChanged;
  return (
    <>
      <div className="filters">
        <label className="filter filter-grow">
          <span className="filter-label">Find</span>
          <input
            type="search"
            placeholder="layer name or type"
            value={filter.text}
            onChange={(e) => setFilter({ ...filter, text: e.target.value })}
            data-testid="compare-filter-text"
          />
        </label>
        <label className="filter">
          <span className="filter-label">Type</span>
          <select value={filter.type} onChange={(e) => setFilter({ ...filter, type: e.target.value })} data-testid="compare-filter-type">
            <option value="">all</option>
            {types.map((t) => (
              <option key={t.value} value={t.value}>
                {t.value} ({t.count})
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span className="filter-label">Hide |Δ| below (ms)</span>
          <input
            type="number"
            min={0}
            step="any"
            placeholder="0"
            value={filter.threshold}
            onChange={(e) => setFilter({ ...filter, threshold: e.target.value })}
            data-testid="compare-threshold"
            aria-invalid={!!threshold.error}
            title={threshold.error}
            className="filter-number"
          />
        </label>
        <label className="filter filter-check">
          <input
            type="checkbox"
            checked={filter.precisionChanged}
            onChange={(e) => setFilter({ ...filter, precisionChanged: e.target.checked })}
            data-testid="compare-filter-precision"
          />
          <span>precision changed</span>
        </label>
        <span className="filters-count muted small" data-testid="compare-layers-count" data-count={shown.length}>
          {shown.length === rows.length ? `${rows.length} layers` : `${shown.length} of ${rows.length} layers`}
        </span>
        {filtered && (
          <button type="button" className="btn btn-small" onClick={() => setFilter(EMPTY_DELTA_FILTER)} data-testid="compare-filter-clear">
            Clear filters
          </button>
        )}
      </div>
      <div className="table-scroll">
        <table className="table table-compact table-sticky" data-testid="compare-layers-table" data-rows={shown.length}>
          <thead>
            <tr>
              <SortHeaders columns={DELTA_COLUMNS} sort={sort} onSort={(key) => setSort(nextDeltaSort(sort, key))} testIdPrefix="compare-sort-" />
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => {
              const tone = deltaTone(r.delta_ms);
              const changed = (r.a_precision ?? null) !== (r.b_precision ?? null);
              return (
                <tr key={r.key} data-testid="compare-layer-row" data-key={r.key} data-delta={r.delta_ms}>
                  <td className="mono cell-name" title={r.key}>
                    {r.key}
                  </td>
                  <td>{r.type}</td>
                  <td className="num">{r.a_ms == null ? <span className="muted" title="not in A">new</span> : ms3(r.a_ms)}</td>
                  <td className="num">{r.b_ms == null ? <span className="muted" title="not in B">gone</span> : ms3(r.b_ms)}</td>
                  <td className={`num strong delta-${tone}`}>{signedMs(r.delta_ms)}</td>
                  <td className={`num delta-${tone}`}>{signedPct(deltaFraction(r))}</td>
                  <td className="num">
                    <span className="delta-cell">
                      <span
                        className={`delta-bar delta-bar-${tone}`}
                        style={{ width: `${Math.max(1, Math.round((Math.abs(r.delta_ms) / maxAbs) * 60))}px` }}
                      />
                    </span>
                  </td>
                  <td className={`mono small${changed ? " strong" : " muted"}`}>{precisionChange(r)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {shown.length === 0 && <Empty>No layer matches{threshold.value > 0 ? ` (|Δ| ≥ ${formatNumber(threshold.value, 3)} ms)` : ""}.</Empty>}
      </div>
    </>
  );
}

function ProfileDeltas({ comparison }: { comparison: Comparison }) {
  const [filter, setFilter] = useState<DeltaFilter>(EMPTY_DELTA_FILTER);
  const byType = comparison.by_type ?? [];
  const layers = comparison.layers ?? [];
  const toggleType = useCallback((key: string) => setFilter((f) => ({ ...f, type: f.type === key ? "" : key })), []);
  const faster = byType.filter((r) => deltaTone(r.delta_ms) === "faster").length;
  const slower = byType.filter((r) => deltaTone(r.delta_ms) === "slower").length;
  return (
    <>
      <Panel
        title="Change by layer type"
        actions={
          <span className="muted small">
            <span className="legend-swatch delta-bar-faster" /> faster in B ({faster})
            <span className="legend-swatch delta-bar-slower" /> slower in B ({slower}) · click a bar to filter
          </span>
        }
      >
        {byType.length === 0 ? (
          <Empty>Neither profile has executed layers.</Empty>
        ) : (
          <Suspense fallback={<div className="chart-placeholder" />}>
            <DeltaByTypeChart rows={byType} selected={filter.type} onSelect={toggleType} />
          </Suspense>
        )}
      </Panel>
      <Panel title="Per-layer deltas" className="panel-flush" testId="compare-layers-panel">
        <DeltaTable rows={layers} filter={filter} setFilter={setFilter} />
      </Panel>
    </>
  );
}

function ComparisonView({ comparison }: { comparison: Comparison }) {
  const navigate = useNavigate();
  const { a, b } = comparison;
  const isProfile = a.layer_time_ms != null || b.layer_time_ms != null || (comparison.layers ?? []).length > 0;
  const layerRatio = ratioOf(a.layer_time_ms, b.layer_time_ms);
  const layerDelta = a.layer_time_ms != null && b.layer_time_ms != null ? b.layer_time_ms - a.layer_time_ms : null;
  return (
    <>
      <PageHeader
        crumbs={[{ label: "Compare", to: "/compare" }, { label: isProfile ? "Layer profiles" : "Benchmarks" }]}
        title={isProfile ? "Compare layer profiles" : "Compare benchmarks"}
        subtitle={
          <span data-testid="compare-context">
            A {a.project_name} ({a.precision}) · B {b.project_name} ({b.precision})
          </span>
        }
        actions={
          <>
            <button
              type="button"
              className="btn"
              onClick={() => navigate(compareUrl(b.id, a.id))}
              data-testid="compare-swap"
              title="Make B the baseline"
            >
              Swap A ↔ B
            </button>
            <Link className="btn" to={`/compare?${new URLSearchParams({ a: a.id }).toString()}`} data-testid="compare-change-b">
              Change B…
            </Link>
            <button
              type="button"
              className="btn"
              onClick={() => downloadText(safeFilename(`compare_${a.id}_${b.id}`, "json"), jsonText(comparison), "application/json")}
              data-testid="download-compare-json"
            >
              Download JSON
            </button>
          </>
        }
      />
      <div className="verdict" data-testid="compare-verdict">
        {comparison.verdict}
      </div>
      <div className="compare-cards">
        <RunCard side="A" run={a} isProfile={isProfile} />
        <div className="compare-ratios">
          {isProfile ? (
            <>
              <Ratio kind="layer-time" label="Layer time B / A" value={layerRatio} higherIsBetter={false} />
              <div className="compare-ratio compare-ratio-plain" data-testid="compare-delta-total">
                <div className="compare-ratio-label">Δ per inference</div>
                <div className={`compare-ratio-value delta-${deltaTone(layerDelta ?? 0)}`}>
                  {layerDelta == null ? DASH : `${signedMs(layerDelta)} ms`}
                </div>
              </div>
            </>
          ) : (
            <>
              <Ratio kind="throughput" label="Throughput B / A" value={comparison.throughput_ratio} higherIsBetter />
              <Ratio kind="latency" label="Median latency B / A" value={comparison.latency_median_ratio} higherIsBetter={false} />
            </>
          )}
        </div>
        <RunCard side="B" run={b} isProfile={isProfile} />
      </div>
      {isProfile && <ProfileDeltas comparison={comparison} />}
    </>
  );
}

function Chooser({ a }: { a: string }) {
  const navigate = useNavigate();
  const [kind, setKind] = useState<RunKind>(runKind(a) ?? "benchmark");
  const fixedKind = runKind(a);
  return (
    <>
      <PageHeader
        crumbs={[{ label: "Compare" }]}
        title="Compare runs"
        subtitle="Two benchmarks (throughput, latency) or two layer profiles (time per layer), from any projects: B against A."
      />
      {!fixedKind && (
        <div className="segmented compare-kind" role="group" aria-label="What to compare">
          <span className="segmented-label">compare</span>
          {(["benchmark", "profile"] as const).map((k) => (
            <button key={k} type="button" className={kind === k ? "on" : undefined} onClick={() => setKind(k)} data-testid={`compare-kind-${k}`}>
              {k === "benchmark" ? "benchmarks" : "layer profiles"}
            </button>
          ))}
        </div>
      )}
      {a ? (
        <Panel
          title={<>B: compare {a} with…</>}
          actions={
            <Link to="/compare" className="btn btn-small">
              Choose A again
            </Link>
          }
        >
          <RunPicker kind={fixedKind ?? kind} exclude={a} onPick={(id) => navigate(compareUrl(a, id))} pickLabel="Pick as B" />
        </Panel>
      ) : (
        <Panel title="A: the baseline">
          <RunPicker
            key={kind}
            kind={kind}
            onPick={(id) => navigate(`/compare?${new URLSearchParams({ a: id }).toString()}`)}
            pickLabel="Pick as A"
          />
        </Panel>
      )}
    </>
  );
}

export function ComparePage() {
  const [params] = useSearchParams();
  const a = params.get("a") ?? "";
  const b = params.get("b") ?? "";
  const query = useCompare(a, b);
  if (!a || !b) return <Chooser a={a} />;
  if (query.isLoading) return <Loading label="Comparing…" />;
  if (query.error || !query.data) {
    return (
      <>
        <ErrorBox error={query.error ?? "no answer"} title="Cannot compare these runs" testId="compare-error" />
        <Chooser a={a} />
      </>
    );
  }
  return <ComparisonView comparison={query.data} />;
}
