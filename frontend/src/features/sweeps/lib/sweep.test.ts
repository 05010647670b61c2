import { describe, expect, it } from "vitest";
import type { SweepPoint, TensorInfo } from "../../../api/types";
import { DEFAULT_SETTINGS } from "../../benchmarks/lib/settings";
import {
  axisValues,
  batchRows,
  buildSweepRequest,
  DEFAULT_POINT_SORT,
  DEFAULT_SWEEP,
  describeGrid,
  describePoint,
  estimateSeconds,
  formatEstimate,
  gridPoints,
  latencyAxisMax,
  nextPointSort,
  niceCeil,
  parseIntList,
  parseLatencyLimit,
  pointsDoneFromStage,
  shortPoint,
  sortPoints,
  sweepCsv,
  sweepHeatmap,
  sweepSeries,
  toggleValue,
  upTo,
  withinLimit,
  type SweepForm,
} from "./sweep";

const sweep = (patch: Partial<SweepForm> = {}): SweepForm => ({ ...DEFAULT_SWEEP, ...patch });

const point = (p: Partial<SweepPoint> & { index: number }): SweepPoint => ({
  batch: 1,
  nstreams: 1,
  nireq: null,
  status: "done",
  throughput_fps: 100,
  latency_median_ms: 5,
  latency_p90_ms: 6,
  error: null,
  ...p,
});

// a 2 × 2 grid as the server returns it: batch outer, streams inner
const grid: SweepPoint[] = [
  point({ index: 0, batch: 1, nstreams: 1, throughput_fps: 250, latency_median_ms: 3 }),
  point({ index: 1, batch: 1, nstreams: 2, throughput_fps: 400, latency_median_ms: 4 }),
  point({ index: 2, batch: 2, nstreams: 1, throughput_fps: 420, latency_median_ms: 4.5 }),
  point({ index: 3, batch: 2, nstreams: 2, throughput_fps: 480, latency_median_ms: 8, latency_p90_ms: null }),
];

describe("picker state", () => {
  it("toggles a value into a sorted list and out again", () => {
    expect(toggleValue([1, 4], 2)).toEqual([1, 2, 4]);
    expect(toggleValue([1, 2, 4], 2)).toEqual([1, 4]);
  });

  it("selects the rectangle up to a clicked cell", () => {
    expect(upTo([1, 2, 4, 8, 16, 32], 4)).toEqual([1, 2, 4]);
    expect(upTo([1, 2, 3, 4, 5, 6, 7, 8], 2)).toEqual([1, 2]);
  });

  it("merges custom batches into the powers of two", () => {
    expect(batchRows([3, 64, 4])).toEqual([1, 2, 3, 4, 8, 16, 32, 64]);
  });

  it("parses lists of integers", () => {
    expect(parseIntList("4, 1 2,,2", 1, 256)).toEqual({ values: [1, 2, 4] });
    expect(parseIntList("", 1, 256)).toEqual({ values: [] });
    expect(parseIntList("1, 0", 1, 256).error).toMatch(/integers from 1 to 256/);
    expect(parseIntList("1.5", 1, 256).error).toBeDefined();
  });
});

describe("gridPoints", () => {
  it("runs batch, then streams, then requests, as the server does", () => {
    expect(gridPoints([1, 2], [1, 2], [4]).map((p) => [p.index, p.batch, p.nstreams, p.nireq])).toEqual([
      [0, 1, 1, 4],
      [1, 1, 2, 4],
      [2, 2, 1, 4],
      [3, 2, 2, 4],
    ]);
  });

  it("keeps the base setting for an empty axis", () => {
    expect(gridPoints([8], [])).toEqual([{ index: 0, batch: 8, nstreams: null, nireq: null }]);
    expect(gridPoints([1], [1, 2], [1, 2, 4])).toHaveLength(6);
  });
});

describe("estimate", () => {
  it("is points × (duration + 1.5 s)", () => {
    expect(estimateSeconds(4, 0.5)).toBe(8);
    expect(estimateSeconds(2, 3)).toBe(9);
    expect(estimateSeconds(0, 3)).toBe(0);
  });

  it("reads as seconds, minutes or hours", () => {
    expect(formatEstimate(8)).toBe("8 s");
    expect(formatEstimate(150)).toBe("2 min 30 s");
    expect(formatEstimate(120)).toBe("2 min");
    expect(formatEstimate(3900)).toBe("1 h 5 min");
    expect(formatEstimate(Number.NaN)).toBe("—");
  });
});

