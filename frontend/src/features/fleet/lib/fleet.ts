/** A fleet run's members as the table and the chart show them: fastest first, figures formatted, ratios to the best. */
import type { FleetMember, FleetRun } from "../../../api/types";
import { formatNumber } from "../../../shared/lib/format";

export interface FleetRow {
  key: string;
  label: string; // target/device
  status: string;
  fps: string;
  ratio: string; // "1.00×" for the fastest, "0.47×" for one at 47 % of its throughput
  median: string;
  p90: string;
  p99: string;
  precision: string; // what the compiled model really ran in
  isa: string;
  deviceName: string;
  openvino: string;
  error: string | null;
}

export const memberLabel = (m: Pick<FleetMember, "target_id" | "device">) => `${m.target_id}/${m.device}`;

const ms = (value: number | null | undefined) => (value == null ? "—" : `${formatNumber(value, 2, true)} ms`);

/** Measured members by throughput (fastest first), then the others in their order. */
export function rankMembers(members: readonly FleetMember[]): FleetMember[] {
  const measured = members.filter((m) => m.throughput_fps != null);
  const rest = members.filter((m) => m.throughput_fps == null);
  return [...measured.sort((a, b) => (b.throughput_fps ?? 0) - (a.throughput_fps ?? 0)), ...rest];
}

export function fleetRows(fleet: Pick<FleetRun, "members">): FleetRow[] {
  const ranked = rankMembers(fleet.members);
  const best = ranked[0]?.throughput_fps ?? null;
  return ranked.map((m) => ({
    key: m.benchmark_id,
    label: memberLabel(m),
    status: m.job.status,
    fps: m.throughput_fps == null ? "—" : formatNumber(m.throughput_fps, 1, true),
    ratio: m.throughput_fps == null || !best ? "—" : `${(m.throughput_fps / best).toFixed(2)}×`,
    median: ms(m.latency?.median),
    p90: ms(m.latency?.p90),
    p99: ms(m.latency?.p99),
    precision: m.inference_precision ?? "—",
    isa: m.cpu_isa ?? "—",
    deviceName: m.device_full_name ?? "—",
    openvino: m.openvino_version ?? "—",
    error: m.job.error ? `${m.job.error.message} (${m.job.error.code})` : null,
  }));
}

export interface FleetChartData {
  labels: string[];
  fps: number[];
  median: (number | null)[];
  p90: (number | null)[];
}

/** Bars for the measured members only, fastest first. */
export function fleetChartData(fleet: Pick<FleetRun, "members">): FleetChartData {
  const measured = rankMembers(fleet.members).filter((m) => m.throughput_fps != null);
  return {
    labels: measured.map(memberLabel),
    fps: measured.map((m) => m.throughput_fps ?? 0),
    median: measured.map((m) => m.latency?.median ?? null),
    p90: measured.map((m) => m.latency?.p90 ?? null),
  };
}

/** "local" or "edge1:GPU" as typed, to a request entry; null for a blank or malformed one. */
export function parseTargetDevice(text: string): { target_id: string; device: string } | null {
  const [target, device = "", extra] = text.split(":").map((part) => part.trim());
  if (!target || extra !== undefined) return null;
  return { target_id: target, device: device || "CPU" };
}
