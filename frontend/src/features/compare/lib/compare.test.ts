import { describe, expect, it } from "vitest";
import type { Benchmark, LayerDelta, LayerProfilePublic, Project } from "../../../api/types";
import {
  compareSelection,
  compareUrl,
  DEFAULT_DELTA_SORT,
  deltaFraction,
  deltaTone,
  deltaTypes,
  divergingBars,
  EMPTY_DELTA_FILTER,
  filterDeltas,
  formatRatio,
  nextDeltaSort,
  parseThreshold,
  precisionChange,
  ratioOf,
  ratioTone,
  runCandidates,
  runKind,
  runPath,
  sortDeltas,
  toggleSelected,
  type SelectedRun,
} from "./compare";

const delta = (p: Partial<LayerDelta> & { key: string; delta_ms: number }): LayerDelta => ({
  type: "Convolution",
  a_ms: 1,
  b_ms: 1 + p.delta_ms,
  a_precision: "BF16",
  b_precision: "BF16",
  ...p,
});

const rows: LayerDelta[] = [
  delta({ key: "conv1", delta_ms: -0.3, a_ms: 0.78, b_ms: 0.48 }),
  delta({ key: "conv2", delta_ms: 0.12, a_ms: 0.2, b_ms: 0.32, b_precision: "FP16" }),
  delta({ key: "pool1", type: "MaxPool", delta_ms: -0.004 }),
  delta({ key: "reorder_new", type: "Reorder", delta_ms: 0.05, a_ms: null, b_ms: 0.05, a_precision: null, b_precision: "F32" }),
  delta({ key: "softmax", type: "Softmax", delta_ms: 0 }),
];

describe("runs and urls", () => {
  it("knows a run's kind and page from its id", () => {
    expect(runKind("benchmark_285d05434279c20f")).toBe("benchmark");
    expect(runKind("profile_3961a659b5565ea4")).toBe("profile");
    expect(runKind("sweep_66c49d3c6c75d424")).toBeNull();
    expect(runPath("profile_1")).toBe("/layer-profiles/profile_1");
    expect(runPath("benchmark_1")).toBe("/benchmarks/benchmark_1");
    expect(compareUrl("benchmark_a", "benchmark_b")).toBe("/compare?a=benchmark_a&b=benchmark_b");
  });
});

describe("compareSelection", () => {
  const bench = (id: string, createdAt: string): SelectedRun => ({ id, kind: "benchmark", createdAt });
  const older = bench("benchmark_old", "2026-11-28T10:00:00Z");
  const newer = bench("benchmark_new", "2026-11-28T11:00:00Z");
  const profile: SelectedRun = { id: "profile_x", kind: "profile", createdAt: "2026-11-28T12:00:00Z" };

  it("needs exactly two runs of one kind; the older is A", () => {
    expect(compareSelection([]).canCompare).toBe(false);
    expect(compareSelection([newer]).hint).toBe("tick one more benchmark");
    expect(compareSelection([newer, older])).toMatchObject({ canCompare: true, a: "benchmark_old", b: "benchmark_new" });
    expect(compareSelection([older, newer])).toMatchObject({ a: "benchmark_old", b: "benchmark_new" });
    expect(compareSelection([older, profile])).toMatchObject({ canCompare: false, hint: "a benchmark and a layer profile cannot be compared" });
    expect(compareSelection([older, newer, bench("benchmark_3", "2026-11-28T09:00:00Z")]).canCompare).toBe(false);
  });

  it("ticks and unticks", () => {
    expect(toggleSelected([older], newer)).toEqual([older, newer]);
    expect(toggleSelected([older, newer], older)).toEqual([newer]);
  });
});

describe("ratios", () => {
  it("formats and judges B / A", () => {
    expect(formatRatio(1.1097)).toBe("1.11×");
    expect(formatRatio(0.0456)).toBe("0.046×");
    expect(formatRatio(null)).toBe("—");
    expect(ratioTone(1.11, true)).toBe("ok");
    expect(ratioTone(1.11, false)).toBe("bad");
    expect(ratioTone(0.8, false)).toBe("ok");
    expect(ratioTone(1.01, true)).toBe("muted");
    expect(ratioOf(3.78, 2.4334)).toBeCloseTo(0.6438, 3);
    expect(ratioOf(0, 1)).toBeNull();
    expect(ratioOf(null, 1)).toBeNull();
  });
});

