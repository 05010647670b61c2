import { describe, expect, it } from "vitest";
import { ApiError } from "../api/errors";
import { fileSha256, fileUploads, isRetryable, uploadFile, uploadFiles, type RetryInfo } from "./upload";

/**
 * A test double of the upload endpoints: keeps each upload's bytes, checks Upload-Offset like the server
 * (409 upload.offset_mismatch), and lets a test break any PATCH: before the server reads it, after it
 * stored all or part of the chunk (the answer lost on the way back), or with an HTTP status.
 */
type Fault = { kind: "network"; keep?: number } | { kind: "status"; status: number; code?: string } | null;

function fakeServer(fault: (patchNumber: number, offset: number) => Fault = () => null) {
  const uploads = new Map<string, { filename: string; size: number; data: number[] }>();
  const calls: string[] = [];
  let patches = 0;
  let nextId = 1;
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  const publicOf = (id: string) => {
    const u = uploads.get(id)!;
    return { id, filename: u.filename, size: u.size, offset: u.data.length, complete: u.data.length === u.size, created_at: "" };
  };
  const fetch = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const method = init.method ?? "GET";
    const headers = (init.headers ?? {}) as Record<string, string>;
    calls.push(`${method} ${url}${method === "PATCH" ? ` @${headers["Upload-Offset"]}` : ""}`);
    if (method === "POST" && url === "/api/v1/uploads") {
      const { filename, size } = JSON.parse(String(init.body)) as { filename: string; size: number };
      const id = `upl_${nextId++}`;
      uploads.set(id, { filename, size, data: [] });
      return json(201, publicOf(id));
    }
    const id = decodeURIComponent(url.split("/").pop() ?? "");
    const upload = uploads.get(id);
    if (!upload) return json(404, { code: "upload.not_found", message: `no upload ${id}` });
    if (method === "GET") return json(200, publicOf(id));
    if (method === "DELETE") {
      uploads.delete(id);
      return new Response(null, { status: 204 });
    }
    // PATCH
    const offset = Number(headers["Upload-Offset"]);
    const bytes = [...new Uint8Array(await (init.body as Blob).arrayBuffer())];
    const f = fault(++patches, offset);
    if (f?.kind === "status") return json(f.status, { code: f.code ?? `http.${f.status}`, message: "injected" });
    if (offset !== upload.data.length) {
      return json(409, { code: "upload.offset_mismatch", message: `offset is ${upload.data.length}, not ${offset}` });
    }
    if (f?.kind === "network") {
      upload.data.push(...bytes.slice(0, f.keep ?? 0));
      throw new TypeError("Failed to fetch");
    }
    if (upload.data.length + bytes.length > upload.size) return json(422, { code: "upload.overflow", message: "too long" });
    upload.data.push(...bytes);
    return json(200, publicOf(id));
  };
  return { fetch, calls, uploads };
}

const bytes = (n: number, seed = 7) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) % 251);
const fileOf = (n: number, name = "model.onnx", seed = 7) => new File([bytes(n, seed)], name);
const noSleep = async (_ms: number, signal?: AbortSignal) => {
  if (signal?.aborted) throw new DOMException("aborted", "AbortError");
};
const stored = (server: ReturnType<typeof fakeServer>, id: string) => Uint8Array.from(server.uploads.get(id)!.data);

