/** Short names for the generated OpenAPI schema types (src/api/schema.d.ts, `npm run generate-client`). */
import type { components } from "./schema";

type S = components["schemas"];

export type Model = S["ModelPublic"];
export type ModelStatus = S["ModelStatus"];
export type ModelVariant = S["ModelVariantPublic"];
export type TensorInfo = S["TensorInfo"];
export type Precision = S["Precision"];
export type Dataset = S["DatasetPublic"];
export type DatasetCreate = S["DatasetCreate"];
export type Target = S["TargetPublic"];
export type TargetStatus = S["TargetStatus"];
export type DeviceInfo = S["DeviceInfo"];
export type Project = S["ProjectPublic"];
export type ProjectCreate = S["ProjectCreate"];
export type Benchmark = S["BenchmarkPublic"];
export type BenchmarkCreate = S["BenchmarkCreate"];
export type BenchmarkResult = S["BenchmarkResult"];
export type LatencyStats = S["LatencyStats"];
export type PerformanceHint = S["PerformanceHint"];
export type Job = S["Job"];
export type JobStatus = S["JobStatus"];
export type ErrorBody = S["ErrorBody"];

export const PRECISIONS: readonly Precision[] = ["FP32", "FP16"];
export const HINTS: readonly PerformanceHint[] = ["THROUGHPUT", "LATENCY", "CUMULATIVE_THROUGHPUT", "NONE"];
