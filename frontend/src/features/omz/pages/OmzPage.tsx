/**
 * The Open Model Zoo catalog: search by words and task, import a model (for the zoo's IR models, one
 * precision folder). An import is a model in "downloading", then converting, followed by its job here.
 */
import { useState } from "react";
import { useOmzModels } from "../api/omz";
import type {  ModelTask } from "../../../api/types";
import { Empty, ErrorBox, Loading, PageHeader, Panel, useDebounced } from "../../../shared/ui/ui";
import { isModelTask, TASKS } from "../../models/lib/analysis";
import "../omz.css";
import { ImportProgress, ImportRow, type Started } from "../components/OmzImport";

export function OmzPage() {
  const [q, setQ] = useState("");
  const [task, setTask] = useState<ModelTask | "">("");
  const query = useDebounced(q.trim(), 300);
  const models = useOmzModels(query, task || null);
  const [started, setStarted] = useState<Started[]>([]);
  const rows = models.data?.data ?? [];

  return (
    <>
      <PageHeader
        title="Open Model Zoo"
        subtitle="Pre-trained models of Intel's Open Model Zoo: an import downloads the files (each checked against the catalog's SHA-384) and converts them like an upload."
      />
      {started.length > 0 && (
        <Panel title={`Imports (${started.length})`} testId="omz-imports">
          {started.map((s) => (
            <ImportProgress key={s.model.id} started={s} mirror={models.data?.mirror} />
          ))}
        </Panel>
      )}
      <Panel
        title={`Catalog${models.data ? ` (${models.data.count})` : ""}`}
        className="panel-flush"
        actions={
          models.data ? (
            <span className="muted small" data-testid="omz-mirror" title="where the files are downloaded from">
              mirror {models.data.mirror}
            </span>
          ) : null
        }
      >
        <div className="filters">
          <label className="filter filter-grow">
            <span className="filter-label">Search</span>
            <input
              type="search"
              value={q}
              placeholder="name, description, framework: e.g. resnet, face detection, onnx"
              onChange={(e) => setQ(e.target.value)}
              data-testid="omz-search"
              maxLength={200}
            />
          </label>
          <label className="filter">
            <span className="filter-label">Task</span>
            <select value={task} onChange={(e) => setTask(isModelTask(e.target.value) ? e.target.value : "")} data-testid="omz-task">
              <option value="">any task</option>
              {TASKS.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </select>
          </label>
          <span className="filters-count muted small">{models.isFetching && !models.isLoading ? "searching…" : ""}</span>
        </div>
        {models.isLoading && <Loading />}
        {models.error && <ErrorBox error={models.error} title="Cannot search the catalog" testId="omz-error" />}
        {models.data && rows.length === 0 && <Empty>No model of the catalog matches{query ? ` “${query}”` : ""}.</Empty>}
        {rows.length > 0 && (
          <table className="table omz-table" data-testid="omz-table" data-rows={rows.length}
            // the search these rows answer (absent while the previous answer is still shown)
            data-query={models.isPlaceholderData ? undefined : query}
            data-task={models.isPlaceholderData ? undefined : task}
          >
            <thead>
              <tr>
                <th>Name</th>
                <th>Task</th>
                <th>Framework</th>
                <th>Precisions</th>
                <th className="num">Size</th>
                <th>License</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((entry) => (
                <ImportRow key={entry.name} entry={entry} onImported={(s) => setStarted((list) => [s, ...list])} />
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </>
  );
}
