/** Short names for the generated OpenAPI schema types (src/api/schema.d.ts, `npm run generate-client`). */
import type { components } from "./schema";

type S = components["schemas"];

/**
 * A response body as openapi-fetch hands it over: its `Readable<T>` maps arrays element-wise, which turns
 * tuples into arrays (RuntimeGraph.edges: [string, string][] arrives typed as string[][]).
 */
type Received<T> = T extends (infer E)[] ? Received<E>[] : T extends object ? { [K in keyof T]: Received<T[K]> } : T;

export type Model = S["ModelPublic"];
export type ModelStatus = S["ModelStatus"];
export type ModelVariant = S["ModelVariantPublic"];
export type TensorInfo = S["TensorInfo"];
export type Precision = S["Precision"];
export type ModelTask = S["ModelTask"];
export type ModelAnalysis = S["ModelAnalysis"];
export type ModelUpdate = S["ModelUpdate"];
export type Dataset = S["DatasetPublic"];
export type DatasetCreate = S["DatasetCreate"];
export type Target = S["TargetPublic"];
export type TargetStatus = S["TargetStatus"];
export type DeviceInfo = S["DeviceInfo"];
export type Project = Received<S["ProjectPublic"]>;
export type ProjectCreate = S["ProjectCreate"];
export type Benchmark = S["BenchmarkPublic"];
export type BenchmarkCreate = S["BenchmarkCreate"];
export type BenchmarkSettings = S["BenchmarkSettings"];
export type BenchmarkResult = S["BenchmarkResult"];
export type Stability = S["Stability"];
export type LatencyStats = S["LatencyStats"];
export type PerformanceHint = S["PerformanceHint"];
export type InferenceApi = S["InferenceApi"];
export type InferPrecision = NonNullable<BenchmarkCreate["infer_precision"]>;
export type LayerProfileCreate = S["LayerProfileCreate"];
export type LayerProfilePublic = Received<S["LayerProfilePublic"]>;
export type LayerProfile = Received<S["LayerProfile"]>;
export type LayerRecord = S["LayerRecord"];
export type LayerTotal = S["LayerTotal"];
export type RuntimeGraph = Received<S["RuntimeGraph"]>;
export type Job = S["Job"];
export type JobStatus = S["JobStatus"];
export type LiveSample = S["LiveSample"];
export type ErrorBody = S["ErrorBody"];
export type JoinTokenCreate = S["JoinTokenCreate"];
export type JoinTokenPublic = S["JoinTokenPublic"];
export type SweepCreate = S["SweepCreate"];
export type Sweep = S["SweepPublic"];
export type SweepPoint = S["SweepPointPublic"];
export type Comparison = S["ComparisonPublic"];
export type RunSummary = S["RunSummary"];
export type LayerDelta = S["LayerDelta"];
export type UploadPublic = S["UploadPublic"];
export type UploadRef = S["UploadRef"];
export type ModelImport = S["ModelImport"];
export type ConversionSettings = S["ConversionSettings"];
export type InputSetting = S["InputSetting"];
/** one dimension of a conversion shape: a size, "?" (dynamic) or a range "a..b" */
export type Dim = NonNullable<InputSetting["shape"]>[number];
export type ModelDerive = S["ModelDerive"];
export type Origin = S["Origin"];
export type ModelGraph = S["ModelGraph"];
export type GraphNode = S["GraphNode"];
export type GraphEdge = S["GraphEdge"];
export type ModelLineage = S["ModelLineage"];
export type OutputDistanceRequest = S["OutputDistanceRequest"];
export type OutputDistancePublic = S["OutputDistancePublic"];
export type LineageEntry = S["LineageEntry"];
export type OmzModel = S["OmzModel"];
export type OmzModels = S["OmzModelsPublic"];
export type OmzImport = S["OmzImport"];
export type CalibrationCreate = S["CalibrationCreate"];
export type Calibration = Received<S["CalibrationPublic"]>;
export type CalibrationMethod = S["CalibrationMethod"];
export type CalibrationReport = Received<S["CalibrationReport"]>;
export type CalibrationStats = S["CalibrationStats"];
export type PrecisionCount = S["PrecisionCount"];
export type QuantizationPreset = S["QuantizationPreset"];
export type WeightMode = S["WeightMode"];
export type IgnoredScope = S["IgnoredScope"];
export type DatasetImport = S["DatasetImport"];
export type ValidationReport = S["ValidationReport"];
export type ClassCount = S["ClassCount"];
export type DatasetSample = Received<S["SamplePublic"]>;
export type DatasetSamples = Received<S["SamplesPublic"]>;
export type Augmentation = S["Augmentation"];
export type AccuracyConfig = S["AccuracyConfig"];
export type Preprocessing = S["Preprocessing"];
export type AdapterKind = S["AdapterKind"];
export type ColorOrder = S["ColorOrder"];
export type ResizeMode = S["ResizeMode"];
export type AccuracyCreate = S["AccuracyCreate"];
export type AccuracyRun = Received<S["AccuracyPublic"]>;
export type AccuracyResult = Received<S["AccuracyResult"]>;
export type ImageResult = Received<S["ImageResult"]>;
export type MetricValue = S["MetricValue"];
export type Agreement = S["AgreementPublic"];
export type Prediction = Received<S["Prediction"]>;

export const PRECISIONS: readonly Precision[] = ["FP32", "FP16"];
export const HINTS: readonly PerformanceHint[] = ["THROUGHPUT", "LATENCY", "CUMULATIVE_THROUGHPUT", "NONE"];
export const APIS: readonly InferenceApi[] = ["async", "sync"];
export const CALIBRATION_METHODS: readonly CalibrationMethod[] = ["default", "accuracy_aware", "weight_compression"];
export const QUANTIZATION_PRESETS: readonly QuantizationPreset[] = ["performance", "mixed"];
export const WEIGHT_MODES: readonly WeightMode[] = ["INT8_ASYM", "INT8_SYM", "INT4_SYM", "INT4_ASYM"];
export const INFER_PRECISIONS: readonly InferPrecision[] = ["f32", "f16", "bf16"];
export const ADAPTERS: readonly AdapterKind[] = [
  "classification",
  "ssd",
  "yolo_v3",
  "yolo_v5",
  "yolo_v8",
  "blazeface",
  "yolox",
  "boxes",
  "instance_masks",
  "segmentation",
  "image",
  "landmarks",
  "embedding",
];
export const RESIZE_MODES: readonly ResizeMode[] = ["stretch", "letterbox", "center_crop"];
export const COLOR_ORDERS: readonly ColorOrder[] = ["RGB", "BGR", "GRAY"];
export type FleetRun = S["FleetRunPublic"];
export type FleetRunCreate = S["FleetRunCreate"];
export type FleetMember = S["FleetMemberPublic"];
export type FleetTarget = S["FleetTarget"];
