/**
 * The runtime (execution) graph of a layer profile: laid out by dagre, drawn as SVG, with pan (drag),
 * zoom (Ctrl/⌘ + wheel, pinch, buttons) and two colourings: share of time, or runtime precision.
 * Loaded lazily with the layer profile page: dagre is only needed here.
 */
import { Graph, layout as dagreLayout } from "@dagrejs/dagre";
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type PointerEvent } from "react";
import type { LayerRecord, RuntimeGraph as RuntimeGraphData } from "../api/types";
import { formatNumber } from "../lib/format";
import {
  centerOn,
  edgePath,
  fitView,
  graphLayoutInput,
  heat,
  initialView,
  normalizePrecision,
  precisionColors,
  shareColors,
  truncateMiddle,
  zoomAround,
  type GraphLayoutInput,
  type NodeColors,
  type View,
} from "../lib/graph";

export type ColorMode = "share" | "precision";
export type Direction = "TB" | "LR";

/** Above this many nodes the layout waits for a click: dagre needs seconds for graphs that large. */
const AUTO_LAYOUT_LIMIT = 1500;

interface PlacedNode {
  id: string;
  x: number; // top-left corner
  y: number;
  width: number;
  height: number;
  record: LayerRecord;
}

interface PlacedEdge {
  from: string;
  to: string;
  d: string;
}

interface GraphLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

