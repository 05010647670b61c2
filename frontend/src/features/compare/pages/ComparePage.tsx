/**
 * Two runs side by side, B against A: the verdict, the two runs with the ratios between them, and for
 * layer profiles the change per layer type (diverging bars) and the per-layer delta table (sortable,
 * filterable, with a |Δ| threshold). Without both runs in the URL, pick them from every project's runs.
 */
import { lazy, Suspense, useCallback, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useCompare } from "../api/compare";
import type { Comparison } from "../../../api/types";
import { RunPicker } from "../components/RunPicker";
import { Empty, ErrorBox, Loading, PageHeader, Panel } from "../../../shared/ui/ui";
import { compareUrl, deltaTone, EMPTY_DELTA_FILTER, ratioOf, runKind, type DeltaFilter, type RunKind } from "../lib/compare";
import { DASH } from "../../../shared/lib/format";
import { downloadText, jsonText, safeFilename } from "../../../shared/lib/export";
import { DeltaTable } from "../components/DeltaTable";
import { RunCard, Ratio } from "../components/RunCard";
import { signedMs } from "../lib/compare";
import "../compare.css";

const DeltaByTypeChart = lazy(() => import("../components/CompareCharts").then((m) => ({ default: m.DeltaByTypeChart })));

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
            A {a.project_name} ({a.weights}) · B {b.project_name} ({b.weights})
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
      {(comparison.precision_differences ?? []).length > 0 && (
        <div className="verdict verdict-warn small" data-testid="precision-differences">
          Not like for like: {(comparison.precision_differences ?? []).join("; ")} (B vs A).
        </div>
      )}
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
