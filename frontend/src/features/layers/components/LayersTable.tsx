/** Every layer of a profile: filter, sort, select. */
import { useEffect, useMemo, useRef, useState } from "react";
import type { LayerProfile } from "../../../api/types";
import { Empty, SortHeaders } from "../../../shared/ui/ui";
import { DASH } from "../../../shared/lib/format";
import { DEFAULT_SORT, EMPTY_FILTER, facet, filterLayers, layerShare, nextSort, sortLayers, type LayerFilter, type LayerSort, type LayerSortKey } from "../lib/layers";
import { pct, ms } from "../lib/layers";

export const COLUMNS: { key: LayerSortKey; label: string; num?: boolean; title?: string }[] = [
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

export const STATUS_TONE: Record<string, string> = { EXECUTED: "ok", NOT_RUN: "muted", OPTIMIZED_OUT: "info" };

export function LayersTable({
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
