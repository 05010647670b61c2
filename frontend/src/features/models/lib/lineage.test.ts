import { describe, expect, it } from "vitest";
import type { LineageEntry } from "../../../api/types";
import { descendantTree, originLabel } from "./lineage";

const entry = (id: string, parent_id: string | null, origin: LineageEntry["origin"] = "derived"): LineageEntry => ({
  id,
  name: id,
  origin,
  status: "ready",
  parent_id,
});

describe("descendantTree", () => {
  it("nests descendants under their parents, in the server's order", () => {
    const tree = descendantTree("root", [entry("a", "root"), entry("b", "root"), entry("a1", "a", "int8"), entry("a1x", "a1")]);
    expect(tree.map((n) => n.entry.id)).toEqual(["a", "b"]);
    expect(tree[0].children.map((n) => n.entry.id)).toEqual(["a1"]);
    expect(tree[0].children[0].children.map((n) => n.entry.id)).toEqual(["a1x"]);
    expect(tree[1].children).toEqual([]);
  });

  it("keeps a descendant whose parent is missing, under the root", () => {
    expect(descendantTree("root", [entry("orphan", "gone")]).map((n) => n.entry.id)).toEqual(["orphan"]);
  });

  it("names origins", () => {
    expect(originLabel("omz")).toBe("Open Model Zoo");
    expect(originLabel("upload")).toBe("uploaded");
    expect(originLabel("future")).toBe("future");
  });
});
