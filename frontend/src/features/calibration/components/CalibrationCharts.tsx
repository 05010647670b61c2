/** The INT8 child's layers by the precision they ran in: layer count and time (child's layer profile). */
import { useMemo } from "react";
import { BarChart } from "echarts/charts";
import type { PrecisionRow } from "../lib/calibration";
import { formatNumber } from "../../../shared/lib/format";
import { precisionColors } from "../../../shared/graph/graph";
import { AXIS, echarts, useChart } from "../../../shared/charts/useChart";

echarts.use([BarChart]);

const pct = (share: number) => `${(share * 100).toFixed(share >= 0.1 || share === 0 ? 0 : 1)}%`;

export function PrecisionBarChart({ rows }: { rows: readonly PrecisionRow[] }) {
  const option = useMemo(() => {
    const tooltipOf = (i: number) => {
      const r = rows[i];
      return r
        ? `<b>${r.precision}</b>${r.low ? " (integer)" : ""}<br/>${r.layers.toLocaleString("en-US")} layers · ` +
            `${formatNumber(r.timeMs, 3)} ms · ${pct(r.timeShare)} of the time`
        : "";
    };
    return {
      animation: false,
      legend: { top: 0, left: "center", textStyle: { fontSize: 11, color: "#4b5563" }, itemWidth: 12, itemHeight: 8 },
      grid: { left: 48, right: 56, top: 44, bottom: 28 },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: (params: unknown) => tooltipOf((params as { dataIndex: number }[])[0]?.dataIndex ?? -1),
      },
      xAxis: {
        type: "category",
        data: rows.map((r) => r.precision),
        axisTick: { alignWithLabel: true },
        axisLine: AXIS.line,
        axisLabel: { ...AXIS.label, fontFamily: "ui-monospace, monospace" },
      },
      yAxis: [
        {
          type: "value",
          name: "layers",
          minInterval: 1,
          nameTextStyle: AXIS.name,
          axisLabel: AXIS.label,
          splitLine: AXIS.split,
        },
        {
          type: "value",
          name: "ms",
          nameTextStyle: AXIS.name,
          axisLabel: { ...AXIS.label, formatter: (v: number) => formatNumber(v, 3) },
          splitLine: { show: false },
        },
      ],
      series: [
        {
          type: "bar",
          name: "layers",
          yAxisIndex: 0,
          barMaxWidth: 28,
          data: rows.map((r) => ({
            value: r.layers,
            itemStyle: { color: precisionColors(r.precision).fill, borderColor: precisionColors(r.precision).stroke, borderWidth: 1 },
          })),
          itemStyle: { color: "#c9d7f2" },
          label: { show: true, position: "top", fontSize: 11, color: "#374151" },
        },
        {
          type: "bar",
          name: "time (ms)",
          yAxisIndex: 1,
          barMaxWidth: 28,
          data: rows.map((r) => ({ value: r.timeMs, itemStyle: { color: precisionColors(r.precision).stroke } })),
          itemStyle: { color: "#2f6fde" },
          label: {
            show: true,
            position: "top",
            fontSize: 11,
            color: "#374151",
            formatter: (p: { dataIndex: number }) => pct(rows[p.dataIndex]?.timeShare ?? 0),
          },
        },
      ],
    };
  }, [rows]);
  const ref = useChart(option);
  return (
    <div
      ref={ref}
      className="chart"
      data-testid="calibration-precision-chart"
      data-points={rows.length}
      role="img"
      aria-label="Layers and time by runtime precision"
    />
  );
}
