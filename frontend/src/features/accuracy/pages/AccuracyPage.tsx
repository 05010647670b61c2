/**
 * One accuracy run: the verdict first, the metrics as figures, the confusion matrix (classification;
 * computed here from the per-image results, a cell filters the table), every image's prediction against
 * its annotation (sortable, filterable, paged; a row opens the image with both drawn), the agreement with
 * another run on the same dataset (e.g. the INT8 child against its FP32 parent), and the configuration.
 * Live (progress, cancel) while it runs.
 */
import { useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useMemo, useState } from "react";
import { Link, useParams } from "react-router";
import { ApiError } from "../../../shared/api/errors";
import { keys } from "../../../shared/api/keys";
import { useDataset, useDatasetSamples } from "../../datasets/api/datasets";
import { useModel } from "../../models/api/models";
import { useProject, useProjects } from "../../projects/api/projects";
import { useAccuraciesOf, useAccuracy, useAgreement } from "../api/accuracy";
import type { AccuracyRun, Dataset, ImageResult, Job, Project } from "../../../api/types";
import { ApiAnnotatedImage, ApiImage } from "../../../shared/ui/AnnotatedImage";
import { JobProgressView, useJobEvents } from "../../../shared/jobs/JobProgress";
import { Modal } from "../../../shared/ui/Modal";
import { Empty, ErrorBox, Facts, Loading, PageHeader, Panel, SortHeaders, Stat, StatusChip, type SortColumn } from "../../../shared/ui/ui";
import {
  annotationOverlays,
  ANNOTATION_COLOR,
  className,
  configSummary,
  confusionMatrix,
  DEFAULT_IMAGE_SORT,
  EMPTY_IMAGE_FILTER,
  filterImages,
  formatMetric,
  formatMetricDelta,
  isImageFilterEmpty,
  metricLabel,
  nextImageSort,
  predictionOverlays,
  predictionText,
  PREDICTION_COLOR,
  scoreBars,
  sortImages,
  topConfusions,
  topScore,
  type ConfusionMatrix,
  type ImageFilter,
  type ImageSort,
  type ImageSortKey,
} from "../lib/accuracy";
import { downloadText, jsonText, safeFilename } from "../../../shared/lib/export";
import { formatAgo, formatDateTime, formatNumber, formatSeconds, isJobFinished } from "../../../shared/lib/format";
import { clampPage, datasetImageUrl, pageCount, pageItems, pageLabel } from "../../../shared/lib/images";

const ConfusionHeatmap = lazy(() => import("../components/AccuracyCharts").then((m) => ({ default: m.ConfusionHeatmap })));

const PAGE_SIZE = 50;

const COLUMNS: readonly SortColumn<ImageSortKey>[] = [
  { key: "index", label: "#", num: true },
  { key: "score", label: "Top score", num: true, title: "the top-1 score, or the most confident box" },
  { key: "correct", label: "Correct", title: "wrong first, ascending" },
];

function Metrics({ run }: { run: AccuracyRun }) {
  const r = run.result;
  if (!r) return null;
  return (
    <div className="stats stats-accuracy" data-testid="accuracy-metrics">
      {r.metrics.map((m, i) => (
        <div
          key={m.name}
          className={`figure${i === 0 ? " figure-primary" : ""}`}
          data-testid="accuracy-metric"
          data-name={m.name}
          data-value={m.value}
          title={`${m.name} = ${m.value}${m.unit ? ` ${m.unit}` : ""}${m.higher_is_better === false ? " (lower is better)" : ""}`}
        >
          <div className="figure-label">{metricLabel(m.name)}</div>
          <div className="figure-value">
            <span data-testid="accuracy-metric-value">{formatMetric(m)}</span>
          </div>
        </div>
      ))}
      <Stat label="Images" value={r.samples.toLocaleString("en-US")} testId="accuracy-samples" />
      <Stat label="Images / s" value={formatNumber(r.images_per_second, 0)} testId="accuracy-speed" />
      <Stat label="Time" value={formatSeconds(r.seconds)} testId="accuracy-seconds" />
    </div>
  );
}

