/** Importing a catalog model: the row's import button and the download and conversion followed live. */
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { keys } from "../../../shared/api/keys";
import { useImportOmz } from "../api/omz";
import type { Job, Model, OmzModel } from "../../../api/types";
import { JobProgress } from "../../../shared/jobs/JobProgress";
import { Empty, ErrorBox } from "../../../shared/ui/ui";
import { taskLabel } from "../../models/lib/analysis";
import { formatBytes } from "../../../shared/lib/format";
import { defaultOmzPrecision, frameworkLabel, isIrModel, licenseLabel } from "../lib/omz";
import "../omz.css";

export interface Started {
  omzName: string;
  precision: string | null;
  model: Model;
}

export function ImportRow({ entry, onImported }: { entry: OmzModel; onImported: (s: Started) => void }) {
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

export function ImportProgress({ started, mirror }: { started: Started; mirror: string | undefined }) {
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
