/**
 * One dataset: the verdict and the import's warnings first, the figures, the class histogram (a bar picks
 * the class), the samples as thumbnails (paged, filtered by class; a click opens the picture large with its
 * annotation drawn), and "Augment", which makes a new dataset of flipped / noisy / erased copies.
 */
import { lazy, Suspense, useMemo, useState, type FormEvent } from "react";
import { Link, useParams } from "react-router";
import { useAugmentDataset, useDataset, useDatasetSamples } from "../api/datasets";
import type { Dataset, DatasetSample } from "../../../api/types";
import { ApiAnnotatedImage, ApiImage } from "../../../shared/ui/AnnotatedImage";
import { Field } from "../../../shared/ui/fields";
import { Modal } from "../../../shared/ui/Modal";
import { Empty, ErrorBox, Loading, PageHeader, Panel, Stat } from "../../../shared/ui/ui";
import { className } from "../../accuracy/lib/accuracy";
import {
  augmentationSummary,
  buildAugmentation,
  datasetTaskLabel,
  datasetTone,
  datasetVerdict,
  DEFAULT_AUGMENTATION,
  formatLabel,
  isRandomDataset,
  sampleAnnotation,
  sampleOverlays,
  type AugmentationForm,
} from "../lib/datasets";
import { formatDateTime } from "../../../shared/lib/format";
import { classColor, pageCount, pageLabel, thumbnailUrl } from "../../../shared/lib/images";
import "../../../shared/ui/images.css";

const ClassHistogram = lazy(() => import("../components/DatasetCharts").then((m) => ({ default: m.ClassHistogram })));

const PAGE_SIZE = 48;

