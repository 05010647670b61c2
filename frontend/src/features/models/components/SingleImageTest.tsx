/**
 * The model page's single-image test: drop a picture, see what the model makes of it — the top-5 classes
 * as bars, or the boxes drawn over the image. Class names come from a chosen dataset; the pre-processing
 * and adapter from one of the model's projects (its saved accuracy configuration) or the small form here.
 * Runs again whenever the image or the settings change.
 */
import { useQuery } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { Dropzone } from "../../../shared/ui/Dropzone";
import { useObjectUrl } from "../../../shared/api/images";
import { predictImage } from "../api/predict";
import { useAccuracyConfig } from "../../accuracy/api/accuracy";
import { useDatasets } from "../../datasets/api/datasets";
import { useProjects } from "../../projects/api/projects";
import type { Model, Precision } from "../../../api/types";
import {
  buildAccuracyConfig,
  configSummary,
  DEFAULT_ACCURACY_FORM,
  formFromConfig,
  namesByLabel,
  predictionOverlays,
  PREDICTION_COLOR,
  scoreBars,
  type AccuracyForm,
} from "../../accuracy/lib/accuracy";
import { formatBytes, formatNumber } from "../../../shared/lib/format";
import { AccuracyConfigFields } from "../../accuracy/components/AccuracyConfigFields";
import { AnnotatedImage } from "../../../shared/ui/AnnotatedImage";
import { Field } from "../../../shared/ui/fields";
import { ErrorBox, useDebounced } from "../../../shared/ui/ui";
import "../../../shared/ui/images.css";

