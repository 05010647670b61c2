/** The model page's overview tab: facts, inputs and outputs, task, analysis. */
import { lazy, Suspense, useMemo } from "react";
import { Link } from "react-router";
import { isModelBusy, useUpdateModel } from "../api/models";
import type { Model, TensorInfo } from "../../../api/types";
import { Empty, ErrorBox, Facts, Loading, Panel } from "../../../shared/ui/ui";
import { analysisSummary, isModelTask, opsRows, TASKS, taskLabel, weightsRows } from "../lib/analysis";
import { conversionSummary } from "../lib/conversion";
import { formatBytes, formatDateTime, formatPercent, formatShape, shortSha } from "../../../shared/lib/format";

const OutputDistancePanel = lazy(() => import("./OutputDistancePanel").then((m) => ({ default: m.OutputDistancePanel })));
const SingleImageTest = lazy(() => import("./SingleImageTest").then((m) => ({ default: m.SingleImageTest })));

export const OpsChart = lazy(() => import("../components/AnalysisCharts").then((m) => ({ default: m.OpsChart })));
export function TensorTable({ tensors, testId }: { tensors: TensorInfo[]; testId: string }) {
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
export function TaskField({ model }: { model: Model }) {
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
export function AnalysisPanel({ model }: { model: Model }) {
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

export function Overview({ model: m }: { model: Model }) {
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