describe("layer deltas", () => {
  it("describes one row", () => {
    expect(deltaTone(-0.3)).toBe("faster");
    expect(deltaTone(0.1)).toBe("slower");
    expect(deltaTone(1e-9)).toBe("same");
    expect(deltaFraction(rows[0])).toBeCloseTo(-0.3 / 0.78);
    expect(deltaFraction(rows[3])).toBeNull();
    expect(precisionChange(rows[0])).toBe("BF16");
    expect(precisionChange(rows[1])).toBe("BF16 → FP16");
    expect(precisionChange(rows[3])).toBe("— → F32");
  });

  it("hides changes under the threshold", () => {
    const keys = (f: Partial<typeof EMPTY_DELTA_FILTER>) => filterDeltas(rows, { ...EMPTY_DELTA_FILTER, ...f }).map((r) => r.key);
    expect(keys({})).toHaveLength(rows.length);
    expect(keys({ threshold: "0.05" })).toEqual(["conv1", "conv2", "reorder_new"]);
    expect(keys({ threshold: "0.1" })).toEqual(["conv1", "conv2"]);
    expect(keys({ threshold: "-1" })).toHaveLength(rows.length); // invalid: no filtering
    expect(keys({ type: "Convolution", threshold: "0.2" })).toEqual(["conv1"]);
    expect(keys({ text: "POOL" })).toEqual(["pool1"]);
    expect(keys({ text: "reorder" })).toEqual(["reorder_new"]);
    expect(keys({ precisionChanged: true })).toEqual(["conv2", "reorder_new"]);
  });

  it("parses the threshold", () => {
    expect(parseThreshold("")).toEqual({ value: 0 });
    expect(parseThreshold("0.25")).toEqual({ value: 0.25 });
    expect(parseThreshold("x").error).toBeDefined();
  });

  it("sorts by |Δ| by default, and by any column", () => {
    expect(sortDeltas(rows, DEFAULT_DELTA_SORT).map((r) => r.key)).toEqual(["conv1", "conv2", "reorder_new", "pool1", "softmax"]);
    expect(sortDeltas(rows, { key: "delta_ms", dir: "asc" }).map((r) => r.key)).toEqual(["conv1", "pool1", "softmax", "reorder_new", "conv2"]);
    // a layer only B has goes last, whichever the direction
    expect(sortDeltas(rows, { key: "a_ms", dir: "asc" }).at(-1)?.key).toBe("reorder_new");
    expect(sortDeltas(rows, { key: "a_ms", dir: "desc" }).at(-1)?.key).toBe("reorder_new");
    expect(sortDeltas(rows, { key: "delta_pct", dir: "asc" })[0].key).toBe("conv1");
    expect(nextDeltaSort(DEFAULT_DELTA_SORT, "abs_delta")).toEqual({ key: "abs_delta", dir: "asc" });
    expect(nextDeltaSort(DEFAULT_DELTA_SORT, "key")).toEqual({ key: "key", dir: "asc" });
    expect(nextDeltaSort(DEFAULT_DELTA_SORT, "b_ms")).toEqual({ key: "b_ms", dir: "desc" });
  });

  it("builds the diverging bars, largest change first, coloured by direction", () => {
    const byType = [
      delta({ key: "MaxPool", type: "MaxPool", delta_ms: -0.04 }),
      delta({ key: "Convolution", delta_ms: -1.3 }),
      delta({ key: "Reorder", type: "Reorder", delta_ms: 0.003 }),
    ];
    expect(divergingBars(byType)).toEqual([
      { key: "Convolution", value: -1.3, tone: "faster" },
      { key: "MaxPool", value: -0.04, tone: "faster" },
      { key: "Reorder", value: 0.003, tone: "slower" },
    ]);
    expect(divergingBars(byType, 1)).toHaveLength(1);
  });

  it("lists the layer types", () => {
    expect(deltaTypes(rows)[0]).toEqual({ value: "Convolution", count: 2 });
  });
});

describe("runCandidates", () => {
  const project = (id: string, precision: "FP32" | "FP16"): Project =>
    ({ id, name: `p ${precision}`, precision, device: "CPU", target_id: "local" }) as Project;
  const job = (created_at: string) => ({ created_at }) as Benchmark["job"];
  const bench = (id: string, created: string, fps: number | null) =>
    ({
      id,
      settings: { device: "CPU" },
      job: job(created),
      result: fps == null ? null : { throughput_fps: fps, latency: { median: 4 } },
    }) as unknown as Benchmark;
  const prof = (id: string, created: string, ms: number) =>
    ({ id, settings: { device: "CPU" }, job: job(created), profile: { total_real_time_ms: ms } }) as unknown as LayerProfilePublic;

  it("lists finished runs of every project, newest first", () => {
    const projects = [project("p1", "FP32"), project("p2", "FP16")];
    const runs = [
      [bench("benchmark_a", "2026-11-28T10:00:00Z", 400), bench("benchmark_unfinished", "2026-11-28T12:00:00Z", null)],
      [bench("benchmark_b", "2026-11-28T11:00:00Z", 460)],
    ];
    const list = runCandidates("benchmark", projects, runs);
    expect(list.map((c) => c.id)).toEqual(["benchmark_b", "benchmark_a"]);
    expect(list[0]).toMatchObject({ projectName: "p FP16", precision: "FP16", figure: 460, latencyMs: 4, targetId: "local" });
    expect(runCandidates("benchmark", projects, [undefined, undefined])).toEqual([]);
    const profiles = runCandidates("profile", projects, [[prof("profile_a", "2026-11-28T10:00:00Z", 3.78)], undefined]);
    expect(profiles).toEqual([expect.objectContaining({ id: "profile_a", kind: "profile", figure: 3.78, latencyMs: null })]);
  });
});
