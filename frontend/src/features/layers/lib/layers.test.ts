import { describe, expect, it } from "vitest";
import type { LayerRecord } from "../../../api/types";
import { DEFAULT_SORT, EMPTY_FILTER, facet, filterLayers, layerShare, nextSort, sortLayers, statusCounts } from "./layers";

const layer = (p: Partial<LayerRecord> & { name: string }): LayerRecord => ({
  type: "Convolution",
  exec_type: "brgconv_avx512",
  precision: "BF16",
  status: "EXECUTED",
  real_time_ms: 0,
  cpu_time_ms: 0,
  exec_order: null,
  original_layers: [],
  ...p,
});

const layers: LayerRecord[] = [
  layer({ name: "data_0", type: "Parameter", exec_type: "unknown_f32", precision: "F32", status: "NOT_RUN", exec_order: 0 }),
  layer({ name: "conv1", real_time_ms: 0.5, cpu_time_ms: 0.5, exec_order: 2, original_layers: ["conv1/WithoutBiases", "relu1"] }),
  layer({ name: "Conv10", real_time_ms: 1.5, cpu_time_ms: 1.4, exec_order: 10 }),
  layer({ name: "pool", type: "MaxPool", exec_type: "jit_avx512", real_time_ms: 0.1, exec_order: 3 }),
  layer({ name: "reorder", type: "Reorder", exec_type: "jit_uni_f32", precision: "F32", real_time_ms: 0.2 }),
  layer({ name: "conv2", real_time_ms: 0.5, exec_order: 5 }),
];
const names = (ls: LayerRecord[]) => ls.map((l) => l.name);

describe("filterLayers", () => {
  it("keeps everything without a filter", () => {
    expect(filterLayers(layers, EMPTY_FILTER)).toHaveLength(layers.length);
  });

  it("matches text in name, type, kernel and original layers, ignoring case", () => {
    expect(names(filterLayers(layers, { ...EMPTY_FILTER, text: "CONV1" }))).toEqual(["conv1", "Conv10"]);
    expect(names(filterLayers(layers, { ...EMPTY_FILTER, text: "maxpool" }))).toEqual(["pool"]);
    expect(names(filterLayers(layers, { ...EMPTY_FILTER, text: "jit_uni" }))).toEqual(["reorder"]);
    expect(names(filterLayers(layers, { ...EMPTY_FILTER, text: "relu1" }))).toEqual(["conv1"]);
    expect(names(filterLayers(layers, { ...EMPTY_FILTER, text: "  pool " }))).toEqual(["pool"]);
  });

  it("combines the select filters with the text", () => {
    expect(names(filterLayers(layers, { ...EMPTY_FILTER, precision: "F32" }))).toEqual(["data_0", "reorder"]);
    expect(names(filterLayers(layers, { ...EMPTY_FILTER, status: "NOT_RUN" }))).toEqual(["data_0"]);
    expect(names(filterLayers(layers, { ...EMPTY_FILTER, type: "Convolution", text: "conv1" }))).toEqual(["conv1", "Conv10"]);
    expect(filterLayers(layers, { ...EMPTY_FILTER, type: "Convolution", precision: "F32" })).toEqual([]);
  });
});

describe("sortLayers", () => {
  it("sorts the slowest first by default, ties in input order", () => {
    expect(names(sortLayers(layers, DEFAULT_SORT))).toEqual(["Conv10", "conv1", "conv2", "reorder", "pool", "data_0"]);
  });

  it("sorts names naturally and case-insensitively", () => {
    expect(names(sortLayers(layers, { key: "name", dir: "asc" }))).toEqual(["conv1", "conv2", "Conv10", "data_0", "pool", "reorder"]);
  });

  it("puts layers without an execution order last in both directions", () => {
    expect(names(sortLayers(layers, { key: "exec_order", dir: "asc" })).at(-1)).toBe("reorder");
    expect(names(sortLayers(layers, { key: "exec_order", dir: "desc" }))).toEqual(["Conv10", "conv2", "pool", "conv1", "data_0", "reorder"]);
  });

  it("orders share like real time", () => {
    expect(names(sortLayers(layers, { key: "share", dir: "asc" }))).toEqual(names(sortLayers(layers, { key: "real_time_ms", dir: "asc" })));
  });

  it("does not touch its input", () => {
    const copy = [...layers];
    sortLayers(layers, { key: "name", dir: "desc" });
    expect(layers).toEqual(copy);
  });
});

describe("nextSort", () => {
  it("flips the active column and starts figures descending, text ascending", () => {
    expect(nextSort(DEFAULT_SORT, "real_time_ms")).toEqual({ key: "real_time_ms", dir: "asc" });
    expect(nextSort(DEFAULT_SORT, "cpu_time_ms")).toEqual({ key: "cpu_time_ms", dir: "desc" });
    expect(nextSort(DEFAULT_SORT, "name")).toEqual({ key: "name", dir: "asc" });
    expect(nextSort(DEFAULT_SORT, "exec_order")).toEqual({ key: "exec_order", dir: "asc" });
  });
});

describe("facets and shares", () => {
  it("counts values, most frequent first", () => {
    expect(facet(layers, "precision")).toEqual([
      { value: "BF16", count: 4 },
      { value: "F32", count: 2 },
    ]);
    expect(statusCounts(layers)).toEqual({ NOT_RUN: 1, EXECUTED: 5 });
  });

  it("computes a share of the total", () => {
    expect(layerShare({ real_time_ms: 0.5 }, 2)).toBe(0.25);
    expect(layerShare({ real_time_ms: 0.5 }, 0)).toBe(0);
  });
});
