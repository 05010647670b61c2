/** Bar chart of the latency statistics (ECharts, tree-shaken: bar series, grid, tooltip, SVG renderer). */
import { useEffect, useRef } from "react";
import { BarChart } from "echarts/charts";
import { GridComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import type { BenchmarkResult } from "../api/types";
import { formatNumber, latencyRows } from "../lib/format";

echarts.use([BarChart, GridComponent, TooltipComponent, SVGRenderer]);

const ACCENT = "#2f6fde";
const PERCENTILE = "#7c5cd6";

export function LatencyChart({ result }: { result: BenchmarkResult }) {
  const el = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, undefined, { renderer: "svg" });
    const rows = latencyRows(result).filter((r) => r.value != null);
    chart.setOption({
      animation: false,
      grid: { left: 56, right: 16, top: 24, bottom: 28 },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        valueFormatter: (v: unknown) => (typeof v === "number" ? `${formatNumber(v)} ms` : String(v)),
      },
      xAxis: {
        type: "category",
        data: rows.map((r) => r.label),
        axisTick: { alignWithLabel: true },
        axisLine: { lineStyle: { color: "#9aa4b2" } },
        axisLabel: { color: "#4b5563" },
      },
      yAxis: {
        type: "value",
        name: "ms",
        nameTextStyle: { color: "#6b7280" },
        axisLabel: { color: "#4b5563", formatter: (v: number) => formatNumber(v) },
        splitLine: { lineStyle: { color: "#e5e7eb" } },
      },
      series: [
        {
          type: "bar",
          name: "latency",
          barMaxWidth: 42,
          data: rows.map((r) => ({
            value: r.value,
            itemStyle: { color: r.key.startsWith("p") ? PERCENTILE : ACCENT, borderRadius: [2, 2, 0, 0] },
          })),
          label: {
            show: true,
            position: "top",
            color: "#374151",
            fontSize: 11,
            formatter: (p: { value: unknown }) => (typeof p.value === "number" ? formatNumber(p.value) : ""),
          },
        },
      ],
    });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(el.current);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [result]);

  return <div ref={el} className="chart" data-testid="latency-chart" role="img" aria-label="Latency statistics chart" />;
}
