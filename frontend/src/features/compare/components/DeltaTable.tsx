/** Per-layer deltas of two profiles: filter and sort. */
import { useMemo, useState } from "react";
import type { LayerDelta } from "../../../api/types";
import { Empty, SortHeaders } from "../../../shared/ui/ui";
import { DEFAULT_DELTA_SORT, deltaFraction, deltaTone, deltaTypes, EMPTY_DELTA_FILTER, filterDeltas, nextDeltaSort, parseThreshold, precisionChange, sortDeltas, type DeltaFilter, type DeltaSort, type DeltaSortKey } from "../lib/compare";
import { formatNumber } from "../../../shared/lib/format";
import { ms3, signedMs, signedPct } from "../lib/compare";

export const DELTA_COLUMNS: { key: DeltaSortKey; label: string; num?: boolean; title?: string }[] = [
  { key: "key", label: "Layer" },
  { key: "type", label: "Type" },
  { key: "a_ms", label: "A ms", num: true },
  { key: "b_ms", label: "B ms", num: true },
  { key: "delta_ms", label: "Δ ms", num: true, title: "B − A; negative: faster in B" },
  { key: "delta_pct", label: "Δ %", num: true, title: "of A's time" },
  { key: "abs_delta", label: "|Δ|", num: true, title: "size of the change, either way" },
  { key: "precision", label: "Precision A → B" },
];

export function DeltaTable({ rows, filter, setFilter }: { rows: readonly LayerDelta[]; filter: DeltaFilter; setFilter: (f: DeltaFilter) => void }) {
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
