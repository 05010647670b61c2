/** Throughput per target/device (bars, fastest first) with median and p90 latency on a second axis; render it
 * once a member has a result (the chart is made when its box mounts). */
import { useMemo } from "react";
import { BarChart, LineChart } from "echarts/charts";
import type { FleetRun } from "../../../api/types";
import { AXIS, echarts, useChart } from "../../../shared/charts/useChart";
import { fleetChartData } from "../lib/fleet";

echarts.use([BarChart, LineChart]);

export function FleetChart({ fleet }: { fleet: Pick<FleetRun, "members"> }) {
  const data = useMemo(() => fleetChartData(fleet), [fleet]);
  const option = useMemo(
    () => ({
      animation: false,
      grid: { left: 64, right: 64, top: 40, bottom: 56 },
      legend: { top: 0 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: data.labels, axisLine: AXIS.line, axisLabel: { ...AXIS.label, interval: 0, rotate: data.labels.length > 4 ? 20 : 0 } },
      yAxis: [
        { type: "value", name: "FPS", nameTextStyle: AXIS.name, axisLine: AXIS.line, axisLabel: AXIS.label, splitLine: AXIS.split },
        { type: "value", name: "latency (ms)", nameTextStyle: AXIS.name, axisLine: AXIS.line, axisLabel: AXIS.label, splitLine: { show: false } },
      ],
      series: [
        { type: "bar", name: "throughput (FPS)", data: data.fps, itemStyle: { color: "#2f6fde" }, barMaxWidth: 48 },
        { type: "line", name: "median latency", yAxisIndex: 1, data: data.median, itemStyle: { color: "#c2410c" }, symbolSize: 8 },
        { type: "line", name: "p90 latency", yAxisIndex: 1, data: data.p90, itemStyle: { color: "#b45309" }, lineStyle: { type: "dashed" }, symbolSize: 6 },
      ],
    }),
    [data],
  );
  const ref = useChart(option);
  return <div ref={ref} className="fleet-chart" data-testid="fleet-chart" role="img" aria-label="throughput and latency per target" />;
}
