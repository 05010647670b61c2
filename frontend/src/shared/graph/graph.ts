/**
 * The runtime graph view without the layout engine: what is handed to dagre, node colours, label
 * truncation, and the pan/zoom arithmetic. Pure; tested in graph.test.ts.
 */
import type { LayerRecord, RuntimeGraph } from "../../api/types";

export const NODE_WIDTH = 188;
export const NODE_HEIGHT = 40;

export interface GraphNodeInput {
  id: string;
  width: number;
  height: number;
  record: LayerRecord;
}

export interface GraphLayoutInput {
  nodes: GraphNodeInput[];
  edges: [string, string][];
  /** edges left out: to unknown nodes, self-loops, duplicates */
  droppedEdges: number;
}

/** Nodes (unique by name, first wins) and the edges between known nodes, each once, no self-loops. */
export function graphLayoutInput(graph: Pick<RuntimeGraph, "nodes" | "edges">): GraphLayoutInput {
  const nodes: GraphNodeInput[] = [];
  const seen = new Set<string>();
  for (const record of graph.nodes) {
    if (seen.has(record.name)) continue;
    seen.add(record.name);
    nodes.push({ id: record.name, width: NODE_WIDTH, height: NODE_HEIGHT, record });
  }
  const edges: [string, string][] = [];
  const edgeKeys = new Set<string>();
  let droppedEdges = 0;
  for (const [from, to] of graph.edges) {
    const key = `${from}\u0000${to}`;
    if (from === to || !seen.has(from) || !seen.has(to) || edgeKeys.has(key)) {
      droppedEdges++;
      continue;
    }
    edgeKeys.add(key);
    edges.push([from, to]);
  }
  return { nodes, edges, droppedEdges };
}

/** "a_very_long_layer_name" → "a_very…r_name": keeps both ends, which tell layers apart. */
export function truncateMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return "…";
  const head = Math.ceil((max - 1) / 2);
  const tail = Math.floor((max - 1) / 2);
  return `${text.slice(0, head)}…${tail > 0 ? text.slice(text.length - tail) : ""}`;
}

export interface NodeColors {
  fill: string;
  stroke: string;
  text: string;
}

const HEAT: [number, [number, number, number]][] = [
  [0, [241, 245, 249]],
  [0.3, [254, 240, 138]],
  [0.6, [251, 146, 60]],
  [1, [220, 38, 38]],
];

function mix(a: [number, number, number], b: [number, number, number], t: number): [number, number, number] {
  return [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * t)) as [number, number, number];
}

const hex = (rgb: [number, number, number]) => `#${rgb.map((c) => c.toString(16).padStart(2, "0")).join("")}`;

/** Heat colour for t in [0, 1] (slate → yellow → orange → red). */
export function heat(t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  for (let i = 1; i < HEAT.length; i++) {
    const [t1, c1] = HEAT[i];
    const [t0, c0] = HEAT[i - 1];
    if (x <= t1) return hex(mix(c0, c1, (x - t0) / (t1 - t0)));
  }
  return hex(HEAT[HEAT.length - 1][1]);
}

/**
 * Colours by share of time, relative to the slowest node (so the hot spots stand out even when one
 * layer type dominates); square root spreads the many small values. Untimed nodes are grey.
 */
export function shareColors(timeMs: number, maxTimeMs: number): NodeColors {
  if (!(timeMs > 0) || !(maxTimeMs > 0)) return { fill: "#f8fafc", stroke: "#cbd5e1", text: "#64748b" };
  const t = Math.sqrt(Math.min(1, timeMs / maxTimeMs));
  return { fill: heat(t), stroke: t > 0.5 ? "#9a3412" : "#b45309", text: t > 0.8 ? "#ffffff" : "#1f2328" };
}

