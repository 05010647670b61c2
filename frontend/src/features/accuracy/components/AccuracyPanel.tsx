/**
 * The project page's "Accuracy" section: the project's saved configuration as a form (Save; Export
 * downloads it as JSON, Import loads a JSON file into the form), "Measure accuracy" with the form's
 * configuration followed live (cancellable), and the project's accuracy runs. A project whose dataset
 * has no annotations (random inputs) is told why accuracy cannot be measured; the API's refusal is shown
 * as it comes. Loaded lazily with the project page.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { keys } from "../../../shared/api/keys";
import { useAccuracies } from "../api/accuracy";
import type { AccuracyRun, Project } from "../../../api/types";
import { configSummary } from "../lib/accuracy";
import { isJobFinished } from "../../../shared/lib/format";
import { JobProgressView, useJobEvents } from "../../../shared/jobs/JobProgress";
import { ErrorBox, Loading } from "../../../shared/ui/ui";
import "../../../shared/ui/images.css";
import { ConfigForm } from "./AccuracyConfigForm";
import { AccuracyRuns } from "./AccuracyRuns";

function LiveAccuracy({ initial, projectId }: { initial: AccuracyRun; projectId: string }) {
  const qc = useQueryClient();
  const [final, setFinal] = useState(isJobFinished(initial.job) ? initial.job : null);
  const events = useJobEvents(initial.job.id, initial.job, (job) => {
    setFinal(job);
    void qc.invalidateQueries({ queryKey: keys.accuracies(projectId) });
    void qc.invalidateQueries({ queryKey: keys.accuracy(initial.id) });
    void qc.invalidateQueries({ queryKey: keys.targets });
  });
  return (
    <div className="live-benchmark" data-testid="live-accuracy" data-accuracy-id={initial.id}>
      <JobProgressView jobId={initial.job.id} events={events} label={`accuracy · ${configSummary(initial.config).join(" · ")}`} testId="accuracy-progress" cancellable />
      <div className="live-done">
        {final?.status === "succeeded" ? <span>Measured. </span> : null}
        <Link
          className={`btn btn-small${final?.status === "succeeded" ? " btn-primary" : ""}`}
          to={`/accuracy/${initial.id}`}
          data-testid="open-accuracy"
        >
          {final ? (final.status === "succeeded" ? "Open the result" : "Details") : "Watch on its page"}
        </Link>
      </div>
    </div>
  );
}

export function AccuracyPanel({ project }: { project: Project }) {
  const runs = useAccuracies(project.id);
  const [started, setStarted] = useState<AccuracyRun[]>([]);
  const startedIds = new Set(started.map((r) => r.id));
  const running = (runs.data?.data ?? []).filter((r) => !isJobFinished(r.job) && !startedIds.has(r.id));
  const live = [...started, ...running].slice(0, 2); // each one holds an HTTP connection open
  return (
    <>
      <ConfigForm project={project} onStarted={(r) => setStarted((list) => [r, ...list.filter((x) => x.id !== r.id)])} />
      {live.length > 0 && (
        <div className="live-profiles">
          {live.map((r) => (
            <LiveAccuracy key={r.id} initial={r} projectId={project.id} />
          ))}
        </div>
      )}
      <div className="subsection">
        <div className="subsection-title">Accuracy runs</div>
        {runs.isLoading ? (
          <Loading />
        ) : runs.error ? (
          <ErrorBox error={runs.error} title="Cannot list accuracy runs" />
        ) : (
          <AccuracyRuns rows={runs.data?.data ?? []} />
        )}
      </div>
    </>
  );
}
