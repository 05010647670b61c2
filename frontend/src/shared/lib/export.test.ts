import { describe, expect, it } from "vitest";
import type { Benchmark } from "../../api/types";
import { benchmarkAppCsv, csvCell, EXECUTION_RESULTS, jsonText, safeFilename } from "./export";

const benchmark: Pick<Benchmark, "settings" | "result"> = {
  settings: { device: "CPU", api: "async", hint: "THROUGHPUT", duration_seconds: 3, niter: null, nireq: null },
  result: {
    throughput_fps: 323.84229393910783,
    count: 974,
    duration_ms: 3007.6367980000214,
    batch: 1,
    nireq: 2,
    nstreams: 2,
    first_inference_ms: 21.405640000011772,
    read_ms: 9.615606000352273,
    compile_ms: 70.72040799994284,
    latency: { count: 974, median: 4.033809, mean: 6.042050537987679, min: 3.5879369999999997, max: 94.14426499999999, stdev: 4.57 },
    manifest: {},
  },
};

describe("benchmarkAppCsv", () => {
  it("writes benchmark_app's sections, ';'-separated, with its row names", () => {
    const csv = benchmarkAppCsv(benchmark)!;
    expect(csv).toBe(
      [
        "Command line parameters",
        "target device;CPU",
        "API;async",
        "performance hint;THROUGHPUT",
        "batch size;1",
        "number of parallel infer requests;2",
        "number of streams;2",
        "duration (ms);3000",
        "",
        "Execution results",
        "read model time (ms);9.62",
        "compile model time (ms);70.72",
        "first inference time (ms);21.41",
        "total execution time (ms);3007.64",
        "total number of iterations;974",
        "latency (ms);4.03",
        "avg latency;6.04",
        "min latency;3.59",
        "max latency;94.14",
        "throughput;323.84",
        "",
      ].join("\n"),
    );
  });

  it("uses the median as benchmark_app's 'latency (ms)'", () => {
    const names = EXECUTION_RESULTS.map(([n]) => n);
    expect(names).toContain("latency (ms)");
    const latency = EXECUTION_RESULTS.find(([n]) => n === "latency (ms)")![1];
    expect(latency(benchmark.result!)).toBe(4.033809);
  });

  it("lists iterations, threads, precision and shapes when set", () => {
    const csv = benchmarkAppCsv({
      ...benchmark,
      settings: { ...benchmark.settings, duration_seconds: null, niter: 500, nthreads: 4, infer_precision: "bf16", shape: { "in;put": [1, 3] } },
    })!;
    expect(csv).toContain("number of iterations;500\n");
    expect(csv).toContain("number of CPU threads;4\n");
    expect(csv).toContain("inference precision;bf16\n");
    expect(csv).toContain('"shape in;put";[1,3]\n');
    expect(csv).not.toContain("duration (ms)");
  });

  it("has nothing to write without a result", () => {
    expect(benchmarkAppCsv({ ...benchmark, result: null })).toBeNull();
  });
});

describe("helpers", () => {
  it("quotes cells that need it", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell(1.5)).toBe("1.5");
    expect(csvCell("a;b")).toBe('"a;b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
  });

  it("pretty-prints JSON as returned", () => {
    expect(jsonText({ a: 1 })).toBe('{\n  "a": 1\n}\n');
  });

  it("makes safe file names", () => {
    expect(safeFilename("benchmark_94687ecea346f0fb", "json")).toBe("benchmark_94687ecea346f0fb.json");
    expect(safeFilename("a/b c", "csv")).toBe("a_b_c.csv");
  });
});
