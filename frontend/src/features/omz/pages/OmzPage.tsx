/**
 * The Open Model Zoo catalog: search by words and task, import a model (for the zoo's IR models, one
 * precision folder). An import is a model in "downloading", then converting, followed by its job here.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { keys } from "../../../shared/api/keys";
import { useImportOmz, useOmzModels } from "../api/omz";
import type { Job, Model, ModelTask, OmzModel } from "../../../api/types";
import { JobProgress } from "../../../shared/jobs/JobProgress";
import { Empty, ErrorBox, Loading, PageHeader, Panel, useDebounced } from "../../../shared/ui/ui";
import { isModelTask, TASKS, taskLabel } from "../../models/lib/analysis";
import { formatBytes } from "../../../shared/lib/format";
import { defaultOmzPrecision, frameworkLabel, isIrModel, licenseLabel } from "../lib/omz";
import "../omz.css";

interface Started {
  omzName: string;
  precision: string | null;
  model: Model;
}

function ImportRow({ entry, onImported }: { entry: OmzModel; onImported: (s: Started) => void }) {
  const ir = isIrModel(entry);
  const [precision, setPrecision] = useState<string | null>(() => defaultOmzPrecision(entry));
  const importer = useImportOmz();
  const license = licenseLabel(entry.license);
  return (
    <tr data-testid="omz-row" data-name={entry.name} data-framework={entry.framework} data-task={entry.task ?? ""}>
      <td className="omz-name">
        <span className="strong mono">{entry.name}</span>
        {entry.description && (
          <div className="muted small omz-description" title={entry.description}>
            {entry.description}
          </div>
        )}
      </td>
      <td>{entry.task ? taskLabel(entry.task) : <span className="muted">{entry.omz_task_type || "—"}</span>}</td>
      <td>
        <span className="tag tag-light">{frameworkLabel(entry.framework)}</span>
      </td>
      <td>
        {(entry.precisions ?? []).map((p) => (
          <span key={p} className="tag">
            {p}
          </span>
        ))}
      </td>
      <td className="num">{formatBytes(entry.size_bytes)}</td>
      <td className="small">
        {license.href ? (
          <a href={license.href} target="_blank" rel="noreferrer noopener" title={license.href}>
            {license.text}
          </a>
        ) : (
          license.text
        )}
      </td>
      <td className="omz-import-cell">
        <div className="omz-import-controls">
          {ir && (
            <select
              value={precision ?? ""}
              onChange={(e) => setPrecision(e.target.value)}
              aria-label={`Precision of ${entry.name} to download`}
              data-testid="omz-precision"
              disabled={importer.isPending}
            >
              {(entry.precisions ?? []).map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          )}
          <button
            type="button"
            className="btn btn-small btn-primary"
            disabled={importer.isPending}
            title={ir ? "download this precision's IR" : "download, then convert to IR (FP32 and FP16)"}
            data-testid="omz-import"
            onClick={() =>
              importer.mutate(
                { name: entry.name, body: ir && precision ? { precision } : {} },
                { onSuccess: (model) => onImported({ omzName: entry.name, precision: ir ? precision : null, model }) },
              )
            }
          >
            {importer.isPending ? "Importing…" : importer.isSuccess ? "Import again" : "Import"}
          </button>
        </div>
        {importer.error != null && <ErrorBox error={importer.error} title={`Cannot import ${entry.name}`} testId="omz-import-error" />}
      </td>
    </tr>
  );
}

function ImportProgress({ started, mirror }: { started: Started; mirror: string | undefined }) {
  const qc = useQueryClient();
  const [final, setFinal] = useState<Job | null>(null);
  const m = started.model;
  const failedDownload = final?.status === "failed" && final.error?.code.startsWith("omz.");
  return (
    <div className="omz-import" data-testid="omz-import-item" data-model-id={m.id} data-omz-name={started.omzName} data-status={final?.status ?? "running"}>
      <div className="upload-file">
        <Link to={`/models/${m.id}`} className="strong" data-testid="omz-import-model">
          {m.name}
        </Link>
        <span className="muted small">
          {started.omzName}
          {started.precision ? ` · ${started.precision}` : ""} · {formatBytes(m.source_size)} to download
        </span>
      </div>
      {m.conversion_job_id ? (
        <JobProgress
          key={m.conversion_job_id}
          jobId={m.conversion_job_id}
          label="Download and conversion"
          testId="omz-import-progress"
          onFinished={(job) => {
            setFinal(job);
            void qc.invalidateQueries({ queryKey: keys.model(m.id) });
            void qc.invalidateQueries({ queryKey: keys.models, exact: true });
          }}
        />
      ) : (
        <Empty>The import has no job to follow.</Empty>
      )}
      {failedDownload && (
        <div className="notice small" data-testid="omz-download-hint">
          {final?.error?.code === "omz.download_failed" ? (
            <>
              The files could not be fetched from {mirror ? <code>{mirror}</code> : "the mirror"}. A workbench without
              internet access needs an internal mirror of the zoo (the model service's <code>DLWB_OMZ_MIRROR_URL</code>).
            </>
          ) : (
            <>The downloaded files did not match the catalog, and were removed; nothing was converted.</>
          )}
        </div>
      )}
      {final?.status === "succeeded" && (
        <div className="small">
          <Link to={`/models/${m.id}`} data-testid="omz-open-model">
            Open {m.name} →
          </Link>
        </div>
      )}
    </div>
  );
}

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