function ConfusionPanel({ matrix, onCell }: { matrix: ConfusionMatrix; onCell: (truth: number, predicted: number) => void }) {
  const worst = topConfusions(matrix, 5);
  return (
    <Panel title="Confusion matrix" testId="confusion-panel">
      {matrix.total === 0 ? (
        <Empty>No annotated image was predicted.</Empty>
      ) : (
        <>
          <Suspense fallback={<div className="chart-placeholder" />}>
            <ConfusionHeatmap matrix={matrix} onCell={onCell} />
          </Suspense>
          <div className="muted small chart-note">
            Rows: the annotated class; columns: the top-1 prediction. {matrix.correct.toLocaleString("en-US")} of{" "}
            {matrix.total.toLocaleString("en-US")} on the diagonal. Click a cell to list its images below.
          </div>
          {worst.length > 0 && (
            <div className="subsection">
              <div className="subsection-title">Most frequent confusions</div>
              <ul className="advice-list" data-testid="top-confusions">
                {worst.map((c) => (
                  <li key={`${c.truth}-${c.predicted}`}>
                    <button type="button" className="link-button" onClick={() => onCell(c.truth, c.predicted)}>
                      {matrix.names[c.truth]} → {matrix.names[c.predicted]}
                    </button>{" "}
                    <span className="muted">
                      {c.count} image{c.count === 1 ? "" : "s"} ({((c.count / Math.max(1, matrix.rows[c.truth].images)) * 100).toFixed(1)}% of{" "}
                      {matrix.names[c.truth]})
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
    </Panel>
  );
}

function ImageViewer({
  img,
  datasetId,
  classes,
  task,
  onClose,
  onStep,
}: {
  img: ImageResult;
  datasetId: string;
  classes: readonly string[];
  task: string;
  onClose: () => void;
  onStep: (delta: number) => void;
}) {
  // the annotation's boxes (and the image's size) come from the dataset; the result has only the labels
  const sample = useDatasetSamples(datasetId, img.index, 1, null);
  const s = sample.data?.data[0]?.index === img.index ? sample.data.data[0] : undefined;
  const natural = s?.width && s?.height ? { width: s.width, height: s.height } : null;
  const classification = task === "classification";
  const overlays = classification ? [] : [...annotationOverlays(s?.boxes ?? [], s?.labels, classes), ...predictionOverlays(img, classes)];
  const { bars, probabilities } = scoreBars(img.predicted ?? [], img.scores ?? [], (img.predicted ?? []).map((p) => className(classes, p)));
  return (
    <Modal
      title={
        <>
          Image #{img.index} {s && <span className="muted small mono">{s.image}</span>}
        </>
      }
      onClose={onClose}
      testId="acc-image-viewer"
      actions={
        <>
          <button type="button" className="btn btn-small" onClick={() => onStep(-1)} data-testid="acc-viewer-prev">
            ← Previous
          </button>
          <button type="button" className="btn btn-small" onClick={() => onStep(1)} data-testid="acc-viewer-next">
            Next →
          </button>
        </>
      }
    >
      <div className="viewer" data-index={img.index} data-correct={img.correct == null ? "" : String(img.correct)}>
        <ApiAnnotatedImage url={datasetImageUrl(datasetId, img.index)} natural={natural} overlays={overlays} alt={`image ${img.index}`} max={{ width: 560, height: 460 }} testId="acc-viewer-image" />
        <div className="viewer-side">
          {img.correct != null && (
            <div className={`chip ${img.correct ? "chip-ok" : "chip-bad"} chip-flat`} data-testid="acc-viewer-correct">
              {img.correct ? "correct" : "wrong"}
            </div>
          )}
          {classification ? (
            <>
              <div className="figure-label">Annotation</div>
              <div className="viewer-label" data-testid="acc-viewer-label">
                <span className="legend-swatch" style={{ background: ANNOTATION_COLOR }} />
                {className(classes, img.label)}
              </div>
              <div className="figure-label">Prediction (top {bars.length})</div>
              <ol className="score-bars" data-testid="acc-viewer-bars">
                {bars.map((b, i) => (
                  <li key={i} className={`score-bar${b.label === img.label ? " score-bar-truth" : ""}`} data-label={b.label}>
                    <span className="score-bar-name">{b.name}</span>
                    <span className="score-bar-track">
                      <span className="score-bar-fill" style={{ width: `${Math.max(2, b.share * 100)}%`, background: i === 0 ? PREDICTION_COLOR : undefined }} />
                    </span>
                    <span className="score-bar-value mono">{probabilities ? `${(b.score * 100).toFixed(1)}%` : formatNumber(b.score, 3)}</span>
                  </li>
                ))}
              </ol>
              {!probabilities && bars.length > 0 && <div className="muted small">Raw scores (the model ends without softmax).</div>}
            </>
          ) : (
            <>
              <div className="legend-row small">
                <span className="legend-swatch" style={{ background: ANNOTATION_COLOR }} /> annotation ({s?.boxes?.length ?? "…"})
                <span className="legend-swatch legend-dashed" style={{ borderColor: PREDICTION_COLOR }} /> prediction ({img.boxes?.length ?? 0})
              </div>
              {sample.error != null && <ErrorBox error={sample.error} title="Cannot load the annotation" />}
              <table className="table table-compact" data-testid="acc-viewer-boxes">
                <thead>
                  <tr>
                    <th>Predicted</th>
                    <th className="num">Score</th>
                    <th>Box</th>
                  </tr>
                </thead>
                <tbody>
                  {(img.boxes ?? []).map((b, i) => (
                    <tr key={i}>
                      <td>{className(classes, img.predicted?.[i])}</td>
                      <td className="num">{img.scores?.[i] != null ? img.scores[i].toFixed(3) : "—"}</td>
                      <td className="mono small">[{b.map((v) => Math.round(v)).join(", ")}]</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {img.values && Object.keys(img.values).length > 0 && (
            <Facts items={Object.entries(img.values).map(([k, v]) => [metricLabel(k), formatNumber(v, 4)])} />
          )}
        </div>
      </div>
    </Modal>
  );
}

function ImagesPanel({
  run,
  dataset,
  filter,
  setFilter,
}: {
  run: AccuracyRun;
  dataset: Dataset | undefined;
  filter: ImageFilter;
  setFilter: (f: ImageFilter) => void;
}) {
  const r = run.result;
  const [sort, setSort] = useState<ImageSort>(DEFAULT_IMAGE_SORT);
  const [page, setPage] = useState(0);
  const [open, setOpen] = useState<number | null>(null);
  const task = r?.task ?? "classification";
  const classes = dataset?.classes ?? [];
  const images = useMemo(() => r?.images ?? [], [r]);
  const rows = useMemo(() => sortImages(filterImages(images, filter, task), sort), [images, filter, task, sort]);
  const current = clampPage(page, rows.length, PAGE_SIZE);
  const shown = pageItems(rows, current, PAGE_SIZE);
  const pages = pageCount(rows.length, PAGE_SIZE);
  const withValues = images.some((i) => i.values && Object.keys(i.values).length > 0);
  const classCount = useMemo(
    () => images.reduce((n, i) => Math.max(n, (i.label ?? -1) + 1, ...(i.predicted ?? []).map((p) => p + 1)), classes.length),
    [images, classes.length],
  );
  const classOptions = Array.from({ length: classCount }, (_, i) => i);
  const update = (f: ImageFilter) => {
    setFilter(f);
    setPage(0);
  };
  const openAt = rows.findIndex((x) => x.index === open);
  const viewed = openAt >= 0 ? rows[openAt] : undefined;
  const wrong = images.filter((i) => i.correct === false).length;
  const scored = images.some((i) => i.correct != null);
  if (!r) return null;
  return (
    <Panel title="Per image" testId="accuracy-images-panel">
      <div className="filters filters-flush">
        {scored && (
          <label className="filter filter-check">
            <input type="checkbox" checked={filter.onlyWrong} onChange={(e) => update({ ...filter, onlyWrong: e.target.checked })} data-testid="acc-filter-wrong" />
            only wrong <span className="muted">({wrong})</span>
          </label>
        )}
        {classOptions.length > 0 && (
          <label className="filter">
            <span className="filter-label">{task === "classification" ? "Annotated class" : "Predicted class"}</span>
            <select value={filter.cls ?? ""} onChange={(e) => update({ ...filter, cls: e.target.value === "" ? null : Number(e.target.value) })} data-testid="acc-filter-class">
              <option value="">all</option>
              {classOptions.map((i) => (
                <option key={i} value={i}>
                  {className(classes, i)}
                </option>
              ))}
            </select>
          </label>
        )}
        {task === "classification" && classOptions.length > 0 && (
          <label className="filter">
            <span className="filter-label">Predicted as</span>
            <select value={filter.predicted ?? ""} onChange={(e) => update({ ...filter, predicted: e.target.value === "" ? null : Number(e.target.value) })} data-testid="acc-filter-predicted">
              <option value="">any</option>
              {classOptions.map((i) => (
                <option key={i} value={i}>
                  {className(classes, i)}
                </option>
              ))}
            </select>
          </label>
        )}
        {filter.indices && (
          <span className="tag" data-testid="acc-filter-indices">
            {filter.indices.size} images where the runs disagree
          </span>
        )}
        <span className="filters-count muted small" data-testid="acc-images-count" data-count={rows.length}>
          {rows.length === images.length ? `${images.length} images` : `${rows.length} of ${images.length} images`}
        </span>
        {!isImageFilterEmpty(filter) && (
          <button type="button" className="btn btn-small" onClick={() => update(EMPTY_IMAGE_FILTER)} data-testid="acc-filter-clear">
            Clear filters
          </button>
        )}
        <span className="pager">
          <button type="button" className="btn btn-small" disabled={current <= 0} onClick={() => setPage(current - 1)} data-testid="acc-page-prev">
            ← Previous
          </button>
          <span className="small" data-testid="acc-page" data-page={current + 1} data-pages={pages}>
            {pageLabel(current, rows.length, PAGE_SIZE)}
          </span>
          <button type="button" className="btn btn-small" disabled={current >= pages - 1} onClick={() => setPage(current + 1)} data-testid="acc-page-next">
            Next →
          </button>
        </span>
      </div>
      <div className="table-scroll">
        <table className="table table-compact table-clickable" data-testid="acc-images-table" data-rows={rows.length}>
          <thead>
            <tr>
              <SortHeaders columns={COLUMNS.slice(0, 1)} sort={sort} onSort={(k) => setSort(nextImageSort(sort, k))} testIdPrefix="acc-sort-" />
              <th>Image</th>
              <th>{task === "classification" ? "Annotated" : "Annotation"}</th>
              <th>Predicted</th>
              <SortHeaders columns={COLUMNS.slice(1)} sort={sort} onSort={(k) => setSort(nextImageSort(sort, k))} testIdPrefix="acc-sort-" />
              {withValues && <th>Values</th>}
            </tr>
          </thead>
          <tbody>
            {shown.map((img) => {
              const score = topScore(img);
              return (
                <tr
                  key={img.index}
                  data-testid="acc-image-row"
                  data-index={img.index}
                  data-correct={img.correct == null ? "" : String(img.correct)}
                  data-score={score ?? ""}
                  tabIndex={0}
                  onClick={() => setOpen(img.index)}
                  onKeyDown={(e) => {
                    if (e.key === "Enter" || e.key === " ") {
                      e.preventDefault();
                      setOpen(img.index);
                    }
                  }}
                >
                  <td className="num muted">{img.index}</td>
                  <td className="cell-thumb">
                    {dataset ? <ApiImage url={datasetImageUrl(dataset.id, img.index, true)} alt={`image ${img.index}`} className="row-thumb" size={36} /> : null}
                  </td>
                  <td data-testid="acc-row-label">{task === "classification" ? className(classes, img.label) : <span className="muted">see image</span>}</td>
                  <td data-testid="acc-row-predicted">{predictionText(img, classes, task)}</td>
                  <td className="num">{score == null ? "—" : formatNumber(score, 3)}</td>
                  <td>
                    {img.correct == null ? (
                      <span className="muted">—</span>
                    ) : (
                      <span className={`chip chip-flat ${img.correct ? "chip-ok" : "chip-bad"}`}>{img.correct ? "✓ correct" : "✕ wrong"}</span>
                    )}
                  </td>
                  {withValues && (
                    <td className="small mono">
                      {Object.entries(img.values ?? {})
                        .map(([k, v]) => `${k} ${formatNumber(v, 3)}`)
                        .join(" · ")}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
        {rows.length === 0 && <Empty>No image matches the filters.</Empty>}
      </div>
      {viewed && dataset && (
        <ImageViewer
          img={viewed}
          datasetId={dataset.id}
          classes={classes}
          task={task}
          onClose={() => setOpen(null)}
          onStep={(delta) => {
            const next = rows[openAt + delta];
            if (next) {
              setOpen(next.index);
              setPage(Math.floor((openAt + delta) / PAGE_SIZE));
            }
          }}
        />
      )}
    </Panel>
  );
}

function AgreementPanel({ run, project, onDisagreements }: { run: AccuracyRun; project: Project; onDisagreements: (indices: number[]) => void }) {
  const projects = useProjects();
  const sameDataset = useMemo(
    () => (projects.data?.data ?? []).filter((p) => p.dataset_id === project.dataset_id),
    [projects.data, project.dataset_id],
  );
  const byId = new Map(sameDataset.map((p) => [p.id, p]));
  const candidates = useAccuraciesOf(sameDataset.map((p) => p.id));
  const others = candidates.runs
    .filter((o) => o.id !== run.id && o.result != null && o.result.task === run.result?.task && o.result.samples === run.result?.samples)
    // other projects first (the INT8 child, another precision), then this project's earlier runs
    .sort((a, b) => Number(a.project_id === project.id) - Number(b.project_id === project.id) || b.job.created_at.localeCompare(a.job.created_at));
  const [picked, setPicked] = useState("");
  const [swap, setSwap] = useState(false);
  const a = swap ? picked : run.id;
  const b = swap ? run.id : picked;
  const agreement = useAgreement(picked ? a : "", picked ? b : "");
  const label = (o: AccuracyRun) => {
    const p = byId.get(o.project_id);
    const top = o.result?.metrics[0];
    return `${p?.name || o.project_id} (${p?.precision ?? "?"}) · ${formatAgo(o.job.created_at)}${top ? ` · ${top.name} ${formatMetric(top)}` : ""}`;
  };
  const pickedRun = others.find((o) => o.id === picked);
  const metricsA = new Map(((swap ? pickedRun : run)?.result?.metrics ?? []).map((m) => [m.name, m]));
  const ag = agreement.data;
  return (
    <Panel title="Agreement with another run" testId="agreement-panel">
      <p className="muted small">
        How often another run on the same images predicts what this one does, image by image — no annotations needed.
        Pick the INT8 child's run (or another precision) to see what quantization changed.
      </p>
      <div className="filters filters-flush">
        <label className="filter filter-grow">
          <span className="filter-label">Other run on this dataset</span>
          <select value={picked} onChange={(e) => setPicked(e.target.value)} data-testid="agreement-run" disabled={others.length === 0}>
            <option value="">{candidates.isLoading || projects.isLoading ? "loading…" : others.length === 0 ? "no other finished run on these images" : "choose a run…"}</option>
            {others.map((o) => (
              <option key={o.id} value={o.id}>
                {label(o)}
              </option>
            ))}
          </select>
        </label>
        {picked && (
          <button type="button" className="btn btn-small" onClick={() => setSwap(!swap)} data-testid="agreement-swap" title="Which run is the reference (A)">
            A = {swap ? "the other run" : "this run"} · swap
          </button>
        )}
      </div>
      {candidates.error != null && <ErrorBox error={candidates.error} title="Cannot list the other runs" />}
      {picked && agreement.isLoading && <Loading />}
      {agreement.error != null && <ErrorBox error={agreement.error} title="Cannot compare the runs" testId="agreement-error" />}
      {ag && (
        <div data-testid="agreement-result" data-agreement={ag.agreement}>
          <div className={`verdict verdict-small${ag.agreement < 0.99 ? " verdict-warn" : ""}`} data-testid="agreement-verdict">
            {ag.verdict}
          </div>
          <div className="agreement-row">
            <Stat label="Agreement" value={`${(ag.agreement * 100).toFixed(2)}%`} primary testId="agreement-share" />
            <Stat label="Images differing" value={(ag.disagreements ?? []).length.toLocaleString("en-US")} testId="agreement-differing" />
            {(ag.disagreements ?? []).length > 0 && (
              <button type="button" className="btn btn-small" onClick={() => onDisagreements(ag.disagreements ?? [])} data-testid="agreement-show">
                List them in the table
              </button>
            )}
          </div>
          {Object.keys(ag.metric_deltas ?? {}).length > 0 && (
            <table className="table table-compact" data-testid="agreement-deltas">
              <thead>
                <tr>
                  <th>Metric</th>
                  <th className="num">A</th>
                  <th className="num">B − A</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(ag.metric_deltas ?? {}).map(([name, delta]) => {
                  const ref = metricsA.get(name);
                  const better = ref?.higher_is_better === false ? delta < 0 : delta > 0;
                  return (
                    <tr key={name} data-testid="agreement-delta" data-name={name} data-delta={delta}>
                      <td>{metricLabel(name)}</td>
                      <td className="num">{ref ? formatMetric(ref) : "—"}</td>
                      <td className={`num strong${delta === 0 ? "" : better ? " ok-text" : " bad-text"}`}>{formatMetricDelta(name, delta, ref)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          <div className="muted small">
            A: {swap && pickedRun ? label(pickedRun) : "this run"} · B: {swap ? "this run" : pickedRun ? label(pickedRun) : picked}
            {pickedRun && (
              <>
                {" · "}
                <Link to={`/accuracy/${pickedRun.id}`}>open the other run</Link>
              </>
            )}
          </div>
        </div>
      )}
    </Panel>
  );
}

function ConfigPanel({ run }: { run: AccuracyRun }) {
  const c = run.config;
  const pre = c.preprocessing ?? {};
  const list = (xs: readonly number[] | undefined) => (xs && xs.length > 0 ? xs.join(", ") : "none");
  const manifest = run.result?.manifest ?? {};
  return (
    <Panel title="Configuration" testId="accuracy-config-panel">
      <Facts
        items={[
          ["Resize", pre.resize ?? "stretch"],
          ["Colour order", pre.color ?? "model's default"],
          ["Mean", list(pre.mean)],
          ["Scale", list(pre.scale)],
          ["Adapter", c.adapter ?? "classification"],
          ["Background offset", String(c.background_offset ?? 0)],
          ["Confidence threshold", String(c.confidence_threshold ?? 0.01)],
          ["NMS IoU", String(c.nms_iou ?? 0.45)],
          ["Max samples", c.max_samples == null ? "all" : String(c.max_samples)],
          ...Object.entries(manifest)
            .filter(([, v]) => v == null || typeof v !== "object")
            .slice(0, 12)
            .map(([k, v]) => [k, String(v ?? "—")] as [string, string]),
        ]}
      />
    </Panel>
  );
}

function headline(run: AccuracyRun, job: Job): { text: string; tone: "ok" | "warn" | "bad" } {
  if (run.verdict) return { text: run.verdict, tone: "ok" };
  if (job.status === "failed") return { text: `The accuracy run failed: ${job.error?.message ?? "no error message"}`, tone: "bad" };
  if (job.status === "cancelled") return { text: "Cancelled before the end: nothing was recorded.", tone: "warn" };
  if (job.status === "succeeded") return { text: "Finished; loading the result…", tone: "ok" };
  return { text: `Measuring accuracy… ${job.stage ?? ""}`.trim(), tone: "ok" };
}

function AccuracyView({ initial }: { initial: AccuracyRun }) {
  const qc = useQueryClient();
  const query = useAccuracy(initial.id);
  const run = query.data ?? initial;
  const project = useProject(run.project_id);
  const p = project.data;
  const dataset = useDataset(p?.dataset_id ?? "");
  const model = useModel(p?.model_id ?? "");
  const events = useJobEvents(run.job.id, run.job, () => {
    void qc.invalidateQueries({ queryKey: keys.accuracy(run.id) });
    void qc.invalidateQueries({ queryKey: keys.accuracies(run.project_id) });
  });
  const job: Job = isJobFinished(run.job) ? run.job : (events.job ?? run.job);
  const finished = isJobFinished(job);
  const [filter, setFilter] = useState<ImageFilter>(EMPTY_IMAGE_FILTER);
  const classes = dataset.data?.classes;
  const matrix = useMemo(
    () => (run.result?.task === "classification" ? confusionMatrix(run.result.images, classes ?? []) : null),
    [run.result, classes],
  );
  const h = headline(run, job);
  const scrollToImages = () => requestAnimationFrame(() => document.querySelector('[data-testid="accuracy-images-panel"]')?.scrollIntoView({ behavior: "smooth", block: "start" }));
  return (
    <>
      <PageHeader
        crumbs={[
          { label: "Projects", to: "/projects" },
          { label: p?.name || run.project_id, to: `/projects/${run.project_id}` },
          { label: "Accuracy" },
        ]}
        title={
          <>
            Accuracy <StatusChip status={job.status} testId="accuracy-status" />
          </>
        }
        subtitle={
          <span data-testid="accuracy-context">
            {model.data?.name ?? p?.model_id ?? ""} {p ? `${p.precision} on ${p.device}` : ""} · dataset{" "}
            {dataset.data ? <Link to={`/datasets/${dataset.data.id}`}>{dataset.data.name}</Link> : (p?.dataset_id ?? "")} ·{" "}
            {configSummary(run.config).join(" · ")} · started {formatDateTime(run.job.created_at)}
          </span>
        }
        actions={
          <>
            <button
              type="button"
              className="btn"
              disabled={!run.result}
              onClick={() => downloadText(safeFilename(`accuracy-${run.id}`, "json"), jsonText(run), "application/json")}
              data-testid="accuracy-download-json"
            >
              Download JSON
            </button>
            <Link className="btn" to={`/projects/${run.project_id}`}>
              Back to project
            </Link>
          </>
        }
      />
      <div className={`verdict${h.tone === "bad" ? " verdict-bad" : h.tone === "warn" ? " verdict-warn" : ""}`} data-testid="accuracy-verdict" data-status={job.status}>
        {h.text}
      </div>
      {job.status === "failed" && (
        <ErrorBox error={new ApiError(0, job.error?.code ?? "accuracy.failed", job.error?.message ?? "The job failed without an error message.")} title="The accuracy run failed" testId="accuracy-job-error" />
      )}
      {!finished && (
        <Panel title="Running" testId="accuracy-running">
          <JobProgressView jobId={run.job.id} events={events} testId="accuracy-progress" label="accuracy" cancellable />
        </Panel>
      )}
      <Metrics run={run} />
      {matrix && (
        <ConfusionPanel
          matrix={matrix}
          onCell={(truth, predicted) => {
            setFilter({ ...EMPTY_IMAGE_FILTER, cls: truth, predicted });
            scrollToImages();
          }}
        />
      )}
      {run.result && <ImagesPanel run={run} dataset={dataset.data} filter={filter} setFilter={setFilter} />}
      {run.result && p && (
        <AgreementPanel
          run={run}
          project={p}
          onDisagreements={(indices) => {
            setFilter({ ...EMPTY_IMAGE_FILTER, indices: new Set(indices) });
            scrollToImages();
          }}
        />
      )}
      <ConfigPanel run={run} />
    </>
  );
}

export function AccuracyPage() {
  const { runId = "" } = useParams();
  const query = useAccuracy(runId);
  if (query.isLoading) return <Loading />;
  if (query.error || !query.data) return <ErrorBox error={query.error ?? "not found"} title="Cannot load the accuracy run" />;
  return <AccuracyView key={query.data.id} initial={query.data} />;
}
