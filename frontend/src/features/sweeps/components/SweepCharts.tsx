/**
 * A sweep's charts: throughput against median latency (one line per batch, joined in grid order, the
 * latency limit as a line with the region beyond it shaded, the sweet spot marked), and FPS over
 * batch × streams as a heatmap.
 */
import { useMemo } from "react";
import { HeatmapChart, LineChart, ScatterChart } from "echarts/charts";
import { MarkAreaComponent, MarkLineComponent, VisualMapComponent } from "echarts/components";
import type { SweepPoint } from "../../../api/types";
import { formatNumber } from "../../../shared/lib/format";
import { describePoint, latencyAxisMax, shortPoint, sweepHeatmap, sweepSeries, withinLimit } from "../lib/sweep";
import { AXIS, echarts, useChart } from "../../../shared/charts/useChart";

echarts.use([LineChart, ScatterChart, HeatmapChart, MarkLineComponent, MarkAreaComponent, VisualMapComponent]);

const PALETTE = ["#2f6fde", "#7c5cd6", "#0f9d8a", "#c2410c", "#b45309", "#db2777", "#0891b2", "#4b5563", "#65a30d"];
const SWEET = "#16a34a";
const LIMIT = "#c62828";

function tooltipHtml(p: SweepPoint, sweet: boolean): string {
  const row = (k: string, v: string) => `<tr><td style="color:#6b7280;padding-right:10px">${k}</td><td style="text-align:right"><b>${v}</b></td></tr>`;
  return (
    `<div style="font-weight:600;margin-bottom:4px">${describePoint(p)}${sweet ? ` <span style="color:${SWEET}">★ sweet spot</span>` : ""}</div>` +
    `<table style="font-size:12px">` +
    row("batch", p.batch != null ? String(p.batch) : "model's") +
    row("streams", p.nstreams != null ? String(p.nstreams) : "auto") +
    row("requests", p.nireq != null ? String(p.nireq) : "auto") +
    row("throughput", `${formatNumber(p.throughput_fps)} FPS`) +
    row("median latency", `${formatNumber(p.latency_median_ms)} ms`) +
    row("p90 latency", p.latency_p90_ms != null ? `${formatNumber(p.latency_p90_ms)} ms` : "—") +
    `</table>`
  );
}

export function SweepScatter({
  points,
  sweetSpot,
  limitMs,
}: {
  points: readonly SweepPoint[];
  sweetSpot: number | null | undefined;
  /** the limit line (as typed; the sweet spot is the server's, for the limit it last applied) */
  limitMs: number | null;
}) {
  const series = useMemo(() => sweepSeries(points), [points]);
  const measured = series.reduce((n, s) => n + s.points.length, 0);
  const option = useMemo(() => {
    const byIndex = new Map(points.map((p) => [p.index, p]));
    const xMax = latencyAxisMax(points, limitMs);
    const sweet = sweetSpot != null ? byIndex.get(sweetSpot) : undefined;
    const lines = series.map((s, i) => ({
      type: "line",
      name: s.name,
      data: s.points.map((cp) => ({
        value: cp.value,
        itemStyle: { opacity: withinLimit(cp.point, limitMs) ? 1 : 0.35 },
      })),
      symbol: "circle",
      symbolSize: 8,
      lineStyle: { width: 1.5, color: PALETTE[i % PALETTE.length], opacity: 0.8 },
      itemStyle: { color: PALETTE[i % PALETTE.length] },
      emphasis: { focus: "series" },
      z: 3,
    }));
    const guide =
      limitMs != null
        ? [
            {
              type: "line",
              name: "latency limit",
              data: [],
              silent: true,
              markLine: {
                silent: true,
                symbol: "none",
                lineStyle: { color: LIMIT, type: "dashed", width: 1.5 },
                label: { formatter: `limit ${formatNumber(limitMs)} ms`, position: "end", color: LIMIT, fontSize: 11, distance: 4 },
                data: [{ xAxis: limitMs }],
              },
              markArea: {
                silent: true,
                itemStyle: { color: "rgba(198, 40, 40, 0.07)" },
                label: { show: limitMs < xMax * 0.85, formatter: "over the limit", color: "#b91c1c", fontSize: 11, position: "insideTop" },
                data: [[{ xAxis: limitMs }, { xAxis: xMax }]],
              },
            },
          ]
        : [];
    const sweetSeries = sweet && sweet.latency_median_ms != null && sweet.throughput_fps != null
      ? [
          {
            type: "scatter",
            name: "sweet spot",
            data: [{ value: [sweet.latency_median_ms, sweet.throughput_fps, sweet.index] }],
            symbol: "circle",
            symbolSize: 20,
            itemStyle: { color: "rgba(22, 163, 74, 0.18)", borderColor: SWEET, borderWidth: 2.5 },
            label: {
              show: true,
              position: "top",
              distance: 8,
              formatter: `★ ${shortPoint(sweet)}: ${formatNumber(sweet.throughput_fps, 1)} FPS`,
              color: "#14532d",
              fontWeight: 600,
              fontSize: 12,
              backgroundColor: "rgba(255,255,255,0.85)",
              padding: [2, 4],
              borderRadius: 3,
            },
            z: 5,
          },
        ]
      : [];
    return {
      animation: false,
      grid: { left: 64, right: 28, top: 44, bottom: 44 },
      legend: {
        top: 0,
        itemWidth: 14,
        itemHeight: 8,
        textStyle: { color: "#4b5563", fontSize: 11 },
        data: series.map((s) => s.name),
        right: 8,
      },
      tooltip: {
        trigger: "item",
        formatter: (params: unknown) => {
          const value = (params as { value?: unknown }).value;
          const index = Array.isArray(value) ? Number(value[2]) : NaN;
          const p = byIndex.get(index);
          return p ? tooltipHtml(p, p.index === sweetSpot) : "";
        },
      },
      xAxis: {
        type: "value",
        name: "median latency (ms)",
        nameLocation: "middle",
        nameGap: 26,
        nameTextStyle: AXIS.name,
        min: 0,
        max: xMax,
        axisLine: AXIS.line,
        axisLabel: { ...AXIS.label, formatter: (v: number) => formatNumber(v) },
        splitLine: AXIS.split,
      },
      yAxis: {
        type: "value",
        name: "throughput (FPS)",
        nameTextStyle: AXIS.name,
        min: 0,
        axisLine: AXIS.line,
        axisLabel: { ...AXIS.label, formatter: (v: number) => formatNumber(v, 0) },
        splitLine: AXIS.split,
      },
      series: [...guide, ...lines, ...sweetSeries],
    };
  }, [series, points, sweetSpot, limitMs]);
  const ref = useChart(option);
  return (
    <div
      ref={ref}
      className="chart chart-sweep"
      data-testid="sweep-chart"
      data-points={measured}
      data-limit={limitMs ?? undefined}
      data-sweet-spot={sweetSpot ?? undefined}
      role="img"
      aria-label="Throughput against median latency for each point of the sweep"
    />
  );
}

