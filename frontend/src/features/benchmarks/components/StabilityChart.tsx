/** Throughput per window of equal duration: a flat row of bars is a steady run. */
import { useMemo } from "react";
import { BarChart } from "echarts/charts";
import { MarkLineComponent } from "echarts/components";
import type { Stability } from "../../../api/types";
import { formatNumber } from "../../../shared/lib/format";
import { AXIS, echarts, useChart } from "../../../shared/charts/useChart";

echarts.use([BarChart, MarkLineComponent]);

export function StabilityChart({ stability }: { stability: Stability }) {
  const option = useMemo(() => {
    const w = stability.window_fps;
    const mean = w.reduce((a, b) => a + b, 0) / (w.length || 1);
    return {
      animation: false,
      grid: { left: 48, right: 12, top: 14, bottom: 22 },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        valueFormatter: (v: unknown) => (typeof v === "number" ? `${formatNumber(v)} FPS` : String(v)),
      },
      xAxis: {
        type: "category",
        data: w.map((_, i) => `${i + 1}`),
        axisLine: AXIS.line,
        axisLabel: AXIS.label,
        axisTick: { show: false },
      },
      yAxis: {
        type: "value",
        axisLabel: { ...AXIS.label, formatter: (v: number) => formatNumber(v, 0) },
        splitLine: AXIS.split,
      },
      series: [
        {
          type: "bar",
          name: "window throughput",
          barMaxWidth: 26,
          data: w.map((v, i) => ({
            value: v,
            // the last three windows decide "steady"
            itemStyle: { color: i >= w.length - 3 ? "#2f6fde" : "#9dbcf0", borderRadius: [2, 2, 0, 0] },
          })),
          markLine: {
            silent: true,
            symbol: "none",
            label: { formatter: "mean", color: "#6b7280", fontSize: 10, position: "insideEndTop" },
            lineStyle: { color: "#6b7280", type: "dashed", width: 1 },
            data: [{ yAxis: mean }],
          },
        },
      ],
    };
  }, [stability]);
  const ref = useChart(option);
  return <div ref={ref} className="chart chart-small" data-testid="stability-chart" role="img" aria-label="Throughput per window" />;
}
