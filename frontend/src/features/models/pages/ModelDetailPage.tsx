import { useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useMemo, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { downloadApiFile } from "../../../shared/api/download";
import { keys } from "../../../shared/api/keys";
import { isModelBusy, useModel, useModelGraph, useUpdateModel } from "../api/models";
import type { Model, Precision, TensorInfo } from "../../../api/types";
import { DeriveForm, ReconvertForm } from "../components/ConversionForms";
import { JobProgress } from "../../../shared/jobs/JobProgress";
import { LineagePanel } from "../components/LineagePanel";
import { Empty, ErrorBox, Facts, Loading, OriginBadge, PageHeader, Panel, StatusChip } from "../../../shared/ui/ui";
import { analysisSummary, isModelTask, opsRows, TASKS, taskLabel, weightsRows } from "../lib/analysis";
import { conversionSummary } from "../lib/conversion";
import { safeFilename } from "../../../shared/lib/export";
import { formatBytes, formatDateTime, formatPercent, formatShape, shortSha } from "../../../shared/lib/format";

const OpsChart = lazy(() => import("../components/AnalysisCharts").then((m) => ({ default: m.OpsChart })));
const ModelGraphView = lazy(() => import("../components/ModelGraphView").then((m) => ({ default: m.ModelGraphView })));
const OutputDistancePanel = lazy(() => import("../components/OutputDistancePanel").then((m) => ({ default: m.OutputDistancePanel })));
const SingleImageTest = lazy(() => import("../components/SingleImageTest").then((m) => ({ default: m.SingleImageTest })));

type Tab = "overview" | "graph" | "convert";
const TABS: { key: Tab; label: string }[] = [
  { key: "overview", label: "Overview" },
  { key: "graph", label: "Graph" },
  { key: "convert", label: "Convert & derive" },
];
const isTab = (v: string | null): v is Tab => TABS.some((t) => t.key === v);

function TensorTable({ tensors, testId }: { tensors: TensorInfo[]; testId: string }) {
  if (!tensors.length) return <Empty>None reported.</Empty>;
  return (
    <table className="table" data-testid={testId}>
      <thead>
        <tr>
          <th>Name</th>
          <th>Shape</th>
          <th>Element type</th>
        </tr>
      </thead>
      <tbody>
        {tensors.map((t) => (
          <tr key={t.name}>
            <td className="mono">{t.name}</td>
            <td className="mono">{formatShape(t.shape)}</td>
            <td className="mono">{t.element_type}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The task: saved on change (PATCH); "(guessed)" when it is the analysis' guess. */
function TaskField({ model }: { model: Model }) {
  const update = useUpdateModel(model.id);
  const value = update.isPending ? (update.variables.task ?? "") : (model.task ?? "");
  const guess = model.analysis?.task_guess ?? null;
  return (
    <div className="task-field" data-testid="model-task" data-task={model.task ?? ""}>
      <label className="field-label" htmlFor="model-task-select">
        Task
      </label>
      <div className="task-field-row">
        <select
          id="model-task-select"
          value={value}
          data-testid="task-select"
          disabled={update.isPending}
          onChange={(e) => {
            const v = e.target.value;
            update.mutate({ task: isModelTask(v) ? v : null });
          }}
        >
          <option value="">not set</option>
          {TASKS.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
        {update.isPending ? (
          <span className="muted small">saving…</span>
        ) : model.task && model.task === guess ? (
          <span className="muted small" data-testid="task-guessed" title="the task the analysis guessed">
            (guessed)
          </span>
        ) : !model.task && guess ? (
          <span className="muted small">guess: {taskLabel(guess)}</span>
        ) : null}
      </div>
      {update.error && <ErrorBox error={update.error} title="Cannot set the task" testId="task-error" />}
    </div>
  );
}

/** Static analysis: one sentence, operation counts (bars) and weights by element type. */
function AnalysisPanel({ model }: { model: Model }) {
  const a = model.analysis;
  const ops = useMemo(() => (a ? opsRows(a.operations) : []), [a]);
  if (!a) {
    return (
      <Panel title="Analysis" testId="model-analysis">
        <Empty>{model.status === "converting" ? "Available once the model is converted." : "No analysis."}</Empty>
      </Panel>
    );
  }
  const weights = weightsRows(a);
  return (
    <Panel title="Analysis" testId="model-analysis">
      <p className="analysis-summary" data-testid="analysis-summary" title={`${a.macs.toLocaleString("en-US")} MACs`}>
        {analysisSummary(a)}.
      </p>
      <div className="analysis-grid">
        <div>
          <h3 className="subsection-title">Operations by type</h3>
          {ops.length ? (
            <Suspense fallback={<div className="chart-placeholder" />}>
              <OpsChart rows={ops} />
            </Suspense>
          ) : (
            <Empty>No operations reported.</Empty>
          )}
        </div>
        <div>
          <h3 className="subsection-title">Weights by precision</h3>
          {weights.length ? (
            <table className="table" data-testid="weights-table">
              <thead>
                <tr>
                  <th>Element type</th>
                  <th className="num">Size</th>
                  <th className="num">Share</th>
                </tr>
              </thead>
              <tbody>
                {weights.map((w) => (
                  <tr key={w.precision}>
                    <td>
                      <span className="tag">{w.precision}</span>
                    </td>
                    <td className="num">{formatBytes(w.bytes)}</td>
                    <td className="num">{formatPercent(w.share)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <Empty>No weights.</Empty>
          )}
        </div>
      </div>
    </Panel>
  );
}

/** Download one raw IR file (bearer token, so through fetch); "for Netron", which opens the .xml with its .bin. */
function IrDownload({ url, filename, label, testId }: { url: string; filename: string; label: string; testId: string }) {
  const [state, setState] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });
  const run = async () => {
    setState({ busy: true, error: null });
    try {
      await downloadApiFile(url, filename);
      setState({ busy: false, error: null });
    } catch (error) {
      setState({ busy: false, error });
    }
  };
  return (
    <>
      <button type="button" className="btn btn-small" onClick={() => void run()} disabled={state.busy} data-testid={testId} title={`Save as ${filename}`}>
        {state.busy ? "Downloading…" : label}
      </button>
      {state.error != null && <ErrorBox error={state.error} title={`Cannot download ${filename}`} testId={`${testId}-error`} />}
    </>
  );
}

function GraphPanel({ model }: { model: Model }) {
  const precisions = (model.variants ?? []).map((v) => v.precision);
  const [chosen, setChosen] = useState<Precision | null>(null);
  const precision: Precision | null =
    chosen && precisions.includes(chosen) ? chosen : precisions.includes("FP32") ? "FP32" : (precisions[0] ?? null);
  const graph = useModelGraph(model.id, model.status === "ready" ? precision : null);
  const stem = safeFilename(`${model.name}-${precision ?? ""}`, "x").replace(/\.x$/, "");
  return (
    <Panel
      title="Graph"
      testId="graph-panel"
      actions={
        graph.data && precision ? (
          <div className="graph-actions">
            {precisions.length > 1 && (
              <select value={precision} onChange={(e) => setChosen(e.target.value as Precision)} aria-label="IR precision" data-testid="graph-precision">
                {precisions.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            )}
            <span className="muted small">for Netron:</span>
            <IrDownload url={graph.data.xml_url} filename={`${stem}.xml`} label="model.xml" testId="download-xml" />
            <IrDownload url={graph.data.bin_url} filename={`${stem}.bin`} label="model.bin" testId="download-bin" />
          </div>
        ) : null
      }
    >
      {model.status !== "ready" ? (
        <Empty>{isModelBusy(model) ? "Available once the model is converted." : "The model has no IR."}</Empty>
      ) : graph.isLoading ? (
        <Loading label="Loading the graph…" />
      ) : graph.error ? (
        <ErrorBox error={graph.error} title="Cannot load the graph" testId="graph-error" />
      ) : graph.data ? (
        <Suspense fallback={<Loading label="Laying out the graph…" />}>
          <ModelGraphView key={`${model.id}-${graph.data.precision}`} graph={graph.data} />
        </Suspense>
      ) : null}
    </Panel>
  );
}

export function ModelDetailPage() {
  const { modelId = "" } = useParams();
  const qc = useQueryClient();
  const model = useModel(modelId);
  const rename = useUpdateModel(modelId);
  const [nameDraft, setNameDraft] = useState<string | null>(null);
  const [params, setParams] = useSearchParams();
  const tabParam = params.get("tab");
  const tab: Tab = isTab(tabParam) ? tabParam : "overview";
  const setTab = (t: Tab) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (t === "overview") next.delete("tab");
        else next.set("tab", t);
        return next;
      },
      { replace: true },
    );

  if (model.isLoading) return <Loading />;
  if (model.error || !model.data) return <ErrorBox error={model.error ?? "not found"} title="Cannot load the model" />;
  const m = model.data;
  const ready = m.status === "ready";
  const cancelRename = () => {
    rename.reset();
    setNameDraft(null);
  };
  const saveName = () => {
    const name = (nameDraft ?? "").trim();
    if (!name || name === m.name) {
      cancelRename();
      return;
    }
    rename.mutate({ name }, { onSuccess: () => setNameDraft(null) });
  };

  return (
    <>
      <PageHeader
        crumbs={[{ label: "Models", to: "/models" }, { label: m.name }]}
        title={
          nameDraft === null ? (
            <>
              <span data-testid="model-name">{m.name}</span> <StatusChip status={m.status} testId="model-status" />{" "}
              {m.origin && m.origin !== "upload" && <OriginBadge origin={m.origin} testId="model-origin" />}
              <button
                type="button"
                className="btn btn-small btn-ghost"
                data-testid="model-name-edit"
                onClick={() => {
                  rename.reset();
                  setNameDraft(m.name);
                }}
              >
                Rename
              </button>
            </>
          ) : (
            <span className="rename">
              <input
                type="text"
                className="rename-input"
                value={nameDraft}
                aria-label="Model name"
                data-testid="model-name-input"
                autoFocus
                maxLength={200}
                disabled={rename.isPending}
                onChange={(e) => setNameDraft(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === "Enter") saveName();
                  if (e.key === "Escape") cancelRename();
                }}
              />
              <button type="button" className="btn btn-small btn-primary" data-testid="model-name-save" disabled={rename.isPending} onClick={saveName}>
                {rename.isPending ? "Saving…" : "Save"}
              </button>
              <button type="button" className="btn btn-small" onClick={cancelRename} disabled={rename.isPending}>
                Cancel
              </button>
            </span>
          )
        }
        subtitle={`${m.framework} · ${m.omz_name ? `Open Model Zoo ${m.omz_name}` : m.source_filename}`}
        actions={
          ready ? (
            <Link className="btn btn-primary" to={`/projects?new=1&model=${encodeURIComponent(m.id)}`} data-testid="create-project">
              Create project
            </Link>
          ) : (
            <button type="button" className="btn btn-primary" disabled title="available once the model is converted">
              Create project
            </button>
          )
        }
      />
      {rename.error && nameDraft !== null && <ErrorBox error={rename.error} title="Cannot rename the model" testId="model-name-error" />}
      {isModelBusy(m) && m.conversion_job_id && (
        <Panel title={m.status === "downloading" ? "Download and conversion" : "Conversion"}>
          <JobProgress
            key={m.conversion_job_id}
            jobId={m.conversion_job_id}
            testId="conversion-progress"
            onFinished={() => {
              void qc.invalidateQueries({ queryKey: keys.model(m.id) });
              void qc.invalidateQueries({ queryKey: keys.models });
            }}
          />
        </Panel>
      )}
      {m.status === "failed" && m.conversion_job_id && (
        <Panel title="Conversion">
          <JobProgress key={m.conversion_job_id} jobId={m.conversion_job_id} testId="conversion-progress" />
        </Panel>
      )}
      <LineagePanel modelId={m.id} />
      <div className="tabs" role="tablist" aria-label="Model sections">
        {TABS.map((t) => (
          <button
            key={t.key}
            type="button"
            role="tab"
            aria-selected={tab === t.key}
            className={`tab${tab === t.key ? " on" : ""}`}
            onClick={() => setTab(t.key)}
            data-testid={`tab-${t.key}`}
          >
            {t.label}
          </button>
        ))}
      </div>
      {tab === "graph" && <GraphPanel model={m} />}
      {tab === "convert" && (
        <>
          {/* a new key when the model changes (another model, a conversion done): the forms start from its inputs */}
          <DeriveForm key={`derive-${m.id}-${m.status}-${m.conversion_job_id ?? ""}`} model={m} />
          <ReconvertForm key={`reconvert-${m.id}-${m.status}-${m.conversion_job_id ?? ""}`} model={m} />
        </>
      )}
      {tab === "overview" && <Overview model={m} />}
    </>
  );
}

function Overview({ model: m }: { model: Model }) {
  const settings = conversionSummary(m.conversion_settings);
  return (
    <>
      <Panel title="Source">
        <Facts
          items={[
            ["Id", <code key="id">{m.id}</code>],
            ["Framework", <span key="fw" data-testid="model-framework">{m.framework}</span>],
            ["File", m.source_filename],
            ["Size", formatBytes(m.source_size)],
            ["SHA-256", <code key="sha" title={m.source_sha256}>{shortSha(m.source_sha256, 16)}</code>],
            ["Created", formatDateTime(m.created_at)],
            [
              "Conversion",
              <span key="conv" data-testid="conversion-settings-summary">
                {settings.length > 0 ? settings.map((t) => <span key={t} className="tag">{t}</span>) : <span className="muted">default settings</span>}
              </span>,
            ],
          ]}
        />
        <TaskField model={m} />
      </Panel>
      <Panel title="Test on one image" testId="predict-panel">
        {m.status === "ready" ? (
          <Suspense fallback={<Loading />}>
            <SingleImageTest model={m} />
          </Suspense>
        ) : (
          <Empty>{isModelBusy(m) ? "Available once the model is converted." : "The model has no IR to run."}</Empty>
        )}
      </Panel>
      <Panel title="Compare outputs with another model" testId="distance-panel">
        {m.status === "ready" ? (
          <Suspense fallback={<Loading />}>
            <OutputDistancePanel model={m} />
          </Suspense>
        ) : (
          <Empty>Available once the model is converted.</Empty>
        )}
      </Panel>
      <AnalysisPanel model={m} />
      <div className="grid-2">
        <Panel title={`Inputs (${m.inputs?.length ?? 0})`}>
          <TensorTable tensors={m.inputs ?? []} testId="inputs-table" />
        </Panel>
        <Panel title={`Outputs (${m.outputs?.length ?? 0})`}>
          <TensorTable tensors={m.outputs ?? []} testId="outputs-table" />
        </Panel>
      </div>
      <Panel title="IR variants">
        {!m.variants?.length ? (
          <Empty>{isModelBusy(m) ? "Converting…" : "No IR variants."}</Empty>
        ) : (
          <table className="table" data-testid="variants-table">
            <thead>
              <tr>
                <th>Precision</th>
                <th className="num">Size</th>
                <th>XML SHA-256</th>
                <th>BIN SHA-256</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {m.variants.map((v) => (
                <tr key={v.precision} data-testid="variant-row" data-precision={v.precision}>
                  <td>
                    <span className="tag">{v.precision}</span>
                  </td>
                  <td className="num">{formatBytes(v.size_bytes)}</td>
                  <td className="mono" title={v.xml_sha256}>
                    {shortSha(v.xml_sha256)}
                  </td>
                  <td className="mono" title={v.bin_sha256}>
                    {shortSha(v.bin_sha256)}
                  </td>
                  <td className="right">
                    <Link
                      className="btn btn-small"
                      to={`/projects?new=1&model=${encodeURIComponent(m.id)}&precision=${v.precision}`}
                    >
                      Benchmark {v.precision}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </>
  );
}
