/** Errors from the API (`{"code", "message"}` bodies) and from the network, as one class. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  /** where a validation error (422) points, e.g. ["body", "nireq"] */
  readonly loc: readonly (string | number)[] | null;

  constructor(status: number, code: string, message: string, loc: readonly (string | number)[] | null = null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.loc = loc;
  }

  static network(cause: unknown): ApiError {
    const detail = cause instanceof Error ? cause.message : String(cause);
    return new ApiError(0, "network", `Cannot reach the server (${detail})`);
  }
}

/** Build an ApiError from a parsed error body (or anything else the server sent). */
export function toApiError(status: number, body: unknown, fallback = ""): ApiError {
  if (body && typeof body === "object") {
    const b = body as { code?: unknown; message?: unknown; detail?: unknown; loc?: unknown };
    if (typeof b.code === "string" && typeof b.message === "string") {
      const loc = Array.isArray(b.loc) ? b.loc.filter((x): x is string | number => typeof x === "string" || typeof x === "number") : null;
      return new ApiError(status, b.code, b.message, loc);
    }
    if (typeof b.detail === "string") return new ApiError(status, `http.${status}`, b.detail);
  }
  if (typeof body === "string" && body.trim()) return new ApiError(status, `http.${status}`, body.trim().slice(0, 300));
  return new ApiError(status, `http.${status}`, fallback || `The server answered HTTP ${status}`);
}

/** A human message for anything thrown. */
export function errorMessage(error: unknown): { message: string; code: string | null } {
  if (error instanceof ApiError) return { message: error.message, code: error.code };
  if (error instanceof Error) return { message: error.message, code: null };
  return { message: String(error), code: null };
}
