/** The per-layer table: filtering, sorting and the choices of its select filters. Pure; see layers.test.ts. */
import type { LayerRecord } from "../../../api/types";
import { formatNumber } from "../../../shared/lib/format";

export type LayerSortKey =
  | "exec_order"
  | "name"
  | "type"
  | "exec_type"
  | "precision"
  | "status"
  | "real_time_ms"
  | "cpu_time_ms"
  | "share";

export type SortDirection = "asc" | "desc";

export interface LayerSort {
  key: LayerSortKey;
  dir: SortDirection;
}

export interface LayerFilter {
  /** matched, case-insensitively, against name, type, kernel and the original layers */
  text: string;
  /** "" = any */
  type: string;
  precision: string;
  status: string;
}

export const EMPTY_FILTER: LayerFilter = { text: "", type: "", precision: "", status: "" };

/** The slowest layers first: what people open this page for. */
export const DEFAULT_SORT: LayerSort = { key: "real_time_ms", dir: "desc" };

const NUMERIC: ReadonlySet<LayerSortKey> = new Set(["exec_order", "real_time_ms", "cpu_time_ms", "share"]);

/** A layer's share of the summed layer time (0 when nothing was timed). */
export function layerShare(layer: Pick<LayerRecord, "real_time_ms">, total: number): number {
  return total > 0 ? layer.real_time_ms / total : 0;
}

export function filterLayers(layers: readonly LayerRecord[], filter: LayerFilter): LayerRecord[] {
  const needle = filter.text.trim().toLowerCase();
  return layers.filter((l) => {
    if (filter.type && l.type !== filter.type) return false;
    if (filter.precision && l.precision !== filter.precision) return false;
    if (filter.status && l.status !== filter.status) return false;
    if (!needle) return true;
    return (
      l.name.toLowerCase().includes(needle) ||
      l.type.toLowerCase().includes(needle) ||
      l.exec_type.toLowerCase().includes(needle) ||
      (l.original_layers ?? []).some((o) => o.toLowerCase().includes(needle))
    );
  });
}

function sortValue(layer: LayerRecord, key: LayerSortKey): number | string | null {
  switch (key) {
    case "share":
      return layer.real_time_ms; // the same order as the time it is computed from
    case "exec_order":
      return layer.exec_order ?? null;
    default:
      return layer[key];
  }
}

/** Sorted copy; missing values (no exec order) last in both directions; ties keep the input order. */
export function sortLayers(layers: readonly LayerRecord[], sort: LayerSort): LayerRecord[] {
  const sign = sort.dir === "asc" ? 1 : -1;
  return layers
    .map((layer, index) => ({ layer, index }))
    .sort((a, b) => {
      const va = sortValue(a.layer, sort.key);
      const vb = sortValue(b.layer, sort.key);
      if (va === null && vb === null) return a.index - b.index;
      if (va === null) return 1;
      if (vb === null) return -1;
      const cmp =
        typeof va === "number" && typeof vb === "number"
          ? va - vb
          : String(va).localeCompare(String(vb), "en", { numeric: true, sensitivity: "base" });
      return cmp !== 0 ? sign * cmp : a.index - b.index;
    })
    .map((x) => x.layer);
}

/** Clicking a header: the same column flips direction; a new one starts descending for figures. */
export function nextSort(current: LayerSort, key: LayerSortKey): LayerSort {
  if (current.key === key) return { key, dir: current.dir === "asc" ? "desc" : "asc" };
  return { key, dir: NUMERIC.has(key) && key !== "exec_order" ? "desc" : "asc" };
}

/** The distinct values of a column with how many layers have each, most frequent first. */
export function facet(
  layers: readonly LayerRecord[],
  field: "type" | "precision" | "status",
): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const l of layers) counts.set(l[field], (counts.get(l[field]) ?? 0) + 1);
  return [...counts.entries()]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

/** Count of layers by status, for the summary figures. */
export function statusCounts(layers: readonly LayerRecord[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of layers) out[l.status] = (out[l.status] ?? 0) + 1;
  return out;
}

/** A share (0–1) as a percentage with one decimal. */
export const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
/** Milliseconds with three decimals. */
export const ms = (v: number) => formatNumber(v, 3, true);
