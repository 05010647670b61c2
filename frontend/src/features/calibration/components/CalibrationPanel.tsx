/**
 * The project page's "Optimize to INT8" section: one primary button with the defaults (default NNCF
 * quantization, preset performance, parent and child compared), an "Advanced" disclosure with every
 * setting of the API, the calibrations started here followed live (cancellable), and the project's past
 * calibrations. Loaded lazily with the project page.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { keys } from "../../../shared/api/keys";
import { useCalibrations } from "../api/calibrations";
import { type Calibration, type Project } from "../../../api/types";
import { describeCalibration } from "../lib/calibration";
import { isJobFinished } from "../../../shared/lib/format";
import { JobProgressView, useJobEvents } from "../../../shared/jobs/JobProgress";
import { ErrorBox, Loading } from "../../../shared/ui/ui";
import { CalibrationHistory } from "./CalibrationHistory";
import { CalibrationFormView } from "./CalibrationForm";
import "../calibration.css";

function LiveCalibration({ initial, projectId }: { initial: Calibration; projectId: string }) {
  const qc = useQueryClient();
  const [final, setFinal] = useState(isJobFinished(initial.job) ? initial.job : null);
  const events = useJobEvents(initial.job.id, initial.job, (job) => {
    setFinal(job);
    void qc.invalidateQueries({ queryKey: keys.calibrations(projectId) });
    void qc.invalidateQueries({ queryKey: keys.calibration(initial.id) });
    void qc.invalidateQueries({ queryKey: keys.models });
    void qc.invalidateQueries({ queryKey: keys.projects, exact: true });
    void qc.invalidateQueries({ queryKey: keys.targets });
  });
  return (
    <div className="live-benchmark" data-testid="live-calibration" data-calibration-id={initial.id}>
      <JobProgressView
        jobId={initial.job.id}
        events={events}
        label={describeCalibration(initial.settings)}
        testId="calibration-progress"
        cancellable
      />
      <div className="live-done">
        {final?.status === "succeeded" ? <span>Calibrated. </span> : null}
        <Link
          className={`btn btn-small${final?.status === "succeeded" ? " btn-primary" : ""}`}
          to={`/calibrations/${initial.id}`}
          data-testid="open-calibration"
        >
          {final ? (final.status === "succeeded" ? "Open the report" : "Details") : "Watch on its page"}
        </Link>
      </div>
    </div>
  );
}

export function CalibrationPanel({ project }: { project: Project }) {
  const calibrations = useCalibrations(project.id);
  const [started, setStarted] = useState<Calibration[]>([]);
  const startedIds = new Set(started.map((c) => c.id));
  const running = (calibrations.data?.data ?? []).filter((c) => !isJobFinished(c.job) && !startedIds.has(c.id));
  const live = [...started, ...running].slice(0, 2); // each one holds an HTTP connection open
  return (
    <>
      <CalibrationFormView project={project} onStarted={(c) => setStarted((list) => [c, ...list.filter((x) => x.id !== c.id)])} />
      {live.length > 0 && (
        <div className="live-profiles">
          {live.map((c) => (
            <LiveCalibration key={c.id} initial={c} projectId={project.id} />
          ))}
        </div>
      )}
      <div className="subsection">
        <div className="subsection-title">Calibrations</div>
        {calibrations.isLoading ? (
          <Loading />
        ) : calibrations.error ? (
          <ErrorBox error={calibrations.error} title="Cannot list calibrations" />
        ) : (
          <CalibrationHistory rows={calibrations.data?.data ?? []} />
        )}
      </div>
    </>
  );
}
