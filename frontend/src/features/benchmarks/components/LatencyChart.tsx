/** Bar chart of the latency statistics. */
import { useMemo } from "react";
import { BarChart } from "echarts/charts";
import type { BenchmarkResult } from "../../../api/types";
import { formatNumber, latencyRows } from "../../../shared/lib/format";
import { AXIS, echarts, useChart } from "../../../shared/charts/useChart";

echarts.use([BarChart]);

const ACCENT = "#2f6fde";
const PERCENTILE = "#7c5cd6";

export function LatencyChart({ result }: { result: BenchmarkResult }) {
  const option = useMemo(() => {
    const rows = latencyRows(result).filter((r) => r.value != null);
    return {
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
        axisLine: AXIS.line,
        axisLabel: AXIS.label,
      },
      yAxis: {
        type: "value",
        name: "ms",
        nameTextStyle: AXIS.name,
        axisLabel: { ...AXIS.label, formatter: (v: number) => formatNumber(v) },
        splitLine: AXIS.split,
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
    };
  }, [result]);
  const ref = useChart(option);
  return <div ref={ref} className="chart" data-testid="latency-chart" role="img" aria-label="Latency statistics chart" />;
}
