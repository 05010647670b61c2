/**
 * The runtime (execution) graph of a layer profile: laid out by dagre, drawn as SVG, with pan (drag),
 * zoom (Ctrl/⌘ + wheel, pinch, buttons) and two colourings: share of time, or runtime precision.
 * Loaded lazily with the layer profile page: dagre is only needed here.
 */
import { useGraphLayout, type GraphLayout as SharedLayout } from "../../../shared/graph/useGraphLayout";
import { memo, useCallback, useEffect, useMemo, useState } from "react";
import type { LayerRecord, RuntimeGraph as RuntimeGraphData } from "../../../api/types";
import { formatNumber } from "../../../shared/lib/format";
import {
  centerOn,
  graphLayoutInput,
  heat,
  normalizePrecision,
  precisionColors,
  shareColors,
  truncateMiddle,
  type GraphNodeInput,
  type NodeColors } from "../../../shared/graph/graph";
import { ArrowDefs, DirectionSwitch, usePanZoom, WheelHint, ZoomButtons, type Direction } from "../../../shared/graph/GraphCanvas";

export type ColorMode = "share" | "precision";
export type { Direction };

/** Above this many nodes the layout waits for a click: dagre needs seconds for graphs that large. */
const AUTO_LAYOUT_LIMIT = 1500;

type GraphLayout = SharedLayout<GraphNodeInput>;


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
  const layout = useGraphLayout(tooLarge ? null : input, direction);
  const maxMs = useMemo(() => Math.max(0, ...input.nodes.map((n) => n.record.real_time_ms)), [input]);
  const precisions = useMemo(
    () => [...new Set(input.nodes.map((n) => normalizePrecision(n.record.precision)))].sort(),
    [input],
  );

  const pz = usePanZoom(layout, direction);
  const { size, setView, viewRef, suppressClick } = pz;

  // a selection made elsewhere (the table) brings its node into view
  const nodeIndex = useMemo(() => new Map(layout?.nodes.map((n) => [n.id, n]) ?? []), [layout]);
  useEffect(() => {
    if (!selected || size.w === 0) return;
    const n = nodeIndex.get(selected);
    if (!n) return;
    const v = viewRef.current;
    const sx = n.x * v.k + v.x;
    const sy = n.y * v.k + v.y;
    const visible = sx >= 0 && sy >= 0 && sx + n.width * v.k <= size.w && sy + n.height * v.k <= size.h;
    if (!visible) setView(centerOn(v, n.x + n.width / 2, n.y + n.height / 2, size.w, size.h));
  }, [selected, nodeIndex, size.w, size.h, setView, viewRef]);

  const onNodeClick = useCallback(
    (name: string) => {
      if (suppressClick.current) return;
      onSelect(name === selected ? null : name);
    },
    [onSelect, selected, suppressClick],
  );

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
        <DirectionSwitch direction={direction} setDirection={setDirection} />
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
        <ZoomButtons pz={pz} enabled={!!layout} />
      </div>
      <div className="graph-viewport" ref={pz.box}>
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
              className={`graph-svg${pz.dragging ? " dragging" : ""}`}
              width={size.w}
              height={size.h}
              {...pz.pointer}
              onClick={() => {
                if (!suppressClick.current && selected) onSelect(null);
              }}
              role="img"
              aria-label={`Runtime graph, ${input.nodes.length} nodes`}
            >
              <ArrowDefs prefix="graph" />
              <g transform={`translate(${pz.view.x},${pz.view.y}) scale(${pz.view.k})`}>
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
        <WheelHint show={pz.hint} />
      </div>
    </div>
  );
}
