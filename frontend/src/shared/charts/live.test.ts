import { describe, expect, it } from "vitest";
import { appendLiveSample, liveSeries } from "./live";

const s = (t: number, fps: number | null = 100, ms: number | null = 4) => ({
  elapsed_seconds: t,
  throughput_fps: fps,
  latency_median_ms: ms,
});

describe("appendLiveSample", () => {
  it("appends new samples in time order", () => {
    let samples = appendLiveSample([], s(0.5));
    samples = appendLiveSample(samples, s(1.0));
    expect(samples.map((x) => x.elapsed_seconds)).toEqual([0.5, 1.0]);
  });

  it("ignores repeats (reconnects, stage-only events) and nothing", () => {
    const samples = [s(0.5), s(1.0)];
    expect(appendLiveSample(samples, s(1.0))).toBe(samples);
    expect(appendLiveSample(samples, s(0.7))).toBe(samples);
    expect(appendLiveSample(samples, null)).toBe(samples);
    expect(appendLiveSample(samples, undefined)).toBe(samples);
    expect(appendLiveSample(samples, s(2, null, null))).toBe(samples);
  });

  it("keeps the latest samples only", () => {
    let samples: ReturnType<typeof appendLiveSample> = [];
    for (let i = 1; i <= 5; i++) samples = appendLiveSample(samples, s(i), 3);
    expect(samples.map((x) => x.elapsed_seconds)).toEqual([3, 4, 5]);
  });
});

describe("liveSeries", () => {
  it("pairs time with each figure and leaves gaps out", () => {
    expect(liveSeries([s(0.5, 100, 4), s(1, null, 5), s(1.5, 120, null)])).toEqual({
      fps: [
        [0.5, 100],
        [1.5, 120],
      ],
      latency: [
        [0.5, 4],
        [1, 5],
      ],
    });
  });
});
