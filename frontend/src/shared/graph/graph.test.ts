import { describe, expect, it } from "vitest";
import type { LayerRecord } from "../../api/types";
import {
  centerOn,
  edgePath,
  fitView,
  graphLayoutInput,
  heat,
  initialView,
  NODE_HEIGHT,
  NODE_WIDTH,
  normalizePrecision,
  precisionColors,
  READABLE_ZOOM,
  shareColors,
  truncateMiddle,
  zoomAround,
} from "./graph";

const node = (name: string, real_time_ms = 0): LayerRecord => ({
  name,
  type: "Convolution",
  exec_type: "",
  precision: "F32",
  status: "",
  real_time_ms,
  cpu_time_ms: 0,
  original_layers: [],
});

describe("graphLayoutInput", () => {
  it("gives every node the same box and keeps valid edges", () => {
    const input = graphLayoutInput({ nodes: [node("a"), node("b"), node("c")], edges: [["a", "b"], ["b", "c"]] });
    expect(input.nodes.map((n) => [n.id, n.width, n.height])).toEqual([
      ["a", NODE_WIDTH, NODE_HEIGHT],
      ["b", NODE_WIDTH, NODE_HEIGHT],
      ["c", NODE_WIDTH, NODE_HEIGHT],
    ]);
    expect(input.edges).toEqual([
      ["a", "b"],
      ["b", "c"],
    ]);
    expect(input.droppedEdges).toBe(0);
  });

  it("drops duplicate nodes, edges to unknown nodes, self-loops and repeated edges", () => {
    const first = node("a", 1);
    const input = graphLayoutInput({
      nodes: [first, node("a", 2), node("b")],
      edges: [["a", "b"], ["a", "b"], ["a", "a"], ["a", "ghost"], ["ghost", "b"]],
    });
    expect(input.nodes).toHaveLength(2);
    expect(input.nodes[0].record).toBe(first);
    expect(input.edges).toEqual([["a", "b"]]);
    expect(input.droppedEdges).toBe(4);
  });
});

describe("labels and colours", () => {
  it("truncates in the middle", () => {
    expect(truncateMiddle("short", 10)).toBe("short");
    expect(truncateMiddle("Reshape_740_flatten_reshape", 11)).toBe("Resha…shape");
    expect(truncateMiddle("abcdef", 1)).toBe("…");
  });

  it("goes from pale to red with the share of time", () => {
    expect(heat(0)).toBe("#f1f5f9");
    expect(heat(1)).toBe("#dc2626");
    expect(heat(2)).toBe("#dc2626");
    expect(heat(Number.NaN)).toBe("#f1f5f9");
    expect(shareColors(0, 1).fill).toBe("#f8fafc");
    expect(shareColors(1, 1).fill).toBe("#dc2626");
    expect(shareColors(1, 1).text).toBe("#ffffff");
  });

  it("spells precisions one way and colours them", () => {
    expect(normalizePrecision("f32")).toBe("FP32");
    expect(normalizePrecision("BF16")).toBe("BF16");
    expect(precisionColors("F32")).toEqual(precisionColors("FP32"));
    expect(precisionColors("BF16")).not.toEqual(precisionColors("FP32"));
    expect(precisionColors("weird").fill).toBe("#f1f5f9");
  });
});

describe("pan and zoom", () => {
  it("fits without enlarging", () => {
    expect(fitView(100, 50, 1000, 500)).toEqual({ k: 1, x: 450, y: 225 });
    const v = fitView(2000, 1000, 1016, 516, 8);
    expect(v.k).toBeCloseTo(0.5);
    expect(v.x).toBeCloseTo(8);
  });

  it("starts at the inputs when fitting would be unreadable", () => {
    const tall = initialView(400, 10000, 1000, 600, "TB");
    expect(tall.k).toBe(READABLE_ZOOM);
    expect(tall.y).toBe(16);
    expect(tall.x).toBeCloseTo((1000 - 400 * READABLE_ZOOM) / 2);
    const wide = initialView(10000, 400, 1000, 600, "LR");
    expect(wide.x).toBe(16);
    const small = initialView(300, 200, 1000, 600, "TB");
    expect(small).toEqual(fitView(300, 200, 1000, 600));
  });

  it("zooms around a fixed point", () => {
    const v = zoomAround({ x: 0, y: 0, k: 1 }, 2, 100, 50);
    expect(v).toEqual({ k: 2, x: -100, y: -50 });
    // the world point under the cursor stays under it
    const wx = (100 - v.x) / v.k;
    expect(wx).toBe(100);
    expect(zoomAround({ x: 0, y: 0, k: 1 }, 1000, 0, 0).k).toBe(3);
  });

  it("centres a point", () => {
    const v = centerOn({ x: 0, y: 0, k: 1 }, 500, 300, 1000, 600);
    expect(v).toEqual({ k: 1, x: 0, y: 0 });
  });

  it("draws edges through dagre's points", () => {
    expect(edgePath([])).toBe("");
    expect(edgePath([{ x: 0, y: 0 }, { x: 10, y: 20 }])).toBe("M0,0 L10,20");
    expect(edgePath([{ x: 0, y: 0 }, { x: 10, y: 10 }, { x: 20, y: 0 }])).toBe("M0,0 Q10,10 20,0");
  });
});
