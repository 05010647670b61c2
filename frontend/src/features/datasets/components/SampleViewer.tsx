/** One sample of a dataset: the image with its annotation, and its facts. */
import type { Dataset, DatasetSample } from "../../../api/types";
import { ApiAnnotatedImage } from "../../../shared/ui/AnnotatedImage";
import { Modal } from "../../../shared/ui/Modal";
import { className } from "../../accuracy/lib/accuracy";
import { sampleAnnotation, sampleOverlays } from "../lib/datasets";
import { classColor } from "../../../shared/lib/images";
import "../../../shared/ui/images.css";

export function SampleViewer({
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
