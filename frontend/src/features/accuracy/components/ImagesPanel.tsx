/** The images of an accuracy run: filters, sort, pages, and the viewer of one image. */
import { useMemo, useState } from "react";
import { useDatasetSamples } from "../../datasets/api/datasets";
import type { AccuracyRun, Dataset, ImageResult } from "../../../api/types";
import { ApiAnnotatedImage, ApiImage } from "../../../shared/ui/AnnotatedImage";
import { Modal } from "../../../shared/ui/Modal";
import { Empty, ErrorBox, Facts, Panel, SortHeaders, type SortColumn } from "../../../shared/ui/ui";
import { ANNOTATION_COLOR, annotationOverlays, predictionOverlays, className, DEFAULT_IMAGE_SORT, EMPTY_IMAGE_FILTER, filterImages, isImageFilterEmpty, metricLabel, nextImageSort, predictionText, PREDICTION_COLOR, scoreBars, sortImages, topScore, type ImageFilter, type ImageSort, type ImageSortKey } from "../lib/accuracy";
import { formatNumber } from "../../../shared/lib/format";
import { clampPage, datasetImageUrl, pageCount, pageItems, pageLabel } from "../../../shared/lib/images";

export const PAGE_SIZE = 50;

export const COLUMNS: readonly SortColumn<ImageSortKey>[] = [
  { key: "index", label: "#", num: true },
  { key: "score", label: "Top score", num: true, title: "the top-1 score, or the most confident box" },
  { key: "correct", label: "Correct", title: "wrong first, ascending" },
];

export function ImageViewer({
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

export function ImagesPanel({
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