describe("buildSweepRequest", () => {
  it("builds the body of a 2 × 2 grid with its estimate", () => {
    const plan = buildSweepRequest(sweep({ batches: [1, 2], streams: [1, 2], duration: "0.5" }), DEFAULT_SETTINGS);
    expect(plan.errors).toEqual({});
    expect(plan.points).toHaveLength(4);
    expect(plan.estimate).toBe(8);
    expect(plan.body).toEqual({
      batches: [1, 2],
      streams: [1, 2],
      nireqs: [],
      duration_seconds: 0.5,
      latency_limit_ms: null,
      api: "async",
      device: null,
      infer_precision: null,
      shape: null,
    });
  });

  it("takes device and precision from the benchmark settings, requests and a limit from the picker", () => {
    const plan = buildSweepRequest(sweep({ nireqs: "2 4", latencyLimit: "12.5" }), {
      ...DEFAULT_SETTINGS,
      device: "GPU",
      inferPrecision: "f16",
    });
    expect(plan.points).toHaveLength(4);
    expect(plan.body).toMatchObject({ nireqs: [2, 4], latency_limit_ms: 12.5, device: "GPU", infer_precision: "f16" });
  });

  it("refuses an empty axis, a grid too large, a bad duration or limit", () => {
    expect(buildSweepRequest(sweep({ batches: [] }), DEFAULT_SETTINGS).errors.batches).toBeDefined();
    expect(buildSweepRequest(sweep({ streams: [] }), DEFAULT_SETTINGS).errors.streams).toBeDefined();
    const big = buildSweepRequest(sweep({ batches: [1, 2, 4, 8, 16, 32, 64, 128, 3], streams: [1, 2, 3, 4, 5, 6, 7, 8] }), DEFAULT_SETTINGS);
    expect(big.errors.points).toBe("72 points: at most 64");
    expect(big.body).toBeNull();
    expect(big.estimate).toBe(72 * 4.5);
    const bad = buildSweepRequest(sweep({ duration: "0", latencyLimit: "-1" }), DEFAULT_SETTINGS);
    expect(bad.errors.duration).toBeDefined();
    expect(bad.errors.latencyLimit).toBeDefined();
    expect(bad.estimate).toBeNull();
    expect(buildSweepRequest(sweep({ duration: "" }), DEFAULT_SETTINGS).errors.duration).toBe("seconds per point");
  });

  it("needs shapes for dynamic dimensions other than the batch", () => {
    const batchOnly: TensorInfo[] = [{ name: "x", shape: [-1, 3, 224, 224], element_type: "f32" } as TensorInfo];
    expect(buildSweepRequest(sweep(), DEFAULT_SETTINGS, batchOnly).errors).toEqual({});
    const spatial: TensorInfo[] = [{ name: "x", shape: [1, 3, "?", "?"], element_type: "f32" } as TensorInfo];
    expect(buildSweepRequest(sweep(), DEFAULT_SETTINGS, spatial).errors["shape:x"]).toBeDefined();
    const ok = buildSweepRequest(sweep(), { ...DEFAULT_SETTINGS, shapes: { x: "1, 3, 320, 320" } }, spatial);
    expect(ok.body?.shape).toEqual({ x: [1, 3, 320, 320] });
  });

  it("parses latency limits", () => {
    expect(parseLatencyLimit("")).toEqual({ value: null });
    expect(parseLatencyLimit(" 7.5 ")).toEqual({ value: 7.5 });
    expect(parseLatencyLimit("0").error).toBeDefined();
    expect(parseLatencyLimit("abc").error).toBeDefined();
  });
});

describe("pointsDoneFromStage", () => {
  it("counts the stored points from the job's stage", () => {
    expect(pointsDoneFromStage("point 3/4 done")).toBe(3);
    expect(pointsDoneFromStage("point 3/4: batch 2, nstreams 1 (measuring)")).toBe(2);
    expect(pointsDoneFromStage("point 1/4: batch 1, nstreams 1 (compiling)")).toBe(0);
    expect(pointsDoneFromStage("queued")).toBeNull();
    expect(pointsDoneFromStage(null)).toBeNull();
  });
});

describe("describing points", () => {
  it("says a point as the server's verdict does", () => {
    expect(describePoint({ batch: 2, nstreams: 4, nireq: 1 })).toBe("batch 2 × 4 streams × 1 request");
    expect(describePoint({ batch: null, nstreams: 1, nireq: null })).toBe("1 stream");
    expect(describePoint({ batch: null, nstreams: null, nireq: null })).toBe("base settings");
    expect(shortPoint({ batch: 2, nstreams: 4, nireq: null })).toBe("b2 · s4");
  });

  it("summarises the grid", () => {
    expect(describeGrid(gridPoints([1, 2, 4], [1, 2, 3, 4]))).toBe("batch 1, 2, 4 × streams 1–4");
    expect(describeGrid(gridPoints([8], [1, 2], [2, 4]))).toBe("batch 8 × streams 1, 2 × requests 2, 4");
    expect(axisValues(gridPoints([], [2, 1]), "batch")).toEqual([null]);
  });
});