export function SweepHeatmap({ points, sweetSpot }: { points: readonly SweepPoint[]; sweetSpot: number | null | undefined }) {
  const heat = useMemo(() => sweepHeatmap(points), [points]);
  const option = useMemo(() => {
    if (!heat) return {};
    const byIndex = new Map(points.map((p) => [p.index, p]));
    return {
      animation: false,
      grid: { left: 56, right: 16, top: 12, bottom: 64 },
      tooltip: {
        trigger: "item",
        formatter: (params: unknown) => {
          const value = (params as { value?: unknown }).value;
          const p = Array.isArray(value) ? byIndex.get(Number(value[3])) : undefined;
          return p ? tooltipHtml(p, p.index === sweetSpot) : "";
        },
      },
      xAxis: {
        type: "category",
        name: "streams",
        nameLocation: "middle",
        nameGap: 24,
        nameTextStyle: AXIS.name,
        data: heat.streams.map(String),
        axisLine: AXIS.line,
        axisLabel: AXIS.label,
        splitArea: { show: false },
      },
      yAxis: {
        type: "category",
        name: "batch",
        nameLocation: "middle",
        nameGap: 34,
        nameTextStyle: AXIS.name,
        data: heat.batches.map(String),
        axisLine: AXIS.line,
        axisLabel: AXIS.label,
      },
      visualMap: {
        type: "continuous",
        min: heat.min,
        max: heat.max > heat.min ? heat.max : heat.min + 1,
        dimension: 2,
        orient: "horizontal",
        left: "center",
        bottom: 0,
        itemHeight: 140,
        itemWidth: 10,
        text: ["FPS high", "low"],
        textStyle: { color: "#6b7280", fontSize: 11 },
        inRange: { color: ["#eef4fd", "#9dbcf0", "#2f6fde", "#1e3a8a"] },
        calculable: false,
      },
      series: [
        {
          type: "heatmap",
          name: "FPS",
          data: heat.cells.map((c) => ({
            value: c,
            itemStyle:
              c[3] === sweetSpot ? { borderColor: SWEET, borderWidth: 3 } : { borderColor: "#fff", borderWidth: 1 },
          })),
          label: {
            show: heat.streams.length <= 10,
            fontSize: 11,
            formatter: (p: { value: unknown }) => (Array.isArray(p.value) ? formatNumber(Number(p.value[2]), 0) : ""),
          },
          emphasis: { itemStyle: { borderColor: "#1f2328", borderWidth: 1 } },
        },
      ],
    };
  }, [heat, points, sweetSpot]);
  const ref = useChart(option);
  if (!heat) return null;
  const height = Math.max(200, heat.batches.length * 34 + 90);
  return (
    <div ref={ref} className="chart" style={{ height }} data-testid="sweep-heatmap" role="img" aria-label="Throughput over batch and streams" />
  );
}