function SampleViewer({
  dataset,
  samples,
  index,
  onIndex,
  onClose,
}: {
  dataset: Dataset;
  samples: readonly DatasetSample[];
  index: number;
  onIndex: (i: number) => void;
  onClose: () => void;
}) {
  const at = samples.findIndex((s) => s.index === index);
  const s = samples[at];
  if (!s) return null;
  const classes = dataset.classes ?? [];
  const natural = s.width && s.height ? { width: s.width, height: s.height } : null;
  return (
    <Modal
      title={
        <>
          Sample #{s.index} <span className="muted small mono">{s.image}</span>
        </>
      }
      onClose={onClose}
      testId="sample-viewer"
      actions={
        <>
          <button type="button" className="btn btn-small" disabled={at <= 0} onClick={() => onIndex(samples[at - 1].index)} data-testid="sample-prev">
            ← Previous
          </button>
          <button type="button" className="btn btn-small" disabled={at >= samples.length - 1} onClick={() => onIndex(samples[at + 1].index)} data-testid="sample-next">
            Next →
          </button>
        </>
      }
    >
      <div className="viewer" data-index={s.index}>
        <ApiAnnotatedImage
          url={s.image_url}
          natural={natural}
          overlays={sampleOverlays(s, classes)}
          alt={`sample ${s.index}`}
          max={{ width: 560, height: 460 }}
          testId="sample-image"
        />
        <div className="viewer-side">
          <div className="figure-label">Annotation</div>
          <div className="viewer-label" data-testid="sample-label" data-label={s.label ?? ""}>
            {s.label != null && <span className="legend-swatch" style={{ background: classColor(s.label) }} />}
            {sampleAnnotation(s, classes)}
          </div>
          <dl className="facts facts-tight">
            <div className="fact">
              <dt>File</dt>
              <dd className="mono small">{s.image}</dd>
            </div>
            <div className="fact">
              <dt>Size</dt>
              <dd>{natural ? `${natural.width} × ${natural.height} px` : "—"}</dd>
            </div>
            {s.label != null && (
              <div className="fact">
                <dt>Class index</dt>
                <dd>{s.label}</dd>
              </div>
            )}
          </dl>
          {(s.boxes?.length ?? 0) > 0 && (
            <ul className="box-list" data-testid="sample-boxes">
              {(s.boxes ?? []).map((b, i) => (
                <li key={i}>
                  <span className="legend-swatch" style={{ background: classColor(s.labels?.[i]) }} />
                  {className(classes, s.labels?.[i])} <span className="muted mono small">[{b.map((v) => Math.round(v)).join(", ")}]</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </Modal>
  );
}

function SamplesPanel({ dataset, cls, setCls }: { dataset: Dataset; cls: number | null; setCls: (c: number | null) => void }) {
  const [page, setPage] = useState(0);
  const [open, setOpen] = useState<number | null>(null);
  const samples = useDatasetSamples(dataset.id, page * PAGE_SIZE, PAGE_SIZE, cls);
  const classes = dataset.classes ?? [];
  const count = samples.data?.count ?? 0;
  const pages = pageCount(count, PAGE_SIZE);
  const rows = samples.data?.data ?? [];
  const changeClass = (c: number | null) => {
    setCls(c);
    setPage(0);
  };
  // a class picked on the histogram starts at the first page
  const [seenCls, setSeenCls] = useState(cls);
  if (seenCls !== cls) {
    setSeenCls(cls);
    setPage(0);
  }
  return (
    <Panel title="Samples" testId="samples-panel">
      <div className="filters filters-flush">
        {classes.length > 0 && (
          <label className="filter">
            <span className="filter-label">Class</span>
            <select value={cls ?? ""} onChange={(e) => changeClass(e.target.value === "" ? null : Number(e.target.value))} data-testid="samples-class">
              <option value="">all classes</option>
              {classes.map((c, i) => (
                <option key={i} value={i}>
                  {c}
                  {dataset.histogram?.[i] ? ` (${dataset.histogram[i].count})` : ""}
                </option>
              ))}
            </select>
          </label>
        )}
        <span className="filters-count muted small" data-testid="samples-count" data-count={count}>
          {samples.isLoading ? "loading…" : pageLabel(Math.min(page, pages - 1), count, PAGE_SIZE)}
          {samples.isFetching && !samples.isLoading ? " · loading…" : ""}
        </span>
        <span className="pager">
          <button type="button" className="btn btn-small" disabled={page <= 0} onClick={() => setPage(page - 1)} data-testid="samples-prev">
            ← Previous
          </button>
          <span className="small" data-testid="samples-page" data-page={page + 1} data-pages={pages}>
            page {page + 1} of {pages}
          </span>
          <button type="button" className="btn btn-small" disabled={page >= pages - 1} onClick={() => setPage(page + 1)} data-testid="samples-next">
            Next →
          </button>
        </span>
      </div>
      {samples.error ? (
        <ErrorBox error={samples.error} title="Cannot load the samples" />
      ) : samples.isLoading ? (
        <Loading />
      ) : rows.length === 0 ? (
        <Empty>No sample{cls != null ? " of this class" : ""}.</Empty>
      ) : (
        <div className="thumb-grid" data-testid="samples-grid" data-count={rows.length}>
          {rows.map((s) => (
            <button
              key={s.index}
              type="button"
              className="thumb"
              onClick={() => setOpen(s.index)}
              data-testid="sample-thumb"
              data-index={s.index}
              data-label={s.label ?? ""}
              title={`#${s.index} ${s.image}`}
            >
              <ApiImage url={thumbnailUrl(s.image_url)} alt={`sample ${s.index}`} className="thumb-img" size={96} />
              <span className="thumb-caption">{sampleAnnotation(s, classes)}</span>
            </button>
          ))}
        </div>
      )}
      {open != null && <SampleViewer dataset={dataset} samples={rows} index={open} onIndex={setOpen} onClose={() => setOpen(null)} />}
    </Panel>
  );
}

function AugmentPanel({ dataset }: { dataset: Dataset }) {
  const augment = useAugmentDataset(dataset.id);
  const [form, setFormState] = useState<AugmentationForm>(DEFAULT_AUGMENTATION);
  const { body, errors } = useMemo(() => buildAugmentation(form), [form]);
  const set = <K extends keyof AugmentationForm>(key: K, value: AugmentationForm[K]) => {
    setFormState((f) => ({ ...f, [key]: value }));
    if (augment.error) augment.reset();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (body) augment.mutate(body);
  };
  const made = augment.data;
  const num = (key: keyof AugmentationForm, label: string, hint: string, min: number, max: number, step: number | "any") => (
    <Field label={label} error={errors[key]} hint={hint} className="field-narrow">
      <input
        type="number"
        min={min}
        max={max}
        step={step}
        value={String(form[key])}
        onChange={(e) => set(key, e.target.value as never)}
        data-testid={`augment-${key}`}
        aria-invalid={!!errors[key]}
      />
    </Field>
  );
  return (
    <Panel title="Augment" testId="augment-panel">
      <form className="form" onSubmit={submit} data-testid="augment-form" noValidate>
        <div className="form-grid form-grid-4">
          <Field label="Name" error={errors.name} hint={`empty: “${dataset.name} augmented”`}>
            <input type="text" value={form.name} maxLength={200} onChange={(e) => set("name", e.target.value)} data-testid="augment-name" placeholder="automatic" />
          </Field>
          {num("copies", "Copies per image", "1 to 10, besides the original", 1, 10, 1)}
          {num("seed", "Seed", "same seed, same copies", 0, Number.MAX_SAFE_INTEGER, 1)}
          <div className="field calib-checks">
            <span className="field-label">Flips (boxes follow)</span>
            <label className="check">
              <input type="checkbox" checked={form.flipHorizontal} onChange={(e) => set("flipHorizontal", e.target.checked)} data-testid="augment-flip-h" />
              horizontal
            </label>
            <label className="check">
              <input type="checkbox" checked={form.flipVertical} onChange={(e) => set("flipVertical", e.target.checked)} data-testid="augment-flip-v" />
              vertical
            </label>
          </div>
          {num("noise", "Noise σ", "Gaussian, in pixel levels (0–100)", 0, 100, "any")}
          {num("erase", "Random erase", "probability of a blanked rectangle (0–1)", 0, 1, "any")}
          {num("brightness", "Brightness", "shift up to this share of the range (0–1)", 0, 1, "any")}
          {num("contrast", "Contrast", "scale by 1 ± this around the mean (0–1)", 0, 1, "any")}
        </div>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={!body || augment.isPending} data-testid="augment-submit">
            {augment.isPending ? "Augmenting…" : "Create the augmented dataset"}
          </button>
          {body && <span className="muted small">{augmentationSummary(body)}, {((body.copies ?? 1) + 1) * dataset.count} images in all</span>}
        </div>
      </form>
      {made && (
        <div className="notice notice-ok" data-testid="augment-result" data-dataset-id={made.id}>
          Created <strong>{made.name}</strong>: {datasetVerdict(made)}.{" "}
          <Link to={`/datasets/${made.id}`} className="btn btn-small btn-primary" data-testid="augment-open">
            Open it
          </Link>
        </div>
      )}
      {augment.error != null && <ErrorBox error={augment.error} title="Cannot augment the dataset" testId="augment-error" />}
    </Panel>
  );
}

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
