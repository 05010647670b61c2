/** The images of an accuracy run: filters, sort, pages, and the viewer of one image. */
import { useMemo, useState } from "react";
import type { AccuracyRun, Dataset } from "../../../api/types";
import { ApiImage } from "../../../shared/ui/AnnotatedImage";
import { Empty, Panel, SortHeaders, type SortColumn } from "../../../shared/ui/ui";
import { className, DEFAULT_IMAGE_SORT, EMPTY_IMAGE_FILTER, filterImages, isImageFilterEmpty, nextImageSort, predictionText, sortImages, topScore, type ImageFilter, type ImageSort, type ImageSortKey } from "../lib/accuracy";
import { formatNumber } from "../../../shared/lib/format";
import { clampPage, datasetImageUrl, pageCount, pageItems, pageLabel } from "../../../shared/lib/images";
import { ImageViewer } from "./ImageViewer";

export const PAGE_SIZE = 50;

export const COLUMNS: readonly SortColumn<ImageSortKey>[] = [
  { key: "index", label: "#", num: true },
  { key: "score", label: "Top score", num: true, title: "the top-1 score, or the most confident box" },
  { key: "correct", label: "Correct", title: "wrong first, ascending" },
];

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
