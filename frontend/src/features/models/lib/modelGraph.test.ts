import { describe, expect, it } from "vitest";
import type { GraphEdge, GraphNode } from "../../../api/types";
import { categoryCounts, modelGraphInput, shapeLabel, typeCategory } from "./modelGraph";

const node = (id: string, type = "Relu"): GraphNode => ({ id, name: id, type, shape: [1, 3], element_type: "f32", attributes: {} });
const edge = (source: string, target: string, target_port = 0): GraphEdge => ({ source, target, source_port: 0, target_port });

describe("modelGraphInput", () => {
  it("keeps unique nodes and each edge between known nodes once", () => {
    const g = modelGraphInput({
      nodes: [node("in", "Parameter"), node("a", "Convolution"), node("a"), node("out", "Result")],
      edges: [edge("in", "a"), edge("in", "a", 1), edge("a", "a"), edge("a", "ghost"), edge("a", "out")],
    });
    expect(g.nodes.map((n) => n.id)).toEqual(["in", "a", "out"]);
    expect(g.nodes[1].node.type).toBe("Convolution");
    expect(g.edges).toEqual([
      ["in", "a"],
      ["a", "out"],
    ]);
    expect(g).toMatchObject({ total: 3, hidden: 0, foldedConverts: 0 });
  });

  it("folds the Converts that decompress FP16 weights (fed by nothing drawn)", () => {
    const g = modelGraphInput({
      nodes: [node("in", "Parameter"), node("w", "Convert"), node("conv", "Convolution"), node("cast", "Convert")],
      edges: [edge("in", "conv"), edge("w", "conv", 1), edge("conv", "cast")],
    });
    expect(g.nodes.map((n) => n.id)).toEqual(["in", "conv", "cast"]);
    expect(g.edges).toEqual([
      ["in", "conv"],
      ["conv", "cast"],
    ]);
    expect(g.foldedConverts).toBe(1);
  });

  it("draws at most `limit` nodes, the first ones in the IR's order", () => {
    const nodes = Array.from({ length: 10 }, (_, i) => node(`n${i}`));
    const edges = nodes.slice(1).map((n, i) => edge(`n${i}`, n.id));
    const g = modelGraphInput({ nodes, edges }, 4);
    expect(g.nodes.map((n) => n.id)).toEqual(["n0", "n1", "n2", "n3"]);
    expect(g.edges).toHaveLength(3);
    expect(g).toMatchObject({ total: 10, hidden: 6 });
  });
});

describe("colours and labels", () => {
  it("groups operation types and counts them for the legend", () => {
    expect(typeCategory("Convolution").key).toBe("conv");
    expect(typeCategory("GroupConvolution").colors).toEqual(typeCategory("Convolution").colors);
    expect(typeCategory("SomethingNew").key).toBe("other");
    const legend = categoryCounts([{ node: { type: "Relu" } }, { node: { type: "Convolution" } }, { node: { type: "Relu" } }]);
    expect(legend.map((c) => [c.key, c.count])).toEqual([
      ["activation", 2],
      ["conv", 1],
    ]);
  });

  it("writes shapes compactly", () => {
    expect(shapeLabel([1, 64, 55, 55])).toBe("1×64×55×55");
    expect(shapeLabel(["?", 3, -1])).toBe("?×3×?");
    expect(shapeLabel([])).toBe("");
  });
});
