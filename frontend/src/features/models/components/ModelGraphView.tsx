/**
 * A model's IR graph (operations without their Constants) laid out by dagre and drawn as SVG, nodes
 * coloured by kind of operation, with the pan/zoom of the runtime graph. At most MAX_DRAWN_NODES nodes
 * are drawn (the first in the IR's order); Netron, fed the downloaded .xml/.bin, shows any size.
 * Loaded lazily with the model page's Graph tab: dagre is only needed here.
 */
import { useGraphLayout, type GraphLayout } from "../../../shared/graph/useGraphLayout";
import { memo, useCallback, useMemo, useState } from "react";
import type { GraphNode, ModelGraph } from "../../../api/types";
import {  truncateMiddle } from "../../../shared/graph/graph";
import { categoryCounts, MAX_DRAWN_NODES, modelGraphInput, shapeLabel, typeCategory, type ModelGraphNodeInput } from "../lib/modelGraph";
import { ArrowDefs, DirectionSwitch, usePanZoom, WheelHint, ZoomButtons, type Direction } from "../../../shared/graph/GraphCanvas";

type Placed = GraphLayout<ModelGraphNodeInput>;

function nodeTitle(n: GraphNode): string {
  const lines = [n.name, `type ${n.type}`];
  const shape = shapeLabel(n.shape);
  if (shape || n.element_type) lines.push(`output ${[n.element_type, shape].filter(Boolean).join(" ")}`);
  for (const [k, v] of Object.entries(n.attributes ?? {}).slice(0, 12)) lines.push(`${k}: ${v}`);
  return lines.join("\n");
}

const Body = memo(function Body({
  placed,
  selected,
  onNodeClick,
}: {
  placed: Placed;
  selected: string | null;
  onNodeClick: (id: string) => void;
}) {
  return (
    <>
      <g className="graph-edges">
        {placed.edges.map((e) => {
          const hot = selected !== null && (e.from === selected || e.to === selected);
          return (
            <path
              key={`${e.from}\u0000${e.to}`}
              d={e.d}
              className={hot ? "graph-edge hot" : "graph-edge"}
              markerEnd={hot ? "url(#ir-arrow-hot)" : "url(#ir-arrow)"}
            />
          );
        })}
      </g>
      <g className="graph-nodes">
        {placed.nodes.map((p) => {
          const c = typeCategory(p.node.type).colors;
          const isSelected = p.id === selected;
          const shape = shapeLabel(p.node.shape);
          return (
            <g
              key={p.id}
              transform={`translate(${p.x},${p.y})`}
              className={`graph-node${isSelected ? " selected" : ""}`}
              data-testid="model-graph-node"
              data-node-id={p.id}
              data-type={p.node.type}
              data-selected={isSelected ? "true" : undefined}
              onClick={(e) => {
                e.stopPropagation();
                onNodeClick(p.id);
              }}
            >
              <title>{nodeTitle(p.node)}</title>
              <rect width={p.width} height={p.height} rx={4} fill={c.fill} stroke={isSelected ? "#111827" : c.stroke} />
              <text x={8} y={15} className="graph-node-name" fill={c.text}>
                {truncateMiddle(p.node.type, 27)}
              </text>
              <text x={8} y={31} className="graph-node-meta" fill={c.text}>
                {truncateMiddle(shape ? `${shape} · ${p.node.name}` : p.node.name, 30)}
              </text>
            </g>
          );
        })}
      </g>
    </>
  );
});

function NodeDetails({ node }: { node: GraphNode | null }) {
  if (!node) {
    return (
      <div className="selection selection-empty" data-testid="graph-node-details">
        Click an operation for its attributes.
      </div>
    );
  }
  const attributes = Object.entries(node.attributes ?? {});
  return (
    <div className="selection" data-testid="graph-node-details" data-node-id={node.id}>
      <div>
        <strong className="mono">{node.name}</strong> <span className="tag">{node.type}</span>{" "}
        <span className="muted mono">
          {node.element_type} {shapeLabel(node.shape) || ""}
        </span>
      </div>
      {attributes.length > 0 && (
        <table className="table table-compact graph-attributes">
          <tbody>
            {attributes.map(([k, v]) => (
              <tr key={k}>
                <th className="mono">{k}</th>
                <td className="mono">{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function ModelGraphView({ graph }: { graph: ModelGraph }) {
  const input = useMemo(() => modelGraphInput(graph, MAX_DRAWN_NODES), [graph]);
  const [direction, setDirection] = useState<Direction>("TB");
  const placed = useGraphLayout(input.nodes.length > 0 ? input : null, direction);
  const legend = useMemo(() => categoryCounts(input.nodes), [input]);
  const [selected, setSelected] = useState<string | null>(null);
  const pz = usePanZoom(placed, direction);
  const { suppressClick } = pz;
  const onNodeClick = useCallback(
    (id: string) => {
      if (suppressClick.current) return;
      setSelected((s) => (s === id ? null : id));
    },
    [suppressClick],
  );
  const selectedNode = useMemo(() => input.nodes.find((n) => n.id === selected)?.node ?? null, [input, selected]);

  return (
    <div
      className="graph"
      data-testid="model-graph"
      data-precision={graph.precision}
      data-nodes={input.nodes.length}
      data-edges={input.edges.length}
      data-total-nodes={input.total}
      data-hidden-nodes={input.hidden}
    >
      {input.hidden > 0 && (
        <div className="notice" data-testid="graph-truncated">
          Showing the first {input.nodes.length.toLocaleString("en-US")} of {input.total.toLocaleString("en-US")} operations (in
          the IR's order). For the whole graph, download model.xml and model.bin and open the .xml in Netron.
        </div>
      )}
      <div className="graph-toolbar">
        <DirectionSwitch direction={direction} setDirection={setDirection} />
        <div className="graph-legend" data-testid="graph-legend">
          {legend.map((c) => (
            <span
              key={c.key}
              className="legend-chip"
              style={{ background: c.colors.fill, borderColor: c.colors.stroke, color: c.colors.text }}
              title={`${c.count} operations`}
            >
              {c.label} {c.count}
            </span>
          ))}
          {input.foldedConverts > 0 && (
            <span className="muted small" title="Convert nodes fed only by weights (FP16 weights decompressed at load time)">
              {input.foldedConverts} weight Converts folded
            </span>
          )}
        </div>
        <ZoomButtons pz={pz} enabled={!!placed} />
      </div>
      <div className="graph-viewport" ref={pz.box}>
        {!placed ? (
          <div className="graph-placeholder">The IR has no operations to draw.</div>
        ) : (
          <svg
            className={`graph-svg${pz.dragging ? " dragging" : ""}`}
            width={pz.size.w}
            height={pz.size.h}
            {...pz.pointer}
            onClick={() => {
              if (!suppressClick.current && selected) setSelected(null);
            }}
            role="img"
            aria-label={`IR graph, ${input.nodes.length} operations`}
          >
            <ArrowDefs prefix="ir" />
            <g transform={`translate(${pz.view.x},${pz.view.y}) scale(${pz.view.k})`}>
              <Body placed={placed} selected={selected} onNodeClick={onNodeClick} />
            </g>
          </svg>
        )}
        <WheelHint show={pz.hint} />
      </div>
      <NodeDetails node={selectedNode} />
    </div>
  );
}
