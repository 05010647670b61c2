/** How often another run on the same dataset predicts what this one predicts. */
import { useMemo, useState } from "react";
import { Link } from "react-router";
import { useProjects } from "../../projects/api/projects";
import { useAccuraciesOf, useAgreement } from "../api/accuracy";
import type { AccuracyRun, Project } from "../../../api/types";
import { ErrorBox, Loading, Panel, Stat } from "../../../shared/ui/ui";
import {  formatMetric, formatMetricDelta, metricLabel } from "../lib/accuracy";
import { formatAgo } from "../../../shared/lib/format";
import { projectWeights } from "../../../shared/lib/precision";

export function AgreementPanel({ run, project, onDisagreements }: { run: AccuracyRun; project: Project; onDisagreements: (indices: number[]) => void }) {
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
    return `${p?.name || o.project_id} (${p ? projectWeights(p) : "?"}) · ${formatAgo(o.job.created_at)}${top ? ` · ${top.name} ${formatMetric(top)}` : ""}`;
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