describe("uploadFile", () => {
  it("sends the file in chunks at increasing offsets and reports the bytes", async () => {
    const server = fakeServer();
    const progress: number[] = [];
    const done = await uploadFile(fileOf(35), { fetch: server.fetch, chunkSize: 10, onProgress: (p) => progress.push(p.loaded) });
    expect(done.complete).toBe(true);
    expect(server.calls).toEqual([
      "POST /api/v1/uploads",
      "PATCH /api/v1/uploads/upl_1 @0",
      "PATCH /api/v1/uploads/upl_1 @10",
      "PATCH /api/v1/uploads/upl_1 @20",
      "PATCH /api/v1/uploads/upl_1 @30",
    ]);
    expect(progress).toEqual([0, 10, 20, 30, 35]);
    expect(stored(server, done.id)).toEqual(bytes(35));
  });

  it("after a broken connection reads the offset and resumes from what the server kept", async () => {
    // the second chunk breaks after 4 of its 10 bytes arrived
    const server = fakeServer((n) => (n === 2 ? { kind: "network", keep: 4 } : null));
    const retries: RetryInfo[] = [];
    const delays: number[] = [];
    const done = await uploadFile(fileOf(30), {
      fetch: server.fetch,
      chunkSize: 10,
      onRetry: (r) => retries.push(r),
      sleep: async (ms) => {
        delays.push(ms);
      },
    });
    expect(server.calls).toEqual([
      "POST /api/v1/uploads",
      "PATCH /api/v1/uploads/upl_1 @0",
      "PATCH /api/v1/uploads/upl_1 @10",
      "GET /api/v1/uploads/upl_1",
      "PATCH /api/v1/uploads/upl_1 @14",
      "PATCH /api/v1/uploads/upl_1 @24",
    ]);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ attempt: 1, offset: 10, maxRetries: 5 });
    expect(retries[0].error.code).toBe("network");
    expect(delays).toEqual([500]);
    expect(stored(server, done.id)).toEqual(bytes(30));
  });

  it("does not send a chunk again when only the answer was lost", async () => {
    const server = fakeServer((n) => (n === 1 ? { kind: "network", keep: 10 } : null));
    const done = await uploadFile(fileOf(20), { fetch: server.fetch, chunkSize: 10, sleep: noSleep });
    expect(server.calls.slice(1)).toEqual([
      "PATCH /api/v1/uploads/upl_1 @0",
      "GET /api/v1/uploads/upl_1",
      "PATCH /api/v1/uploads/upl_1 @10",
    ]);
    expect(stored(server, done.id)).toEqual(bytes(20));
  });

  it("resynchronises on 409 upload.offset_mismatch and retries 5xx answers", async () => {
    const server = fakeServer((n) => (n === 1 ? { kind: "status", status: 503 } : null));
    const done = await uploadFile(fileOf(12), { fetch: server.fetch, chunkSize: 10, sleep: noSleep });
    expect(done.complete).toBe(true);

    // a second client appended behind our back: the server's offset wins
    const other = fakeServer();
    const first = await other.fetch("/api/v1/uploads", { method: "POST", body: JSON.stringify({ filename: "m", size: 12 }) });
    const { id } = (await first.json()) as { id: string };
    other.uploads.get(id)!.data.push(...bytes(12).slice(0, 6));
    const resumed = await uploadFile(fileOf(12), { fetch: other.fetch, chunkSize: 10, sleep: noSleep }, id);
    expect(resumed.complete).toBe(true);
    expect(other.calls.slice(1)).toEqual([`GET /api/v1/uploads/${id}`, `PATCH /api/v1/uploads/${id} @6`]);
    expect(stored(other, id)).toEqual(bytes(12));

    const mismatch = fakeServer();
    let patch = 0;
    const skewed = async (url: string, init: RequestInit = {}) => {
      // the first PATCH claims a wrong offset, as a client with a stale view would
      if (init.method === "PATCH" && ++patch === 1) init = { ...init, headers: { ...(init.headers as object), "Upload-Offset": "5" } };
      return mismatch.fetch(url, init);
    };
    const retries: RetryInfo[] = [];
    await uploadFile(fileOf(8), { fetch: skewed, sleep: noSleep, onRetry: (r) => retries.push(r) });
    expect(retries.map((r) => r.error.code)).toEqual(["upload.offset_mismatch"]);
    expect(stored(mismatch, "upl_1")).toEqual(bytes(8));
  });

  it("gives up after maxRetries failures in a row, naming how much arrived", async () => {
    const server = fakeServer((n) => (n >= 2 ? { kind: "network" } : null));
    const retries: number[] = [];
    const error = await uploadFile(fileOf(30, "big.onnx"), {
      fetch: server.fetch,
      chunkSize: 10,
      maxRetries: 3,
      sleep: noSleep,
      onRetry: (r) => retries.push(r.attempt),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("network");
    expect((error as ApiError).message).toContain("gave up after 3 retries; 10 of 30 bytes of big.onnx are on the server");
    expect(retries).toEqual([1, 2, 3]);
    expect(server.calls.filter((c) => c.startsWith("PATCH"))).toHaveLength(5); // 1 sent, 1 failed, 3 retries
  });

  it("counts failures in a row only: progress in between starts the count again", async () => {
    const server = fakeServer((n) => (n % 2 === 1 ? { kind: "network", keep: 3 } : null));
    const done = await uploadFile(fileOf(40), { fetch: server.fetch, chunkSize: 10, maxRetries: 1, sleep: noSleep });
    expect(stored(server, done.id)).toEqual(bytes(40));
  });

  it("does not retry final answers (422, 413, 404)", async () => {
    const server = fakeServer(() => ({ kind: "status", status: 422, code: "upload.overflow" }));
    const retries: RetryInfo[] = [];
    const error = await uploadFile(fileOf(5), { fetch: server.fetch, sleep: noSleep, onRetry: (r) => retries.push(r) }).catch(
      (e: unknown) => e,
    );
    expect((error as ApiError).code).toBe("upload.overflow");
    expect(retries).toEqual([]);
    expect(isRetryable(new ApiError(413, "upload.too_large", "x"))).toBe(false);
    expect(isRetryable(new ApiError(409, "upload.incomplete", "x"))).toBe(false);
    expect(isRetryable(new ApiError(502, "http.502", "x"))).toBe(true);
  });

  it("stops at once when aborted, even while waiting to retry", async () => {
    const server = fakeServer(() => ({ kind: "network" }));
    const ctrl = new AbortController();
    const error = await uploadFile(fileOf(20), {
      fetch: server.fetch,
      signal: ctrl.signal,
      sleep: async (_ms, signal) => {
        ctrl.abort();
        await noSleep(0, signal);
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe("AbortError");
  });

  it("starts again when the upload to resume is gone", async () => {
    const server = fakeServer();
    const done = await uploadFile(fileOf(5), { fetch: server.fetch }, "upl_expired");
    expect(server.calls[0]).toBe("GET /api/v1/uploads/upl_expired");
    expect(server.calls[1]).toBe("POST /api/v1/uploads");
    expect(done.complete).toBe(true);
  });
});

describe("uploadFiles", () => {
  it("uploads several files with their digests and continues after a failure without resending", async () => {
    let breakIt = true;
    // the second file's second chunk fails every time until the "network" comes back
    const server = fakeServer((n) => (breakIt && n >= 4 ? { kind: "network" } : null));
    const items = fileUploads([fileOf(20, "model.xml", 1), fileOf(25, "model.bin", 2)]);
    const progress: number[] = [];
    const opts = { fetch: server.fetch, chunkSize: 10, maxRetries: 2, sleep: noSleep, onProgress: (p: { loaded: number; total: number }) => {
      expect(p.total).toBe(45);
      progress.push(p.loaded);
    } };
    const failed = await uploadFiles(items, opts).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(ApiError);
    expect(items[0]).toMatchObject({ uploadId: "upl_1", done: true });
    expect(items[1]).toMatchObject({ uploadId: "upl_2", done: false });

    breakIt = false;
    const before = server.calls.length;
    const refs = await uploadFiles(items, opts);
    // the first file is not touched again; the second resumes from the server's offset
    expect(server.calls.slice(before)[0]).toBe("GET /api/v1/uploads/upl_2");
    expect(server.calls.slice(before).some((c) => c.includes("upl_1"))).toBe(false);
    expect(progress[progress.length - 1]).toBe(45);
    expect(stored(server, "upl_2")).toEqual(bytes(25, 2));
    const digest = async (b: Uint8Array<ArrayBuffer>) =>
      [...new Uint8Array(await crypto.subtle.digest("SHA-256", b))].map((x) => x.toString(16).padStart(2, "0")).join("");
    expect(refs).toEqual([
      { upload_id: "upl_1", sha256: await digest(bytes(20, 1)) },
      { upload_id: "upl_2", sha256: await digest(bytes(25, 2)) },
    ]);
  });
});

describe("fileSha256", () => {
  it("gives the same digest with and without crypto.subtle", async () => {
    const file = fileOf(100_003);
    const native = await fileSha256(file, crypto.subtle);
    expect(native).toMatch(/^[0-9a-f]{64}$/);
    expect(await fileSha256(file, undefined)).toBe(native);
    expect(await fileSha256(new File([], "empty"), undefined)).toBe(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
  });
});
