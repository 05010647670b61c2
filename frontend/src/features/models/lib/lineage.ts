/** A model's family (GET /models/{id}/lineage) as a tree, and how each member came to be. Pure. */
import type { LineageEntry, Origin } from "../../../api/types";

export const ORIGIN_LABELS: Record<Origin, string> = {
  upload: "uploaded",
  omz: "Open Model Zoo",
  derived: "derived",
  int8: "INT8",
};

export function originLabel(origin: string | null | undefined): string {
  return (origin && ORIGIN_LABELS[origin as Origin]) || origin || "";
}

export interface LineageNode {
  entry: LineageEntry;
  children: LineageNode[];
}

/**
 * The descendants of `rootId` as a tree through their parent_id; one whose parent is not in the list
 * (a gap) hangs under the root rather than disappearing. Siblings keep the server's order.
 */
export function descendantTree(rootId: string, descendants: readonly LineageEntry[]): LineageNode[] {
  const nodes = new Map(descendants.map((entry) => [entry.id, { entry, children: [] as LineageNode[] }]));
  const roots: LineageNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.entry.parent_id;
    if (parent && parent !== rootId && nodes.has(parent) && parent !== node.entry.id) nodes.get(parent)!.children.push(node);
    else roots.push(node);
  }
  return roots;
}
