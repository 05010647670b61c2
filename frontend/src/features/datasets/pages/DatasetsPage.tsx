/**
 * Datasets: import an annotated archive (resumable upload, format recognised, every annotation checked),
 * generate random inputs (for benchmarks and INT8 calibration of any model), and the list with each
 * dataset's kind, format, task, size and verdict.
 */
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useCreateDataset, useDatasets } from "../api/datasets";
import type { Dataset } from "../../../api/types";
import { Field } from "../../../shared/ui/fields";
import { DatasetImportPanel } from "../components/DatasetImportPanel";
import { Empty, ErrorBox, Loading, PageHeader, Panel } from "../../../shared/ui/ui";
import { datasetTaskLabel, datasetVerdict, formatLabel } from "../lib/datasets";
import { formatAgo, formatDateTime, randomDatasetName } from "../../../shared/lib/format";
import "../../../shared/ui/images.css";

const MAX_RANDOM = 1024;

function RandomDatasetForm() {
  const create = useCreateDataset();
  const [name, setName] = useState("");
  const [count, setCount] = useState("16");
  const [seed, setSeed] = useState("0");
  const [made, setMade] = useState<Dataset | null>(null);
  const n = Number(count);
  const s = Number(seed);
  const countError = !Number.isInteger(n) || n < 1 || n > MAX_RANDOM ? `a whole number from 1 to ${MAX_RANDOM}` : undefined;
  const seedError = !Number.isInteger(s) || s < 0 ? "a whole number, 0 or more" : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (countError || seedError) return;
    create.mutate(
      { name: name.trim() || randomDatasetName(n), kind: "random", seed: s, count: n },
      {
        onSuccess: (d) => {
          setMade(d);
          setName("");
        },
      },
    );
  };
  return (
    <form className="form" onSubmit={submit} data-testid="random-dataset-form" noValidate>
      <div className="form-row">
        <Field label="Name" hint="empty: random-N and the time">
          <input type="text" value={name} maxLength={200} placeholder="automatic" onChange={(e) => setName(e.target.value)} data-testid="random-name" />
        </Field>
        <Field label="Inputs" error={countError} hint={`1 to ${MAX_RANDOM}`} className="field-narrow">
          <input type="number" min={1} max={MAX_RANDOM} step={1} value={count} onChange={(e) => setCount(e.target.value)} data-testid="random-count" aria-invalid={!!countError} />
        </Field>
        <Field label="Seed" error={seedError} hint="same seed, same inputs" className="field-narrow">
          <input type="number" min={0} step={1} value={seed} onChange={(e) => setSeed(e.target.value)} data-testid="random-seed" aria-invalid={!!seedError} />
        </Field>
        <div className="field field-submit">
          <button type="submit" className="btn btn-primary" disabled={create.isPending || !!countError || !!seedError} data-testid="random-submit">
            {create.isPending ? "Generating…" : "Generate random inputs"}
          </button>
        </div>
        <p className="form-note muted small">
          Inputs are generated in the shape of each model's input when a run needs them: enough for benchmarks, layer
          profiles and default INT8 calibration. They have no annotations, so accuracy cannot be measured on them.
        </p>
      </div>
      {made && (
        <div className="muted small" data-testid="random-made">
          Created <Link to={`/datasets/${made.id}`}>{made.name}</Link> ({made.count} inputs, seed {made.seed}).
        </div>
      )}
      {create.error != null && <ErrorBox error={create.error} title="Cannot create the dataset" testId="random-error" />}
    </form>
  );
}

function DatasetsTable({ rows }: { rows: Dataset[] }) {
  if (rows.length === 0) return <Empty>No dataset yet: import an archive above, or generate random inputs.</Empty>;
  return (
    <table className="table" data-testid="datasets-table">
      <thead>
        <tr>
          <th>Name</th>
          <th>Kind</th>
          <th>Format</th>
          <th>Task</th>
          <th className="num">Images</th>
          <th>Verdict</th>
          <th>Created</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((d) => {
          const warnings = d.report?.warnings?.length ?? 0;
          return (
            <tr key={d.id} data-testid="dataset-row" data-dataset-id={d.id} data-kind={d.kind} data-task={d.task ?? ""}>
              <td>
                <Link to={`/datasets/${d.id}`} className="strong" data-testid="dataset-link">
                  {d.name}
                </Link>
                <div className="muted small mono">{d.id}</div>
              </td>
              <td>
                <span className={`tag${d.kind === "random" ? " tag-light" : ""}`}>{d.kind}</span>
              </td>
              <td>{formatLabel(d.format)}</td>
              <td>{d.kind === "random" ? <span className="muted">—</span> : datasetTaskLabel(d.task)}</td>
              <td className="num">{d.count.toLocaleString("en-US")}</td>
              <td className="small cell-note" data-testid="dataset-row-verdict" title={d.report?.warnings?.join("\n")}>
                {datasetVerdict(d)}
                {warnings > 0 && <span className="warn"> · {warnings} warning{warnings === 1 ? "" : "s"}</span>}
              </td>
              <td title={formatDateTime(d.created_at)}>{formatAgo(d.created_at)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function DatasetsPage() {
  const datasets = useDatasets();
  return (
    <>
      <PageHeader
        title="Datasets"
        subtitle="Annotated images to measure accuracy (and calibrate to INT8 on real data), or random inputs for benchmarks."
      />
      <Panel title="Import a dataset" testId="dataset-import-panel">
        <DatasetImportPanel />
      </Panel>
      <Panel title="Generate random inputs" testId="random-dataset-panel">
        <RandomDatasetForm />
      </Panel>
      <Panel title={`Datasets${datasets.data ? ` (${datasets.data.count})` : ""}`} testId="datasets-panel">
        {datasets.isLoading ? (
          <Loading />
        ) : datasets.error ? (
          <ErrorBox error={datasets.error} title="Cannot list datasets" />
        ) : (
          <DatasetsTable rows={datasets.data?.data ?? []} />
        )}
      </Panel>
    </>
  );
}