export function SingleImageTest({ model }: { model: Model }) {
  const ids = useId();
  const projects = useProjects();
  const datasets = useDatasets();
  const [file, setFile] = useState<File | null>(null);
  const precisions: Precision[] = (model.variants ?? []).map((v) => v.precision);
  const [precisionChoice, setPrecision] = useState<Precision | null>(null);
  const precision: Precision = precisionChoice && precisions.includes(precisionChoice) ? precisionChoice : precisions.includes("FP32") ? "FP32" : (precisions[0] ?? "FP32");

  const named = useMemo(() => (datasets.data?.data ?? []).filter((d) => (d.classes?.length ?? 0) > 0), [datasets.data]);
  const mine = useMemo(() => (projects.data?.data ?? []).filter((p) => p.model_id === model.id), [projects.data, model.id]);
  // the first project of this model on a dataset with class names: its configuration and classes fit best
  const suggested = mine.find((p) => named.some((d) => d.id === p.dataset_id)) ?? mine[0];
  const [sourceChoice, setSource] = useState<string | null>(null); // null: the suggestion; "": the form
  const sourceId = sourceChoice ?? suggested?.id ?? "";
  const source = mine.find((p) => p.id === sourceId);
  const sourceConfig = useAccuracyConfig(source?.id ?? "");
  const [datasetChoice, setDataset] = useState<string | null>(null);
  const datasetId = datasetChoice ?? (source && named.some((d) => d.id === source.dataset_id) ? source.dataset_id : "");
  const dataset = named.find((d) => d.id === datasetId);

  // the form follows the chosen project's saved configuration until edited
  const [form, setForm] = useState<AccuracyForm>(DEFAULT_ACCURACY_FORM);
  const [loadedFrom, setLoadedFrom] = useState<string | null>(null);
  // keyed by content: a refetch of the same configuration (window focus) keeps the user's edits
  const loadKey = source && sourceConfig.data ? `${source.id}:${JSON.stringify(sourceConfig.data)}` : "";
  if (source && sourceConfig.data && loadedFrom !== loadKey) {
    setLoadedFrom(loadKey);
    try {
      setForm(formFromConfig(sourceConfig.data).form);
    } catch {
      setForm(DEFAULT_ACCURACY_FORM);
    }
  }
  const [open, setOpen] = useState(false);
  const set = <K extends keyof AccuracyForm>(key: K, value: AccuracyForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const built = useMemo(() => buildAccuracyConfig(form), [form]);
  const configJson = useDebounced(built.config ? JSON.stringify(built.config) : "", 400);
  const waitingForConfig = source != null && sourceConfig.isLoading;

  const [nonce, setNonce] = useState(0);
  const prediction = useQuery({
    queryKey: ["prediction", model.id, nonce, precision, datasetId, configJson],
    enabled: file != null && configJson !== "" && !waitingForConfig && model.status === "ready",
    retry: false,
    staleTime: Infinity,
    gcTime: 60_000,
    queryFn: ({ signal }) => predictImage(model.id, file as File, { precision, datasetId: datasetId || null, config: JSON.parse(configJson), signal }),
  });
  const src = useObjectUrl(file);
  const pick = (files: readonly File[]) => {
    const f = files[0];
    if (!f) return;
    setFile(f);
    setNonce((n) => n + 1);
  };

  const p = prediction.data;
  const classification = p?.task === "classification";
  const { bars, probabilities } = p && classification ? scoreBars(p.labels, p.scores, p.names) : { bars: [], probabilities: true };
  // the answer names each box (from the dataset's classes, else the index)
  const detection = p?.task === "object_detection" || p?.task === "instance_segmentation";
  // landmarks are drawn as small squares around each point
  const pointBoxes = (p?.points ?? []).map(([x, y]) => [x - 1.5, y - 1.5, x + 1.5, y + 1.5]);
  const overlays = p && detection
    ? predictionOverlays({ boxes: p.boxes ?? [], predicted: p.labels, scores: p.scores }, namesByLabel(p.labels, p.names))
    : p && pointBoxes.length
      ? predictionOverlays({ boxes: pointBoxes, predicted: pointBoxes.map((_, i) => i), scores: pointBoxes.map(() => 1) },
          pointBoxes.map((_, i) => `point ${i + 1}`))
      : [];
  const summary = built.config ? configSummary(built.config) : [];

  return (
    <div className="predict" data-testid="predict" data-status={prediction.isFetching ? "running" : p ? "done" : prediction.error ? "failed" : "idle"}>
      <div className="predict-controls">
        <Dropzone onFiles={pick} testId="predict-dropzone" inputTestId="predict-input" compact icon="image"
          accept="image/*">
          <strong>{file ? "Drop another image" : "Drop an image here"}</strong> or click to choose one
          <div className="muted small">{file ? `${file.name} · ${formatBytes(file.size)}` : "PNG, JPEG, BMP…: it runs through the model on the server's CPU"}</div>
        </Dropzone>
        <div className="form-grid form-grid-4 predict-options">
          <Field label="Precision">
            <select value={precision} onChange={(e) => setPrecision(e.target.value as Precision)} data-testid="predict-precision" disabled={precisions.length < 2}>
              {(precisions.length ? precisions : ["FP32" as Precision]).map((x) => (
                <option key={x} value={x}>
                  {x}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Settings from" hint={source ? "its saved accuracy configuration, editable below" : "pre-processing and adapter below"}>
            <select value={sourceId} onChange={(e) => setSource(e.target.value)} data-testid="predict-config-source">
              <option value="">the form below</option>
              {mine.map((x) => (
                <option key={x.id} value={x.id}>
                  project {x.name || x.id}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Class names from" hint={dataset ? `${dataset.classes?.length} classes` : "none: class indices"}>
            <select value={datasetId} onChange={(e) => setDataset(e.target.value)} data-testid="predict-dataset">
              <option value="">no dataset</option>
              {named.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name} ({d.classes?.length} classes)
                </option>
              ))}
            </select>
          </Field>
          <div className="field field-submit">
            <button
              type="button"
              className={`btn btn-ghost disclosure${open ? " open" : ""}`}
              aria-expanded={open}
              aria-controls={`${ids}-settings`}
              onClick={() => setOpen(!open)}
              data-testid="predict-settings-toggle"
            >
              <svg className="disclosure-mark" viewBox="0 0 10 10" aria-hidden>
                <path d="M3 1.5 L7 5 L3 8.5" />
              </svg>
              Pre-processing and adapter
              {!built.config && <span className="dot dot-offline" title="a setting needs attention" />}
            </button>
          </div>
        </div>
        {!open && (
          <div className="advanced-summary" data-testid="predict-config-summary">
            {summary.map((t) => (
              <span key={t} className="tag">
                {t}
              </span>
            ))}
          </div>
        )}
        {open && (
          <div className="advanced" id={`${ids}-settings`}>
            <AccuracyConfigFields form={form} set={set} errors={built.errors} testIdPrefix="predict" compact />
          </div>
        )}
      </div>

      {prediction.error != null && <ErrorBox error={prediction.error} title="The model could not read this image" testId="predict-error" />}
      {file && (
        <div className="predict-result" data-testid="predict-result" data-task={p?.task ?? ""}>
          <AnnotatedImage
            src={src}
            natural={p ? { width: p.width, height: p.height } : null}
            overlays={overlays}
            alt={file.name}
            max={{ width: 420, height: 360 }}
            testId="predict-image"
          />
          <div className="predict-side">
            {prediction.isFetching && (
              <div className="loading" role="status">
                <span className="spinner" aria-hidden /> Running the model…
              </div>
            )}
            {p && classification && (
              <>
                <div className="predict-top" data-testid="predict-top">
                  <span className="figure-label">Top-1</span>
                  <strong data-testid="predict-top-name">{bars[0]?.name ?? "—"}</strong>
                </div>
                <ol className="score-bars" data-testid="prediction-bars" data-count={bars.length}>
                  {bars.map((b, i) => (
                    <li key={i} className="score-bar" data-testid="prediction-bar" data-label={b.label} data-score={b.score}>
                      <span className="score-bar-name" title={`class ${b.label}`}>
                        {b.name}
                      </span>
                      <span className="score-bar-track">
                        <span className="score-bar-fill" style={{ width: `${Math.max(2, b.share * 100)}%`, background: i === 0 ? PREDICTION_COLOR : undefined }} />
                      </span>
                      <span className="score-bar-value mono">{probabilities ? `${(b.score * 100).toFixed(1)}%` : formatNumber(b.score, 3)}</span>
                    </li>
                  ))}
                </ol>
                {!probabilities && <div className="muted small">Raw scores (the model's output has no softmax): bars relative to the range shown.</div>}
              </>
            )}
            {p && !classification && !detection && (
              <div data-testid="predict-other" data-points={p.points?.length ?? 0}>
                {p.task === "face_recognition" && (
                  <div className="predict-top" data-testid="predict-descriptor">
                    <span className="figure-label">Face descriptor</span>
                    <strong>{p.scores.length} values</strong>
                    <span className="muted small">unit length; accuracy runs compare pairs of faces</span>
                  </div>
                )}
                {p.task === "facial_landmarks" && (
                  <div className="predict-top">
                    <span className="figure-label">Landmarks</span>
                    <strong>{p.points?.length ?? 0} points</strong>
                  </div>
                )}
                {p.overlay_png && (
                  <figure className="predict-overlay">
                    <img
                      src={`data:image/png;base64,${p.overlay_png}`}
                      alt={p.task === "semantic_segmentation" ? "class map" : "model output"}
                      data-testid="predict-overlay"
                      style={{ maxWidth: 420, imageRendering: "pixelated", background: "#222" }}
                    />
                    <figcaption className="muted small">
                      {p.task === "semantic_segmentation" ? "Class map (class 0 transparent)" : `Model output, ${p.width} × ${p.height} px`}
                    </figcaption>
                  </figure>
                )}
                {p.task === "semantic_segmentation" && (
                  <table className="table table-compact" data-testid="prediction-classes">
                    <thead>
                      <tr>
                        <th>Class</th>
                        <th className="num">Share of pixels</th>
                      </tr>
                    </thead>
                    <tbody>
                      {p.names.map((name, i) => (
                        <tr key={i}>
                          <td>{name}</td>
                          <td className="num">{((p.scores[i] ?? 0) * 100).toFixed(1)}%</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </div>
            )}
            {p && detection && p.overlay_png && (
              <img src={`data:image/png;base64,${p.overlay_png}`} alt="instance masks" data-testid="predict-overlay"
                   style={{ maxWidth: 420, background: "#222" }} />
            )}
            {p && detection && (
              <>
                <div className="predict-top" data-testid="predict-top">
                  <span className="figure-label">Boxes</span>
                  <strong>{p.boxes?.length ?? 0}</strong>
                  <span className="muted small">
                    {p.width} × {p.height} px
                  </span>
                </div>
                {(p.boxes?.length ?? 0) === 0 ? (
                  <div className="muted">No box above the confidence threshold.</div>
                ) : (
                  <table className="table table-compact" data-testid="prediction-boxes" data-count={p.boxes?.length ?? 0}>
                    <thead>
                      <tr>
                        <th>Class</th>
                        <th className="num">Score</th>
                        <th>Box (px)</th>
                      </tr>
                    </thead>
                    <tbody>
                      {(p.boxes ?? []).map((b, i) => (
                        <tr key={i} data-testid="prediction-box">
                          <td>{p.names[i] ?? p.labels[i]}</td>
                          <td className="num">{(p.scores[i] ?? 0).toFixed(3)}</td>
                          <td className="mono small">[{b.map((v) => Math.round(v)).join(", ")}]</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
