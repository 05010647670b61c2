/**
 * The IR graph view of a model (GET /models/{id}/graph) without the layout engine: which nodes and
 * edges are drawn (weight-decompression Converts folded, at most MAX_DRAWN_NODES nodes), node colours by
 * operation type and the legend. Pure; tested in modelGraph.test.ts.
 */
import type { GraphNode, ModelGraph } from "../../../api/types";
import type { NodeColors } from "../../../shared/graph/graph";
import { NODE_HEIGHT, NODE_WIDTH } from "../../../shared/graph/graph";

/** dagre and the SVG stay responsive up to a few hundred nodes; beyond, Netron is the better viewer */
export const MAX_DRAWN_NODES = 400;

export interface ModelGraphNodeInput {
  id: string;
  width: number;
  height: number;
  node: GraphNode;
}

export interface ModelGraphInput {
  nodes: ModelGraphNodeInput[];
  edges: [string, string][];
  /** operations in the IR (Constants are never sent) */
  total: number;
  /** nodes left out beyond the limit */
  hidden: number;
  /** Convert nodes fed only by a Constant: FP16 weights decompressed to FP32, not operations on data */
  foldedConverts: number;
}

/** Nodes in the IR's (topological) order, unique by id; at most `limit`, and the edges between them. */
export function modelGraphInput(graph: Pick<ModelGraph, "nodes" | "edges">, limit = MAX_DRAWN_NODES): ModelGraphInput {
  const unique: GraphNode[] = [];
  const ids = new Set<string>();
  for (const node of graph.nodes) {
    if (ids.has(node.id)) continue;
    ids.add(node.id);
    unique.push(node);
  }
  const fed = new Set<string>();
  for (const e of graph.edges) if (ids.has(e.source) && e.source !== e.target) fed.add(e.target);
  const folded = new Set(unique.filter((n) => n.type === "Convert" && !fed.has(n.id)).map((n) => n.id));
  const kept = unique.filter((n) => !folded.has(n.id));
  const drawn = kept.slice(0, Math.max(0, limit));
  const drawnIds = new Set(drawn.map((n) => n.id));
  const edges: [string, string][] = [];
  const seen = new Set<string>();
  for (const e of graph.edges) {
    const key = `${e.source}\u0000${e.target}`;
    if (e.source === e.target || !drawnIds.has(e.source) || !drawnIds.has(e.target) || seen.has(key)) continue;
    seen.add(key);
    edges.push([e.source, e.target]);
  }
  return {
    nodes: drawn.map((node) => ({ id: node.id, width: NODE_WIDTH, height: NODE_HEIGHT, node })),
    edges,
    total: kept.length,
    hidden: kept.length - drawn.length,
    foldedConverts: folded.size,
  };
}

export interface TypeCategory {
  key: string;
  label: string;
  colors: NodeColors;
}

const CATEGORIES: { key: string; label: string; colors: NodeColors; types: string[] }[] = [
  { key: "io", label: "inputs / outputs", colors: { fill: "#e0f2fe", stroke: "#0284c7", text: "#0c4a6e" }, types: ["Parameter", "Result"] },
  {
    key: "conv",
    label: "convolution",
    colors: { fill: "#dbeafe", stroke: "#2563eb", text: "#1e3a8a" },
    types: ["Convolution", "GroupConvolution", "ConvolutionBackpropData", "GroupConvolutionBackpropData", "BinaryConvolution", "DeformableConvolution"],
  },
  { key: "matmul", label: "matrix multiply", colors: { fill: "#ede9fe", stroke: "#7c3aed", text: "#4c1d95" }, types: ["MatMul", "FullyConnected", "Einsum"] },
  {
    key: "activation",
    label: "activation",
    colors: { fill: "#dcfce7", stroke: "#16a34a", text: "#14532d" },
    types: ["Relu", "PRelu", "Sigmoid", "Tanh", "Clamp", "Elu", "Gelu", "Swish", "HSwish", "HSigmoid", "Mish", "SoftPlus", "SoftSign", "Selu", "Exp", "Log", "Abs", "Erf"],
  },
  {
    key: "pool",
    label: "pooling / reduction",
    colors: { fill: "#fef3c7", stroke: "#d97706", text: "#78350f" },
    types: ["MaxPool", "AvgPool", "AdaptiveAvgPool", "AdaptiveMaxPool", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceSum", "ReduceProd", "ReduceL1", "ReduceL2", "TopK", "ArgMax"],
  },
  {
    key: "norm",
    label: "normalisation",
    colors: { fill: "#fce7f3", stroke: "#db2777", text: "#831843" },
    types: ["BatchNormInference", "MVN", "NormalizeL2", "LRN", "GroupNormalization", "Softmax", "LogSoftmax"],
  },
  {
    key: "eltwise",
    label: "element-wise",
    colors: { fill: "#ffedd5", stroke: "#ea580c", text: "#7c2d12" },
    types: ["Add", "Subtract", "Multiply", "Divide", "Power", "Maximum", "Minimum", "SquaredDifference", "Sqrt", "Negative", "Floor", "Ceiling", "Round", "Select", "Equal", "Greater", "Less", "LogicalAnd", "LogicalOr", "LogicalNot"],
  },
  { key: "quant", label: "quantisation", colors: { fill: "#fee2e2", stroke: "#dc2626", text: "#7f1d1d" }, types: ["FakeQuantize", "FakeConvert"] },
  {
    key: "shape",
    label: "shape / data movement",
    colors: { fill: "#f1f5f9", stroke: "#64748b", text: "#334155" },
    types: ["Reshape", "Transpose", "Concat", "Split", "VariadicSplit", "Squeeze", "Unsqueeze", "Gather", "GatherND", "GatherElements", "ShapeOf", "StridedSlice", "Slice", "Broadcast", "Tile", "Pad", "Interpolate", "Convert", "DepthToSpace", "SpaceToDepth", "ScatterUpdate", "ScatterNDUpdate", "ShuffleChannels", "Range", "NonZero"],
  },
];

const OTHER: TypeCategory = { key: "other", label: "other", colors: { fill: "#ccfbf1", stroke: "#0d9488", text: "#134e4a" } };
const BY_TYPE = new Map(CATEGORIES.flatMap((c) => c.types.map((t) => [t, { key: c.key, label: c.label, colors: c.colors }] as const)));

export function typeCategory(type: string): TypeCategory {
  return BY_TYPE.get(type) ?? OTHER;
}

/** The categories present, most nodes first: the legend. */
export function categoryCounts(nodes: readonly { node: Pick<GraphNode, "type"> }[]): (TypeCategory & { count: number })[] {
  const counts = new Map<string, TypeCategory & { count: number }>();
  for (const { node } of nodes) {
    const c = typeCategory(node.type);
    const entry = counts.get(c.key) ?? { ...c, count: 0 };
    entry.count++;
    counts.set(c.key, entry);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/** A node's output shape for its label: "1×64×55×55", "?×3×224×224", "" when it has none. */
export function shapeLabel(shape: readonly (number | string)[] | undefined): string {
  if (!shape || shape.length === 0) return "";
  return shape.map((d) => (typeof d === "number" && d < 0 ? "?" : String(d))).join("×");
}
