import { describe, expect, it } from "vitest";
import type { BenchmarkResult } from "../../api/types";
import {
  composeVerdict,
  flattenManifest,
  formatAgo,
  formatBytes,
  formatNumber,
  formatPercent,
  formatSeconds,
  formatShape,
  isFinished,
  latencyRows,
  modelNameFromFile,
  modelNameFromFiles,
  stabilityBadge,
  verdictOf,
} from "./format";

const result: BenchmarkResult = {
  throughput_fps: 1234.567,
  count: 2469,
  duration_ms: 2001.3,
  batch: 1,
  nireq: 4,
  nstreams: 2,
  first_inference_ms: 3.2,
  read_ms: 10,
  compile_ms: 42,
  latency: { count: 2469, median: 3.14159, mean: 3.2, min: 2.9, max: 9.8, stdev: 0.4, p90: 3.5, p95: null, p99: null },
  manifest: {},
};

describe("formatNumber", () => {
  it("adapts decimals to magnitude", () => {
    expect(formatNumber(1234.567)).toBe("1,235");
    expect(formatNumber(123.456)).toBe("123.5");
    expect(formatNumber(3.14159)).toBe("3.14");
    expect(formatNumber(0.012345)).toBe("0.0123");
    expect(formatNumber(0)).toBe("0");
    expect(formatNumber(7, 2, true)).toBe("7.00");
    expect(formatNumber(1234.5, 2, true)).toBe("1,235");
    expect(formatNumber(null)).toBe("—");
    expect(formatNumber(Number.NaN)).toBe("—");
  });
});

describe("units", () => {
  it("formats bytes, seconds, percents and shapes", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(25 * 1024 ** 3)).toBe("25 GiB");
    expect(formatSeconds(2.0013)).toBe("2 s");
    expect(formatSeconds(12.34)).toBe("12.3 s");
    expect(formatPercent(0.456)).toBe("46%");
    expect(formatPercent(1.7)).toBe("100%");
    expect(formatShape([1, 3, "h", -1])).toBe("[1, 3, h, ?]");
  });

  it("formats relative times", () => {
    const now = Date.parse("2026-01-01T12:00:00Z");
    expect(formatAgo("2026-01-01T12:00:00Z", now)).toBe("just now");
    expect(formatAgo("2026-01-01T11:59:30Z", now)).toBe("30 s ago");
    expect(formatAgo("2026-01-01T11:30:00Z", now)).toBe("30 min ago");
    expect(formatAgo("2025-12-28T12:00:00Z", now)).toBe("4 d ago");
    expect(formatAgo(null, now)).toBe("—");
  });
});

describe("verdict", () => {
  it("composes the sentence from the result", () => {
    expect(composeVerdict(result, "CPU")).toBe(
      "1,235 FPS, median latency 3.14 ms over 2,469 inferences in 2 s on CPU",
    );
  });

  it("prefers the service's verdict", () => {
    const settings = { device: "GPU", duration_seconds: 2, hint: "LATENCY" as const };
    expect(verdictOf({ verdict: "fast", result, settings })).toBe("fast");
    expect(verdictOf({ verdict: null, result, settings })).toContain("on GPU");
    expect(verdictOf({ verdict: null, result: null, settings })).toBeNull();
  });

  it("keeps null percentiles as null", () => {
    const rows = latencyRows(result);
    expect(rows.find((r) => r.key === "p95")?.value).toBeNull();
    expect(rows.find((r) => r.key === "p90")?.value).toBe(3.5);
  });
});

describe("misc", () => {
  it("flattens nested manifests", () => {
    expect(flattenManifest({ b: { y: 1, x: [1, 2] }, a: "s", c: null, d: {} })).toEqual([
      { key: "a", value: "s" },
      { key: "b.x", value: "[1,2]" },
      { key: "b.y", value: "1" },
      { key: "c", value: "—" },
      { key: "d", value: "{}" },
    ]);
  });

  it("knows finished job states and model names", () => {
    expect(isFinished("succeeded")).toBe(true);
    expect(isFinished("running")).toBe(false);
    expect(modelNameFromFile("/tmp/resnet-50.v2.onnx")).toBe("resnet-50.v2");
    expect(modelNameFromFile("model")).toBe("model");
    expect(modelNameFromFile("mobilenet-ir.tar.gz")).toBe("mobilenet-ir");
    expect(modelNameFromFile("yolo.tgz")).toBe("yolo");
    expect(modelNameFromFiles(["resnet.bin", "resnet.xml"])).toBe("resnet");
    expect(modelNameFromFiles(["inference.pdiparams", "inference.pdmodel"])).toBe("inference");
    expect(modelNameFromFiles(["weights.data", "net.onnx"])).toBe("net");
    expect(modelNameFromFiles(["a.weird", "b.weird"])).toBe("a");
  });
});

describe("stabilityBadge", () => {
  it("tells stable, noisy, unstable and too short apart", () => {
    const w = [100, 100, 100];
    expect(stabilityBadge({ window_fps: w, cv: 0.02, steady: true, stable: true })).toMatchObject({ label: "stable", tone: "ok" });
    expect(stabilityBadge({ window_fps: w, cv: 0.15, steady: true, stable: false })).toMatchObject({ label: "steady, noisy", tone: "warn" });
    const unstable = stabilityBadge({ window_fps: w, cv: 0.098, steady: false, stable: false });
    expect(unstable).toMatchObject({ label: "unstable", tone: "bad" });
    expect(unstable.title).toContain("CV 9.8%");
    expect(stabilityBadge(null)).toMatchObject({ label: "too short", tone: "muted" });
  });
});
