/**
 * A model's family: its ancestors (root first) → the model → what was derived from it (a tree), each a
 * link with its origin and status. Polls while a member is still being made.
 */
import { Link } from "react-router";
import { useLineage } from "../api/models";
import type { LineageEntry } from "../../../api/types";
import { descendantTree, type LineageNode } from "../lib/lineage";
import { ErrorBox, Loading, OriginBadge, Panel, StatusChip } from "../../../shared/ui/ui";

function Member({ entry, testId, self = false }: { entry: LineageEntry; testId: string; self?: boolean }) {
  return (
    <span
      className={`lineage-member${self ? " self" : ""}`}
      data-testid={testId}
      data-model-id={entry.id}
      data-parent-id={entry.parent_id ?? ""}
      data-origin={entry.origin}
    >
      {self ? (
        <strong>{entry.name}</strong>
      ) : (
        <Link to={`/models/${entry.id}`} data-testid="lineage-link">
          {entry.name}
        </Link>
      )}
      <OriginBadge origin={entry.origin} />
      {entry.status !== "ready" && <StatusChip status={entry.status} />}
    </span>
  );
}

function Tree({ nodes }: { nodes: LineageNode[] }) {
  return (
    <ul className="lineage-tree">
      {nodes.map((n) => (
        <li key={n.entry.id}>
          <Member entry={n.entry} testId="lineage-descendant" />
          {n.children.length > 0 && <Tree nodes={n.children} />}
        </li>
      ))}
    </ul>
  );
}

export function LineagePanel({ modelId }: { modelId: string }) {
  const lineage = useLineage(modelId);
  const data = lineage.data;
  return (
    <Panel title="Lineage" testId="lineage" className="lineage-panel">
      {lineage.isLoading && <Loading />}
      {lineage.error && <ErrorBox error={lineage.error} title="Cannot load the lineage" testId="lineage-error" />}
      {data && (
        <div className="lineage" data-ancestors={data.ancestors.length} data-descendants={data.descendants.length}>
          <div className="lineage-chain">
            {data.ancestors.map((a) => (
              <span key={a.id} className="lineage-step">
                <Member entry={a} testId="lineage-ancestor" />
                <span className="lineage-arrow" aria-hidden>
                  →
                </span>
              </span>
            ))}
            <Member entry={data.model} testId="lineage-self" self />
          </div>
          {data.descendants.length > 0 ? (
            <div className="lineage-descendants">
              <span className="field-label">Derived from this model</span>
              <Tree nodes={descendantTree(data.model.id, data.descendants)} />
            </div>
          ) : (
            <div className="muted small" data-testid="lineage-no-descendants">
              No model derived from this one yet.
            </div>
          )}
        </div>
      )}
    </Panel>
  );
}
