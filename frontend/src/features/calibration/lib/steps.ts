/** The INT8 job's steps, from its stage and progress. Pure; tested in calibration.test.ts. */
import type { Job } from "../../../api/types";

// ---------- the job's steps ----------

interface StepDef {
  key: string;
  label: string;
  /** the job's stage starts with one of these while the step runs */
  prefixes: readonly string[];
  /** the job's progress when the step starts */
  from: number;
  /** only with the comparison */
  compare?: boolean;
}

export const CALIBRATION_STEPS: readonly StepDef[] = [
  { key: "resolve", label: "Resolve the project and its dataset", prefixes: ["starting", "resolving the project"], from: 0 },
  { key: "fetch", label: "Fetch the parent's FP32 IR", prefixes: ["fetching the parent"], from: 0.05 },
  {
    key: "nncf",
    label: "NNCF: statistics and quantization",
    prefixes: ["collecting statistics", "compressing weights", "quantizing", "loading"],
    from: 0.1,
  },
  { key: "register", label: "Register the INT8 model", prefixes: ["registering"], from: 0.52 },
  { key: "convert", label: "Convert the child", prefixes: ["converting the child"], from: 0.55 },
  { key: "project", label: "Create the child project", prefixes: ["creating the child project"], from: 0.66 },
  { key: "bench-parent", label: "Benchmark the parent", prefixes: ["benchmarking the parent"], from: 0.7, compare: true },
  { key: "bench-child", label: "Benchmark the INT8 child", prefixes: ["benchmarking the int8 child", "benchmarking the child"], from: 0.78, compare: true },
  { key: "profile", label: "Profile the layers of both", prefixes: ["profiling"], from: 0.86, compare: true },
];

export type StepState = "done" | "current" | "todo" | "failed";

export interface Step {
  key: string;
  label: string;
  state: StepState;
}

/**
 * Where a calibration job is, as a list of steps: the current one found by its stage (or, for stages
 * NNCF reports in its own words, by the progress), those before it done.
 */
export function calibrationSteps(job: Pick<Job, "status" | "stage" | "progress">, compare = true): Step[] {
  const defs = CALIBRATION_STEPS.filter((s) => compare || !s.compare);
  if (job.status === "succeeded") return defs.map((d) => ({ key: d.key, label: d.label, state: "done" }));
  if (job.status === "queued") return defs.map((d) => ({ key: d.key, label: d.label, state: "todo" }));
  const stage = (job.stage ?? "").toLowerCase();
  let current = defs.findIndex((d) => d.prefixes.some((p) => stage.startsWith(p)));
  if (current < 0) {
    const progress = job.progress ?? 0;
    current = 0;
    defs.forEach((d, i) => {
      if (progress >= d.from) current = i;
    });
  }
  const stopped = job.status === "failed" || job.status === "cancelled";
  return defs.map((d, i) => ({
    key: d.key,
    label: d.label,
    state: i < current ? "done" : i === current ? (stopped ? "failed" : "current") : "todo",
  }));
}
