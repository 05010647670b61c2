import { describe, expect, it } from "vitest";
import type { FleetMember } from "../../../api/types";
import { fleetChartData, fleetRows, parseTargetDevice, rankMembers } from "./fleet";

function member(target: string, fps: number | null, extra: Partial<FleetMember> = {}): FleetMember {
  return {
    target_id: target,
    device: "CPU",
    benchmark_id: `benchmark_${target}`,
    project_id: "prj_1",
    job: { id: `benchmark_${target}`, kind: "benchmark", status: fps == null ? "failed" : "succeeded", progress: 1, stage: "done", created_at: "2026-12-05T12:00:00Z" },
    throughput_fps: fps,
    latency: fps == null ? null : { count: 100, median: 1000 / fps, mean: 1000 / fps, min: 1, max: 9, stdev: 0.1, p90: 1200 / fps, p95: null, p99: null },
    inference_precision: fps == null ? null : "f32",
    cpu_isa: "AVX2",
    device_full_name: "Intel(R) Xeon(R) Platinum 8480+ processor with a long name",
    openvino_version: "2026.4.1-22982-e213a147257-releases/2026/4",
    ...extra,
  } as FleetMember;
}

describe("fleet rows", () => {
  const fleet = { members: [member("slow", 250), member("gone", null, { job: { id: "benchmark_gone", kind: "benchmark", status: "failed", progress: 0, stage: "failed", created_at: "2026-12-05T12:00:00Z", error: { code: "target.offline", message: "target gone stayed offline for 120 s" } } } as Partial<FleetMember>), member("fast", 1000, { inference_precision: "bf16", cpu_isa: "AMX" })] };

  it("ranks the fastest first and leaves members without a result last", () => {
    expect(rankMembers(fleet.members).map((m) => m.target_id)).toEqual(["fast", "slow", "gone"]);
  });

  it("formats figures, ratios to the fastest, and what really ran", () => {
    const [fast, slow, gone] = fleetRows(fleet);
    expect(fast).toMatchObject({ label: "fast/CPU", fps: "1,000", ratio: "1.00×", median: "1.00 ms", p90: "1.20 ms", p99: "—", precision: "bf16", isa: "AMX" });
    expect(slow).toMatchObject({ fps: "250.0", ratio: "0.25×", median: "4.00 ms", precision: "f32" });
    expect(gone).toMatchObject({ fps: "—", ratio: "—", median: "—", precision: "—", status: "failed", error: "target gone stayed offline for 120 s (target.offline)" });
  });

  it("keeps the OpenVINO version and device name whole", () => {
    const [fast] = fleetRows(fleet);
    expect(fast.openvino).toBe("2026.4.1-22982-e213a147257-releases/2026/4");
    expect(fast.deviceName).toBe("Intel(R) Xeon(R) Platinum 8480+ processor with a long name");
  });

  it("charts only measured members, fastest first", () => {
    expect(fleetChartData(fleet)).toEqual({ labels: ["fast/CPU", "slow/CPU"], fps: [1000, 250], median: [1, 4], p90: [1.2, 4.8] });
  });
});

describe("target:device entries", () => {
  it("defaults the device to CPU and refuses blanks and extra colons", () => {
    expect(parseTargetDevice("edge1:GPU.1")).toEqual({ target_id: "edge1", device: "GPU.1" });
    expect(parseTargetDevice(" local ")).toEqual({ target_id: "local", device: "CPU" });
    expect(parseTargetDevice(":GPU")).toBeNull();
    expect(parseTargetDevice("a:b:c")).toBeNull();
  });
});
