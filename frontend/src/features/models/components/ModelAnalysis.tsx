/** The model's inputs and outputs, task and analysis (operations, weights). */
import { lazy, Suspense, useMemo } from "react";
import { useUpdateModel } from "../api/models";
import type { Model, TensorInfo } from "../../../api/types";
import { Empty, ErrorBox, Panel } from "../../../shared/ui/ui";
import { analysisSummary, isModelTask, opsRows, TASKS, taskLabel, weightsRows } from "../lib/analysis";
import { formatBytes, formatPercent, formatShape } from "../../../shared/lib/format";

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
