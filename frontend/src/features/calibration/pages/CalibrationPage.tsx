/**
 * One INT8 calibration: the verdict first, the key figures (child / parent), where to go next (the child
 * model and project, the Compare page for the two benchmarks and the two layer profiles), the layers by
 * runtime precision (chart and table), the layers left in floating point, the advice, the settings and
 * the log. Live (steps, progress, cancel) while it runs; the error first when it failed.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { Link, useParams } from "react-router";
import { ApiError } from "../../../shared/api/errors";
import { keys } from "../../../shared/api/keys";
import { useModel } from "../../models/api/models";
import { useProject } from "../../projects/api/projects";
import { useCalibration } from "../api/calibrations";
import type { Calibration, Job } from "../../../api/types";
import { JobProgressView, useJobEvents } from "../../../shared/jobs/JobProgress";
import { Empty, ErrorBox, Loading, PageHeader, Panel, StatusChip } from "../../../shared/ui/ui";
import { calibrationHeadline, describeCalibration, keyFigures } from "../lib/calibration";
import { calibrationSteps } from "../lib/steps";
import { formatDateTime, isJobFinished } from "../../../shared/lib/format";
import { Figures, Links, Steps } from "../components/CalibrationReport";
import { FloatPanel, LogPanel, PrecisionPanel, SettingsPanel } from "../components/CalibrationDetails";
import { AccuracyComparisonPanel, UsedSettingsPanel } from "../components/AccuracySettings";
import "../calibration.css";

function CalibrationView({ initial }: { initial: Calibration }) {
  const qc = useQueryClient();
  const query = useCalibration(initial.id);
  const c = query.data ?? initial;
  const project = useProject(c.project_id);
  const parent = useModel(c.parent_model_id ?? "");
  const events = useJobEvents(c.job.id, c.job, () => {
    void qc.invalidateQueries({ queryKey: keys.calibration(c.id) });
    void qc.invalidateQueries({ queryKey: keys.calibrations(c.project_id) });
    void qc.invalidateQueries({ queryKey: keys.models });
  });
  // the stored job once finished; the live one while it runs
  const job: Job = isJobFinished(c.job) ? c.job : (events.job ?? c.job);
  const finished = isJobFinished(job);
  // each new step may have stored something (the child model, its project): refetch then, not only on a timer
  const step = calibrationSteps(job, c.settings.compare !== false).find((s) => s.state === "current")?.key;
  useEffect(() => {
    if (step) void qc.invalidateQueries({ queryKey: keys.calibration(c.id), exact: true });
  }, [step, c.id, qc]);
  const headline = calibrationHeadline(c, job);
  const compare = c.settings.compare !== false;
  const figures = keyFigures(c);
  const p = project.data;

  return (
    <>
      <PageHeader
        crumbs={[
          { label: "Projects", to: "/projects" },
          { label: p?.name || c.project_id, to: `/projects/${c.project_id}` },
          { label: "INT8 calibration" },
        ]}
        title={
          <>
            {c.name || "INT8 calibration"} <StatusChip status={job.status} testId="calibration-status" />
          </>
        }
        subtitle={
          <span data-testid="calibration-context">
            {parent.data?.name ?? c.parent_model_id ?? ""} · {describeCalibration(c.settings)} · started {formatDateTime(c.created_at)}
          </span>
        }
        actions={
          <Link className="btn" to={`/projects/${c.project_id}`}>
            Back to project
          </Link>
        }
      />
      <div
        className={`verdict${headline.tone === "bad" ? " verdict-bad" : headline.tone === "warn" ? " verdict-warn" : ""}`}
        data-testid="calibration-verdict"
        data-status={job.status}
      >
        {headline.text}
      </div>
      {job.status === "failed" && (
        <ErrorBox
          error={new ApiError(0, job.error?.code ?? "calibration.failed", job.error?.message ?? "The job failed without an error message.")}
          title="The calibration failed"
          testId="calibration-job-error"
        />
      )}
      {job.status === "cancelled" && (
        <div className="notice" data-testid="calibration-cancelled">
          Cancelled{job.finished_at ? ` ${formatDateTime(job.finished_at)}` : ""}.{" "}
          {c.child_model_id
            ? "The INT8 model and project made before it stopped are kept; the comparison and the report are not."
            : "No INT8 model was made."}
        </div>
      )}
      {!finished && (
        <Panel title="Running" testId="calibration-running">
          <div className="calib-live">
            <JobProgressView jobId={c.job.id} events={events} testId="calibration-progress" label="calibration" cancellable />
            <Steps job={job} compare={compare} />
          </div>
        </Panel>
      )}
      {finished && job.status !== "succeeded" && (
        <Panel title="Where it stopped">
          <Steps job={job} compare={compare} />
        </Panel>
      )}
      {(c.report || c.stats) && <Figures figures={figures} />}
      <Links c={c} pending={!finished} />
      {c.report && (
        <div className="grid-2">
          <AccuracyComparisonPanel c={c} />
          <UsedSettingsPanel c={c} />
        </div>
      )}
      {(c.report || job.status === "succeeded") && (
        <div className="grid-3">
          <PrecisionPanel c={c} />
          <FloatPanel c={c} />
        </div>
      )}
      {c.report && (
        <Panel title="Advice" testId="calibration-advice">
          {(c.report.advice ?? []).length === 0 ? (
            <Empty>Nothing to change: the calibration went as expected.</Empty>
          ) : (
            <ul className="advice-list">
              {(c.report.advice ?? []).map((a) => (
                <li key={a} data-testid="calibration-advice-item">
                  {a}
                </li>
              ))}
            </ul>
          )}
        </Panel>
      )}
      <SettingsPanel c={c} />
      <LogPanel c={c} running={!finished} />
    </>
  );
}

export function CalibrationPage() {
  const { calibrationId = "" } = useParams();
  const query = useCalibration(calibrationId);
  if (query.isLoading) return <Loading />;
  if (query.error || !query.data) return <ErrorBox error={query.error ?? "not found"} title="Cannot load the calibration" />;
  // keyed: another calibration follows its own job
  return <CalibrationView key={query.data.id} initial={query.data} />;
}
