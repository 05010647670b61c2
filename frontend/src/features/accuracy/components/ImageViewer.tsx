/** One image of an accuracy run: the picture with its boxes, the prediction and its scores. */
import { useDatasetSamples } from "../../datasets/api/datasets";
import type { ImageResult } from "../../../api/types";
import { ApiAnnotatedImage } from "../../../shared/ui/AnnotatedImage";
import { Modal } from "../../../shared/ui/Modal";
import { ErrorBox, Facts } from "../../../shared/ui/ui";
import { ANNOTATION_COLOR, annotationOverlays, predictionOverlays, className, metricLabel, PREDICTION_COLOR, scoreBars } from "../lib/accuracy";
import { formatNumber } from "../../../shared/lib/format";
import { datasetImageUrl } from "../../../shared/lib/images";

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
