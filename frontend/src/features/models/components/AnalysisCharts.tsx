/** A model's static analysis: operation counts by type (horizontal bars, the largest on top). */
import { useMemo } from "react";
import { BarChart } from "echarts/charts";
import type { OpRow } from "../lib/analysis";
import { AXIS, echarts, useChart } from "../../../shared/charts/useChart";

echarts.use([BarChart]);

export function OpsChart({ rows }: { rows: readonly OpRow[] }) {
  const option = useMemo(() => {
    const shown = [...rows].reverse(); // largest on top
    return {
      animation: false,
      grid: { left: 8, right: 44, top: 4, bottom: 4, containLabel: true },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: (params: unknown) => {
          const r = shown[(params as { dataIndex: number }[])[0]?.dataIndex];
          return r ? `<b>${r.type}</b><br/>${r.count.toLocaleString("en-US")} operations` : "";
        },
      },
      xAxis: { type: "value", show: false },
      yAxis: {
        type: "category",
        data: shown.map((r) => r.type),
        axisLine: AXIS.line,
        axisTick: { show: false },
        axisLabel: { ...AXIS.label, fontFamily: "ui-monospace, monospace" },
      },
      series: [
        {
          type: "bar",
          barMaxWidth: 16,
          data: shown.map((r) => ({
            value: r.count,
            itemStyle: { color: r.type === "other" ? "#9aa4b2" : "#2f6fde", borderRadius: [0, 2, 2, 0] },
          })),
          label: { show: true, position: "right", fontSize: 11, color: "#374151" },
        },
      ],
    };
  }, [rows]);
  const ref = useChart(option);
  const height = Math.max(80, rows.length * 24 + 12);
  return <div ref={ref} className="chart" style={{ height }} data-testid="ops-chart" role="img" aria-label="Operations by type" />;
}