describe("sweepSeries", () => {
  it("draws one line per batch, in grid order, measured points only", () => {
    const points = [...grid, point({ index: 4, batch: 4, nstreams: 1, status: "failed", throughput_fps: null, latency_median_ms: null })];
    const series = sweepSeries([...points].reverse());
    expect(series.map((s) => s.name)).toEqual(["batch 1", "batch 2"]);
    expect(series[0].points.map((p) => p.value)).toEqual([
      [3, 250, 0],
      [4, 400, 1],
    ]);
    expect(series[1].points.map((p) => p.point.index)).toEqual([2, 3]);
  });

  it("splits by requests when they vary", () => {
    const points = gridPoints([1], [1, 2], [1, 2]).map((p) => point({ ...p }));
    expect(sweepSeries(points).map((s) => s.name)).toEqual(["batch 1 · 1 req", "batch 1 · 2 req"]);
  });

  it("sizes the latency axis past the points and the limit", () => {
    expect(latencyAxisMax(grid, null)).toBe(10); // 8 × 1.12 = 8.96 → 10
    expect(latencyAxisMax(grid, 20)).toBe(25);
    expect(latencyAxisMax([], null)).toBe(1);
    expect(niceCeil(0.37)).toBe(0.4);
    expect(niceCeil(1234)).toBe(1500);
  });

  it("judges points against the limit as the server does", () => {
    expect(withinLimit(grid[3], 8)).toBe(true);
    expect(withinLimit(grid[3], 7.99)).toBe(false);
    expect(withinLimit(grid[3], null)).toBe(true);
  });
});

describe("sweepHeatmap", () => {
  it("maps FPS over batch × streams", () => {
    const heat = sweepHeatmap(grid);
    expect(heat).not.toBeNull();
    expect(heat?.batches).toEqual([1, 2]);
    expect(heat?.streams).toEqual([1, 2]);
    expect(heat?.cells).toContainEqual([1, 1, 480, 3]);
    expect(heat?.min).toBe(250);
    expect(heat?.max).toBe(480);
  });

  it("keeps the best request count of a cell", () => {
    const points = gridPoints([1, 2], [1, 2], [1, 2]).map((p) => point({ ...p, throughput_fps: 100 + p.index }));
    const heat = sweepHeatmap(points);
    expect(heat?.cells).toHaveLength(4);
    expect(heat?.cells).toContainEqual([0, 0, 101, 1]);
  });

  it("needs two values on both axes", () => {
    expect(sweepHeatmap(grid.filter((p) => p.batch === 1))).toBeNull();
  });
});

describe("sortPoints", () => {
  it("sorts by a figure, missing values last", () => {
    const sorted = sortPoints(grid, { key: "latency_p90_ms", dir: "desc" });
    expect(sorted.map((p) => p.index)).toEqual([0, 1, 2, 3]);
    expect(sortPoints(grid, { key: "throughput_fps", dir: "desc" }).map((p) => p.index)).toEqual([3, 2, 1, 0]);
    expect(sortPoints(grid, DEFAULT_POINT_SORT).map((p) => p.index)).toEqual([0, 1, 2, 3]);
  });

  it("flips on the same column, starts FPS with the largest", () => {
    expect(nextPointSort(DEFAULT_POINT_SORT, "index")).toEqual({ key: "index", dir: "desc" });
    expect(nextPointSort(DEFAULT_POINT_SORT, "throughput_fps")).toEqual({ key: "throughput_fps", dir: "desc" });
    expect(nextPointSort(DEFAULT_POINT_SORT, "latency_median_ms")).toEqual({ key: "latency_median_ms", dir: "asc" });
  });
});

describe("sweepCsv", () => {
  it("writes one row per point with the sweet spot and the limit", () => {
    const failed = point({
      index: 4,
      batch: 4,
      status: "failed",
      throughput_fps: null,
      latency_median_ms: null,
      latency_p90_ms: null,
      error: 'out of memory, "b4" (benchmark.failed)',
    });
    const csv = sweepCsv({ points: [...grid, failed], sweet_spot: 2, latency_limit_ms: 5 });
    const lines = csv.trimEnd().split("\n");
    expect(lines[0]).toBe("index,batch,nstreams,nireq,status,throughput_fps,latency_median_ms,latency_p90_ms,within_limit,sweet_spot,error");
    expect(lines[3]).toBe("2,2,1,,done,420,4.5,6,true,true,");
    expect(lines[4]).toBe("3,2,2,,done,480,8,,false,false,");
    expect(lines[5]).toBe('4,4,1,,failed,,,,,false,"out of memory, ""b4"" (benchmark.failed)"');
  });
});
