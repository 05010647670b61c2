/** The calibration report's panels: key figures, steps, links, precisions, float layers, log, settings. */
import { Link } from "react-router";
import type { Calibration, Job } from "../../../api/types";
import { calibrationLinks, type KeyFigure } from "../lib/calibration";
import { calibrationSteps } from "../lib/steps";

export function Figures({ figures }: { figures: KeyFigure[] }) {
  return (
    <div className="stats stats-calibration" data-testid="calibration-figures">
      {figures.map((f, i) => (
        <div
          key={f.key}
          className={`figure${i === 0 ? " figure-primary" : ""} figure-tone-${f.tone}`}
          data-testid={`calibration-figure-${f.key}`}
          data-value={f.raw ?? undefined}
          title={f.title}
        >
          <div className="figure-label">{f.label}</div>
          <div className="figure-value">
            <span data-testid={`calibration-figure-${f.key}-value`}>{f.value}</span>
          </div>
        </div>
      ))}
    </div>
  );
}

export function Steps({ job, compare }: { job: Job; compare: boolean }) {
  const steps = calibrationSteps(job, compare);
  return (
    <ol className="calib-steps" data-testid="calibration-steps">
      {steps.map((s) => (
        <li key={s.key} className={`calib-step calib-step-${s.state}`} data-testid="calibration-step" data-step={s.key} data-state={s.state}>
          <span className="calib-step-mark" aria-hidden>
            {s.state === "done" ? "✓" : s.state === "failed" ? "✕" : s.state === "current" ? "●" : "○"}
          </span>
          {s.label}
        </li>
      ))}
    </ol>
  );
}

export function Links({ c, pending }: { c: Calibration; pending: boolean }) {
  const links = calibrationLinks(c);
  const missing = c.settings.compare === false ? "started without the comparison" : "not measured yet";
  if (!pending && !links.childModel) {
    // stopped before the child was made: only the way back
    return links.parentModel ? (
      <div className="calib-links" data-testid="calibration-links">
        <Link className="btn btn-ghost" to={links.parentModel} data-testid="calibration-parent-model">
          Parent model
        </Link>
      </div>
    ) : null;
  }
  return (
    <div className="calib-links" data-testid="calibration-links">
      {links.childModel ? (
        <Link className="btn btn-primary" to={links.childModel} data-testid="calibration-child-model">
          INT8 model
        </Link>
      ) : (
        <span className="btn" aria-disabled title="not registered yet">
          INT8 model
        </span>
      )}
      {links.childProject ? (
        <Link className="btn" to={links.childProject} data-testid="calibration-child-project">
          INT8 project
        </Link>
      ) : (
        <span className="btn" aria-disabled title="not created yet">
          INT8 project
        </span>
      )}
      {links.compareBenchmarks ? (
        <Link className="btn" to={links.compareBenchmarks} data-testid="calibration-compare-benchmarks" title="parent (A) against INT8 child (B)">
          Compare the benchmarks
        </Link>
      ) : (
        <span className="btn" aria-disabled title={missing}>
          Compare the benchmarks
        </span>
      )}
      {links.compareProfiles ? (
        <Link className="btn" to={links.compareProfiles} data-testid="calibration-compare-profiles" title="per-layer times: parent (A) against INT8 child (B)">
          Compare the layer profiles
        </Link>
      ) : (
        <span className="btn" aria-disabled title={missing}>
          Compare the layer profiles
        </span>
      )}
      {links.parentModel && (
        <Link className="btn btn-ghost" to={links.parentModel} data-testid="calibration-parent-model">
          Parent model
        </Link>
      )}
    </div>
  );
}