const PRECISION_PALETTE: Record<string, NodeColors> = {
  FP32: { fill: "#dbeafe", stroke: "#2563eb", text: "#1e3a8a" },
  BF16: { fill: "#ede9fe", stroke: "#7c3aed", text: "#4c1d95" },
  FP16: { fill: "#dcfce7", stroke: "#16a34a", text: "#14532d" },
  I8: { fill: "#ffedd5", stroke: "#ea580c", text: "#7c2d12" },
  U8: { fill: "#fef3c7", stroke: "#d97706", text: "#78350f" },
  I32: { fill: "#ccfbf1", stroke: "#0d9488", text: "#134e4a" },
  I64: { fill: "#cffafe", stroke: "#0891b2", text: "#164e63" },
  BOOLEAN: { fill: "#fce7f3", stroke: "#db2777", text: "#831843" },
};
const OTHER_PRECISION: NodeColors = { fill: "#f1f5f9", stroke: "#64748b", text: "#334155" };

/** OpenVINO spells precisions both ways (F32 / FP32): one name per precision. */
export function normalizePrecision(p: string): string {
  const up = p.toUpperCase();
  const aliases: Record<string, string> = { F32: "FP32", F16: "FP16", BOOL: "BOOLEAN", INT8: "I8", UINT8: "U8" };
  return aliases[up] ?? up;
}

export function precisionColors(precision: string): NodeColors {
  return PRECISION_PALETTE[normalizePrecision(precision)] ?? OTHER_PRECISION;
}

/** A pan/zoom transform: screen = world × k + (x, y). */
export interface View {
  x: number;
  y: number;
  k: number;
}

export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 3;
/** Below this scale the labels cannot be read: the first view does not go smaller, it starts at the inputs. */
export const READABLE_ZOOM = 0.8;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** The whole graph in the viewport, never enlarged beyond 1:1. */
export function fitView(width: number, height: number, vw: number, vh: number, pad = 16): View {
  if (width <= 0 || height <= 0 || vw <= 0 || vh <= 0) return { x: pad, y: pad, k: 1 };
  const k = clamp(Math.min((vw - 2 * pad) / width, (vh - 2 * pad) / height, 1), MIN_ZOOM, MAX_ZOOM);
  return { x: (vw - width * k) / 2, y: (vh - height * k) / 2, k };
}

/** The first view: fitted if readable; otherwise readable, starting where the graph starts (its inputs). */
export function initialView(
  width: number,
  height: number,
  vw: number,
  vh: number,
  direction: "TB" | "LR",
  pad = 16,
): View {
  const fit = fitView(width, height, vw, vh, pad);
  if (fit.k >= READABLE_ZOOM) return fit;
  const k = READABLE_ZOOM;
  if (direction === "TB") {
    const x = width * k <= vw - 2 * pad ? (vw - width * k) / 2 : pad;
    return { x, y: pad, k };
  }
  const y = height * k <= vh - 2 * pad ? (vh - height * k) / 2 : pad;
  return { x: pad, y, k };
}

/** Zoom by `factor` keeping the screen point (px, py) fixed. */
export function zoomAround(view: View, factor: number, px: number, py: number): View {
  const k = clamp(view.k * factor, MIN_ZOOM, MAX_ZOOM);
  const f = k / view.k;
  return { k, x: px - (px - view.x) * f, y: py - (py - view.y) * f };
}

/** Pan so the world point (wx, wy) sits in the middle of the viewport, at least at a readable scale. */
export function centerOn(view: View, wx: number, wy: number, vw: number, vh: number): View {
  const k = Math.max(view.k, Math.min(1, READABLE_ZOOM * 1.4));
  return { k, x: vw / 2 - wx * k, y: vh / 2 - wy * k };
}

/** An SVG path through dagre's edge points: straight first and last segments, smoothed in between. */
export function edgePath(points: readonly { x: number; y: number }[]): string {
  if (points.length === 0) return "";
  const f = (n: number) => Number(n.toFixed(1));
  if (points.length < 3) return points.map((p, i) => `${i === 0 ? "M" : "L"}${f(p.x)},${f(p.y)}`).join(" ");
  let d = `M${f(points[0].x)},${f(points[0].y)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i];
    const next = points[i + 1];
    const mx = (p.x + next.x) / 2;
    const my = (p.y + next.y) / 2;
    d += ` Q${f(p.x)},${f(p.y)} ${f(i === points.length - 2 ? next.x : mx)},${f(i === points.length - 2 ? next.y : my)}`;
  }
  return d;
}