function layoutGraph(input: GraphLayoutInput, rankdir: Direction): GraphLayout {
  const g = new Graph();
  g.setGraph({ rankdir, nodesep: 18, ranksep: 30, edgesep: 8, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of input.nodes) g.setNode(n.id, { width: n.width, height: n.height });
  for (const [from, to] of input.edges) g.setEdge(from, to);
  dagreLayout(g);
  const nodes = input.nodes.map((n) => {
    const p = g.node(n.id) as { x: number; y: number };
    return { id: n.id, x: p.x - n.width / 2, y: p.y - n.height / 2, width: n.width, height: n.height, record: n.record };
  });
  const edges = input.edges.map(([from, to]) => {
    const e = g.edge(from, to) as { points?: { x: number; y: number }[] } | undefined;
    return { from, to, d: edgePath(e?.points ?? []) };
  });
  const label = g.graph() as { width?: number; height?: number };
  return { nodes, edges, width: label.width ?? 0, height: label.height ?? 0 };
}

function timeLabel(ms: number): string {
  if (!(ms > 0)) return "";
  return ms >= 1 ? `${formatNumber(ms, 2)} ms` : `${formatNumber(ms * 1000, 0)} µs`;
}

function nodeTitle(r: LayerRecord, share: number): string {
  const lines = [
    r.name,
    `type ${r.type}${r.exec_type ? ` · kernel ${r.exec_type}` : ""}`,
    `precision ${r.precision}`,
    r.real_time_ms > 0 ? `${formatNumber(r.real_time_ms, 4)} ms per inference (${(share * 100).toFixed(1)}%)` : "no time recorded",
  ];
  if (r.original_layers && r.original_layers.length > 0) lines.push(`from: ${r.original_layers.join(", ")}`);
  return lines.join("\n");
}

/** Everything inside the transformed group; memoised so panning does not re-render every node. */
const GraphBody = memo(function GraphBody({
  layout,
  colorMode,
  selected,
  totalMs,
  maxMs,
  onNodeClick,
}: {
  layout: GraphLayout;
  colorMode: ColorMode;
  selected: string | null;
  totalMs: number;
  maxMs: number;
  onNodeClick: (name: string) => void;
}) {
  const colors = (r: LayerRecord): NodeColors =>
    colorMode === "share" ? shareColors(r.real_time_ms, maxMs) : precisionColors(r.precision);
  return (
    <>
      <g className="graph-edges">
        {layout.edges.map((e) => {
          const hot = selected !== null && (e.from === selected || e.to === selected);
          return (
            <path
              key={`${e.from}\u0000${e.to}`}
              d={e.d}
              className={hot ? "graph-edge hot" : "graph-edge"}
              markerEnd={hot ? "url(#graph-arrow-hot)" : "url(#graph-arrow)"}
            />
          );
        })}
      </g>
      <g className="graph-nodes">
        {layout.nodes.map((n) => {
          const r = n.record;
          const c = colors(r);
          const isSelected = n.id === selected;
          const share = totalMs > 0 ? r.real_time_ms / totalMs : 0;
          const time = timeLabel(r.real_time_ms);
          return (
            <g
              key={n.id}
              transform={`translate(${n.x},${n.y})`}
              className={`graph-node${isSelected ? " selected" : ""}${r.real_time_ms > 0 ? "" : " idle"}`}
              data-testid="graph-node"
              data-node-name={n.id}
              data-selected={isSelected ? "true" : undefined}
              onClick={(e) => {
                e.stopPropagation();
                onNodeClick(n.id);
              }}
            >
              <title>{nodeTitle(r, share)}</title>
              <rect width={n.width} height={n.height} rx={4} fill={c.fill} stroke={isSelected ? "#111827" : c.stroke} />
              <text x={8} y={15} className="graph-node-name" fill={c.text}>
                {truncateMiddle(r.name, 27)}
              </text>
              <text x={8} y={31} className="graph-node-meta" fill={c.text}>
                {truncateMiddle(`${r.type} · ${normalizePrecision(r.precision)}`, time ? 20 : 29)}
              </text>
              {time && (
                <text x={n.width - 8} y={31} className="graph-node-time" fill={c.text} textAnchor="end">
                  {time}
                </text>
              )}
            </g>
          );
        })}
      </g>
    </>
  );
});

export function RuntimeGraph({
  graph,
  totalMs,
  selected,
  onSelect,
}: {
  graph: RuntimeGraphData;
  totalMs: number;
  selected: string | null;
  onSelect: (name: string | null) => void;
}) {
  const input = useMemo(() => graphLayoutInput(graph), [graph]);
  const [colorMode, setColorMode] = useState<ColorMode>("share");
  const [direction, setDirection] = useState<Direction>("TB");
  const [forced, setForced] = useState(false);
  const tooLarge = input.nodes.length > AUTO_LAYOUT_LIMIT && !forced;
  const layout = useMemo(() => (tooLarge ? null : layoutGraph(input, direction)), [input, direction, tooLarge]);
  const maxMs = useMemo(() => Math.max(0, ...input.nodes.map((n) => n.record.real_time_ms)), [input]);
  const precisions = useMemo(
    () => [...new Set(input.nodes.map((n) => normalizePrecision(n.record.precision)))].sort(),
    [input],
  );

  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ w: 0, h: 0 });
  const [view, setView] = useState<View>({ x: 0, y: 0, k: 1 });
  const [hint, setHint] = useState(false);
  const [dragging, setDragging] = useState(false);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setSize({ w: el.clientWidth, h: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const home = useCallback(() => {
    if (layout && size.w > 0) setView(initialView(layout.width, layout.height, size.w, size.h, direction));
  }, [layout, size.w, size.h, direction]);

  // a new layout (or the first measurement) starts at the home view
  const placedFor = useRef<GraphLayout | null>(null);
  useLayoutEffect(() => {
    if (!layout || size.w === 0 || placedFor.current === layout) return;
    placedFor.current = layout;
    home();
  }, [layout, size.w, home]);

  // a selection made elsewhere (the table) brings its node into view
  const nodeIndex = useMemo(() => new Map(layout?.nodes.map((n) => [n.id, n]) ?? []), [layout]);
  const viewRef = useRef(view);
  useLayoutEffect(() => {
    viewRef.current = view;
  }, [view]);
  useEffect(() => {
    if (!selected || size.w === 0) return;
    const n = nodeIndex.get(selected);
    if (!n) return;
    const v = viewRef.current;
    const sx = n.x * v.k + v.x;
    const sy = n.y * v.k + v.y;
    const visible = sx >= 0 && sy >= 0 && sx + n.width * v.k <= size.w && sy + n.height * v.k <= size.h;
    if (!visible) setView(centerOn(v, n.x + n.width / 2, n.y + n.height / 2, size.w, size.h));
  }, [selected, nodeIndex, size.w, size.h]);

  // Ctrl/⌘ + wheel (and trackpad pinch, which arrives as ctrl + wheel) zooms; a plain wheel scrolls the page
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onWheel = (e: WheelEvent) => {
      if (!e.ctrlKey && !e.metaKey) {
        setHint(true);
        clearTimeout(timer);
        timer = setTimeout(() => setHint(false), 1200);
        return;
      }
      e.preventDefault();
      const rect = el.getBoundingClientRect();
      const factor = Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.002));
      setView((v) => zoomAround(v, factor, e.clientX - rect.left, e.clientY - rect.top));
    };
    el.addEventListener("wheel", onWheel, { passive: false });
    return () => {
      el.removeEventListener("wheel", onWheel);
      clearTimeout(timer);
    };
  }, []);

  const drag = useRef<{ x: number; y: number; vx: number; vy: number; moved: boolean } | null>(null);
  const suppressClick = useRef(false);
  const onPointerDown = (e: PointerEvent<SVGSVGElement>) => {
    if (e.button !== 0) return;
    drag.current = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y, moved: false };
    suppressClick.current = false;
  };
  const onPointerMove = (e: PointerEvent<SVGSVGElement>) => {
    const d = drag.current;
    if (!d) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    if (!d.moved && Math.hypot(dx, dy) < 4) return;
    if (!d.moved) {
      d.moved = true;
      setDragging(true);
      e.currentTarget.setPointerCapture(e.pointerId);
    }
    setView((v) => ({ ...v, x: d.vx + dx, y: d.vy + dy }));
  };
  const onPointerUp = (e: PointerEvent<SVGSVGElement>) => {
    const d = drag.current;
    drag.current = null;
    if (d?.moved) {
      suppressClick.current = true;
      setDragging(false);
      if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
    }
  };
  const onNodeClick = useCallback(
    (name: string) => {
      if (suppressClick.current) return;
      onSelect(name === selected ? null : name);
    },
    [onSelect, selected],
  );

  const zoomBy = (factor: number) => setView((v) => zoomAround(v, factor, size.w / 2, size.h / 2));
  const fit = () => layout && setView(fitView(layout.width, layout.height, size.w, size.h));

  return (
    <div className="graph" data-testid="runtime-graph" data-nodes={input.nodes.length} data-edges={input.edges.length}>
      <div className="graph-toolbar">
        <div className="segmented" role="group" aria-label="Colour nodes by">
          <span className="segmented-label">Colour</span>
          <button
            type="button"
            className={colorMode === "share" ? "on" : ""}
            aria-pressed={colorMode === "share"}
            onClick={() => setColorMode("share")}
            data-testid="graph-color-share"
          >
            time share
          </button>
          <button
            type="button"
            className={colorMode === "precision" ? "on" : ""}
            aria-pressed={colorMode === "precision"}
            onClick={() => setColorMode("precision")}
            data-testid="graph-color-precision"
          >
            precision
          </button>
        </div>
        <div className="segmented" role="group" aria-label="Layout direction">
          <span className="segmented-label">Layout</span>
          <button type="button" className={direction === "TB" ? "on" : ""} aria-pressed={direction === "TB"} onClick={() => setDirection("TB")}>
            top-down
          </button>
          <button type="button" className={direction === "LR" ? "on" : ""} aria-pressed={direction === "LR"} onClick={() => setDirection("LR")}>
            left-right
          </button>
        </div>
        <div className="graph-legend" data-testid="graph-legend">
          {colorMode === "share" ? (
            <>
              <span className="muted small">0</span>
              <span
                className="graph-gradient"
                style={{ background: `linear-gradient(90deg, ${[0, 0.25, 0.5, 0.75, 1].map((t) => heat(t)).join(", ")})` }}
              />
              <span className="muted small">{timeLabel(maxMs) || "—"} (slowest)</span>
            </>
          ) : (
            precisions.map((p) => {
              const c = precisionColors(p);
              return (
                <span key={p} className="legend-chip" style={{ background: c.fill, borderColor: c.stroke, color: c.text }}>
                  {p}
                </span>
              );
            })
          )}
        </div>
        <div className="graph-zoom">
          <button type="button" className="btn btn-small" onClick={() => zoomBy(1 / 1.25)} aria-label="Zoom out" disabled={!layout}>
            −
          </button>
          <span className="graph-scale small muted">{Math.round(view.k * 100)}%</span>
          <button type="button" className="btn btn-small" onClick={() => zoomBy(1.25)} aria-label="Zoom in" disabled={!layout}>
            +
          </button>
          <button type="button" className="btn btn-small" onClick={fit} disabled={!layout} data-testid="graph-fit">
            Fit
          </button>
          <button type="button" className="btn btn-small" onClick={home} disabled={!layout} title="Readable size, at the inputs">
            Start
          </button>
        </div>
      </div>
      <div className="graph-viewport" ref={box}>
        {tooLarge ? (
          <div className="graph-placeholder">
            <p>
              The runtime graph has {input.nodes.length.toLocaleString("en-US")} nodes; laying it out takes a few seconds.
            </p>
            <button type="button" className="btn" onClick={() => setForced(true)}>
              Lay out the graph
            </button>
          </div>
        ) : input.nodes.length === 0 ? (
          <div className="graph-placeholder">The profile has no runtime graph.</div>
        ) : (
          layout && (
            <svg
              className={`graph-svg${dragging ? " dragging" : ""}`}
              width={size.w}
              height={size.h}
              onPointerDown={onPointerDown}
              onPointerMove={onPointerMove}
              onPointerUp={onPointerUp}
              onPointerCancel={onPointerUp}
              onClick={() => {
                if (!suppressClick.current && selected) onSelect(null);
              }}
              role="img"
              aria-label={`Runtime graph, ${input.nodes.length} nodes`}
            >
              <defs>
                <marker id="graph-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                  <path d="M0,0 L8,4 L0,8 z" fill="#94a3b8" />
                </marker>
                <marker id="graph-arrow-hot" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                  <path d="M0,0 L8,4 L0,8 z" fill="#111827" />
                </marker>
              </defs>
              <g transform={`translate(${view.x},${view.y}) scale(${view.k})`}>
                <GraphBody
                  layout={layout}
                  colorMode={colorMode}
                  selected={selected}
                  totalMs={totalMs}
                  maxMs={maxMs}
                  onNodeClick={onNodeClick}
                />
              </g>
            </svg>
          )
        )}
        <div className={`graph-hint${hint ? " show" : ""}`} aria-hidden>
          Ctrl + scroll to zoom · drag to pan
        </div>
      </div>
    </div>
  );
}
