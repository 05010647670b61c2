/** Live samples of a running benchmark (`job.live` on each SSE event), collected for the live chart. */
import type { LiveSample } from "../../api/types";

/** Most samples kept: an hour-long run at 2 samples/s would otherwise grow without bound. */
export const MAX_SAMPLES = 7200;

/**
 * Append a sample if it is new. A reconnecting stream repeats the job's latest state, and every job event
 * (stage changes too) carries the last sample: a sample counts only if its time is later than the last one.
 */
export function appendLiveSample(
  samples: readonly LiveSample[],
  live: LiveSample | null | undefined,
  max: number = MAX_SAMPLES,
): readonly LiveSample[] {
  if (!live || !Number.isFinite(live.elapsed_seconds)) return samples;
  if (live.throughput_fps == null && live.latency_median_ms == null) return samples;
  const last = samples[samples.length - 1];
  if (last && live.elapsed_seconds <= last.elapsed_seconds) return samples;
  const next = [...samples, live];
  return next.length > max ? next.slice(next.length - max) : next;
}

/** Chart series: [elapsed s, value] pairs, gaps (null) left out. */
export function liveSeries(
  samples: readonly LiveSample[],
): { fps: [number, number][]; latency: [number, number][] } {
  const fps: [number, number][] = [];
  const latency: [number, number][] = [];
  for (const s of samples) {
    if (s.throughput_fps != null) fps.push([s.elapsed_seconds, s.throughput_fps]);
    if (s.latency_median_ms != null) latency.push([s.elapsed_seconds, s.latency_median_ms]);
  }
  return { fps, latency };
}
