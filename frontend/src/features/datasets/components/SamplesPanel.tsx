/** A dataset's samples, a page at a time, optionally of one class. */
import { useState } from "react";
import { useDatasetSamples } from "../api/datasets";
import type { Dataset } from "../../../api/types";
import { ApiImage } from "../../../shared/ui/AnnotatedImage";
import { Empty, ErrorBox, Loading, Panel } from "../../../shared/ui/ui";
import { sampleAnnotation } from "../lib/datasets";
import { pageCount, pageLabel, thumbnailUrl } from "../../../shared/lib/images";
import "../../../shared/ui/images.css";
import { SampleViewer } from "./SampleViewer";

export const PAGE_SIZE = 48;

export function SamplesPanel({ dataset, cls, setCls }: { dataset: Dataset; cls: number | null; setCls: (c: number | null) => void }) {
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
