/**
 * One dataset: the verdict and the import's warnings first, the figures, the class histogram (a bar picks
 * the class), the samples as thumbnails (paged, filtered by class; a click opens the picture large with its
 * annotation drawn), and "Augment", which makes a new dataset of flipped / noisy / erased copies.
 */
import { lazy, Suspense, useState } from "react";
import { Link, useParams } from "react-router";
import { useDataset } from "../api/datasets";
import type { Dataset } from "../../../api/types";
import { ErrorBox, Loading, PageHeader, Panel, Stat } from "../../../shared/ui/ui";
import { datasetTaskLabel, datasetTone, datasetVerdict, formatLabel, isRandomDataset } from "../lib/datasets";
import { formatDateTime } from "../../../shared/lib/format";
import "../../../shared/ui/images.css";
import { SamplesPanel } from "../components/SamplesPanel";
import { AugmentPanel } from "../components/AugmentPanel";

const ClassHistogram = lazy(() => import("../components/DatasetCharts").then((m) => ({ default: m.ClassHistogram })));

function DatasetView({ dataset: d }: { dataset: Dataset }) {
  const [cls, setCls] = useState<number | null>(null);
  const random = isRandomDataset(d);
  const report = d.report;
  const warnings = report?.warnings ?? [];
  const classes = d.classes ?? [];
  const histogram = d.histogram ?? [];
  const detection = (report?.objects ?? 0) > 0;
  return (
    <>
      <PageHeader
        crumbs={[{ label: "Datasets", to: "/datasets" }, { label: d.name }]}
        title={
          <>
            <span data-testid="dataset-name">{d.name}</span> <span className={`tag${random ? " tag-light" : ""}`}>{d.kind}</span>
          </>
        }
        subtitle={
          <span data-testid="dataset-context">
            {random ? "random inputs" : `${formatLabel(d.format)} · ${datasetTaskLabel(d.task)}`}
            {classes.length > 0 ? ` · ${classes.length} classes` : ""} · created {formatDateTime(d.created_at)} · <code>{d.id}</code>
          </span>
        }
      />
      <div className={`verdict${datasetTone(d) === "warn" ? " verdict-warn" : ""}`} data-testid="dataset-verdict" data-kind={d.kind}>
        {datasetVerdict(d)}
      </div>
      {warnings.length > 0 && (
        <div className="alert alert-warn" data-testid="dataset-warnings" data-count={warnings.length}>
          <div className="alert-title">
            {warnings.length} warning{warnings.length === 1 ? "" : "s"}
          </div>
          <ul className="advice-list">
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="stats stats-dataset" data-testid="dataset-figures">
        <Stat label="Images" value={(report?.images ?? d.count).toLocaleString("en-US")} primary testId="dataset-images" />
        {!random && <Stat label="Annotated" value={(report?.annotated ?? 0).toLocaleString("en-US")} testId="dataset-annotated" />}
        {detection && <Stat label="Objects" value={(report?.objects ?? 0).toLocaleString("en-US")} testId="dataset-objects" />}
        {classes.length > 0 && <Stat label="Classes" value={classes.length} testId="dataset-classes" />}
        {random && <Stat label="Seed" value={d.seed} testId="dataset-seed" />}
      </div>
      {random ? (
        <Panel title="Random inputs">
          <p className="muted" data-testid="dataset-random-note">
            These inputs are generated when a run needs them, in the shape and type of the model's input: there is no
            picture to browse and no annotation. They serve benchmarks, layer profiles and default INT8 calibration.
            To measure accuracy, <Link to="/datasets">import an annotated dataset</Link> and make a project with it.
          </p>
        </Panel>
      ) : (
        <>
          {histogram.length > 0 && (
            <Panel title={`Class histogram (${detection ? "objects" : "images"} per class)`} testId="histogram-panel">
              <Suspense fallback={<div className="chart-placeholder" />}>
                <ClassHistogram
                  histogram={histogram}
                  unit={detection ? "objects" : "images"}
                  selected={cls != null ? (classes[cls] ?? null) : null}
                  onSelect={(name) => {
                    const i = classes.indexOf(name);
                    setCls(i < 0 || i === cls ? null : i);
                  }}
                />
              </Suspense>
              <div className="muted small chart-note">Click a bar to show only that class's samples below; again to show all.</div>
            </Panel>
          )}
          <SamplesPanel dataset={d} cls={cls} setCls={setCls} />
          <AugmentPanel dataset={d} />
        </>
      )}
    </>
  );
}

export function DatasetPage() {
  const { datasetId = "" } = useParams();
  const dataset = useDataset(datasetId);
  if (dataset.isLoading) return <Loading />;
  if (dataset.error || !dataset.data) return <ErrorBox error={dataset.error ?? "not found"} title="Cannot load the dataset" />;
  return <DatasetView key={dataset.data.id} dataset={dataset.data} />;
}
