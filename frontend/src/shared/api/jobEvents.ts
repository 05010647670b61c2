/**
 * Follow a job live: GET /api/v1/jobs/{id}/events (Server-Sent Events, event "job", data = Job JSON),
 * read with fetch so the Authorization header can be sent. The stream starts with the current snapshot
 * and ends once the job has finished. If the connection drops early it reconnects (with backoff), and
 * falls back to polling GET /api/v1/jobs/{id} if the stream cannot be had at all.
 */
import { isJobFinished } from "../lib/format";
import { SseParser } from "../lib/sse";
import { apiFetch } from "./client";
import { ApiError } from "./errors";
import type { Job } from "../../api/types";

export interface FollowOptions {
  signal: AbortSignal;
  onJob: (job: Job) => void;
  /** called when the live connection state changes (for a "live" indicator) */
  onConnection?: (live: boolean) => void;
  maxRetries?: number;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(t);
        reject(signal.reason ?? new DOMException("aborted", "AbortError"));
      },
      { once: true },
    );
  });

/** Read one SSE connection; returns the last job seen (finished or not). */
async function readStream(jobId: string, opts: FollowOptions): Promise<Job | null> {
  const response = await apiFetch(`/api/v1/jobs/${encodeURIComponent(jobId)}/events`, {
    headers: { Accept: "text/event-stream" },
    signal: opts.signal,
    cache: "no-store",
  });
  if (!response.body) throw new ApiError(0, "sse.unsupported", "This browser cannot stream responses");
  opts.onConnection?.(true);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new SseParser();
  let last: Job | null = null;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      for (const event of parser.push(value)) {
        if (event.event !== "job") continue;
        try {
          last = JSON.parse(event.data) as Job;
        } catch {
          continue;
        }
        opts.onJob(last);
        if (isJobFinished(last)) {
          await reader.cancel().catch(() => undefined);
          return last;
        }
      }
    }
  } finally {
    opts.onConnection?.(false);
    reader.releaseLock();
  }
  return last;
}

async function poll(jobId: string, opts: FollowOptions): Promise<Job> {
  for (;;) {
    const response = await apiFetch(`/api/v1/jobs/${encodeURIComponent(jobId)}`, { signal: opts.signal, cache: "no-store" });
    const job = (await response.json()) as Job;
    opts.onJob(job);
    if (isJobFinished(job)) return job;
    await sleep(1000, opts.signal);
  }
}

/** Follow a job until it finishes; resolves with the final job. Rejects on abort or on an API error. */
export async function followJob(jobId: string, opts: FollowOptions): Promise<Job> {
  const maxRetries = opts.maxRetries ?? 5;
  let failures = 0;
  for (;;) {
    try {
      const last = await readStream(jobId, opts);
      if (last && isJobFinished(last)) return last;
      failures = 0; // the stream worked but closed early (proxy timeout?): reconnect
      await sleep(500, opts.signal);
    } catch (error) {
      if (opts.signal.aborted) throw error;
      // a real API answer (404, 401, …) is final; network trouble is retried, then we poll
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) throw error;
      failures++;
      if (failures > maxRetries) return poll(jobId, opts);
      await sleep(Math.min(8000, 500 * 2 ** failures), opts.signal);
    }
  }
}
