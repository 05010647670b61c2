/** A graph laid out by dagre (top-left corners, edge paths, overall size), recomputed when the input or the direction changes. */
import { Graph, layout as dagreLayout } from "@dagrejs/dagre";
import { useMemo } from "react";
import { edgePath } from "./graph";
import type { Direction } from "./GraphCanvas";

export interface LayoutNodeInput {
  id: string;
  width: number;
  height: number;
}

export type PlacedNode<N extends LayoutNodeInput> = N & { x: number; y: number };

export interface GraphLayout<N extends LayoutNodeInput> {
  nodes: PlacedNode<N>[];
  edges: { from: string; to: string; d: string }[];
  width: number;
  height: number;
}

export function layoutGraph<N extends LayoutNodeInput>(input: { nodes: readonly N[]; edges: readonly [string, string][] }, rankdir: Direction): GraphLayout<N> {
  const g = new Graph();
  g.setGraph({ rankdir, nodesep: 18, ranksep: 30, edgesep: 8, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of input.nodes) g.setNode(n.id, { width: n.width, height: n.height });
  for (const [from, to] of input.edges) g.setEdge(from, to);
  dagreLayout(g);
  const nodes = input.nodes.map((n) => {
    const p = g.node(n.id) as { x: number; y: number };
    return { ...n, x: p.x - n.width / 2, y: p.y - n.height / 2 };
  });
  const edges = input.edges.map(([from, to]) => {
    const e = g.edge(from, to) as { points?: { x: number; y: number }[] } | undefined;
    return { from, to, d: edgePath(e?.points ?? []) };
  });
  const label = g.graph() as { width?: number; height?: number };
  return { nodes, edges, width: label.width ?? 0, height: label.height ?? 0 };
}

/** The layout of `input` (null: nothing to lay out yet). */
export function useGraphLayout<N extends LayoutNodeInput>(
  input: { nodes: readonly N[]; edges: readonly [string, string][] } | null,
  direction: Direction,
): GraphLayout<N> | null {
  return useMemo(() => (input ? layoutGraph(input, direction) : null), [input, direction]);
}
