/** Throughput and median latency of a running benchmark, one point per live sample (every 0.5 s). */
import { useMemo } from "react";
import { LineChart } from "echarts/charts";
import type { LiveSample } from "../../api/types";
import { formatNumber } from "../lib/format";
import { liveSeries } from "./live";
import { AXIS, echarts, useChart } from "./useChart";

echarts.use([LineChart]);

const FPS = "#2f6fde";
const LATENCY = "#c2410c";

export function LiveChart({ samples, durationSeconds }: { samples: readonly LiveSample[]; durationSeconds?: number | null }) {
  const option = useMemo(() => {
    const { fps, latency } = liveSeries(samples);
    const last = samples[samples.length - 1]?.elapsed_seconds ?? 0;
    return {
      animation: false,
      grid: { left: 52, right: 52, top: 34, bottom: 26 },
      legend: { top: 0, left: "center", itemWidth: 14, itemHeight: 8, textStyle: { color: "#4b5563", fontSize: 11 } },
      tooltip: {
        trigger: "axis",
        valueFormatter: (v: unknown) => (typeof v === "number" ? formatNumber(v) : String(v)),
      },
      xAxis: {
        type: "value",
        min: 0,
        // the planned length when known, so the lines grow across the chart as the run goes on
        max: durationSeconds && durationSeconds >= last ? durationSeconds : "dataMax",
        name: "s",
        nameGap: 4,
        nameTextStyle: AXIS.name,
        axisLine: AXIS.line,
        axisLabel: AXIS.label,
        splitLine: { show: false },
      },
      yAxis: [
        {
          type: "value",
          name: "FPS",
          scale: false,
          nameTextStyle: { ...AXIS.name, color: FPS },
          axisLabel: { ...AXIS.label, formatter: (v: number) => formatNumber(v, 0) },
          splitLine: AXIS.split,
        },
        {
          type: "value",
          name: "ms",
          nameTextStyle: { ...AXIS.name, color: LATENCY },
          axisLabel: { ...AXIS.label, formatter: (v: number) => formatNumber(v) },
          splitLine: { show: false },
        },
      ],
      series: [
        {
          name: "throughput (FPS)",
          type: "line",
          data: fps,
          yAxisIndex: 0,
          showSymbol: fps.length < 3,
          symbolSize: 5,
          lineStyle: { width: 2, color: FPS },
          itemStyle: { color: FPS },
          areaStyle: { color: "rgba(47, 111, 222, 0.08)" },
        },
        {
          name: "median latency (ms)",
          type: "line",
          data: latency,
          yAxisIndex: 1,
          showSymbol: latency.length < 3,
          symbolSize: 5,
          lineStyle: { width: 1.5, color: LATENCY },
          itemStyle: { color: LATENCY },
        },
      ],
    };
  }, [samples, durationSeconds]);
  const ref = useChart(option, { merge: true });
  const last = samples[samples.length - 1];
  return (
    <div className="live-chart" data-testid="live-chart" data-samples={samples.length}>
      <div className="live-chart-now" aria-live="off">
        {last ? (
          <>
            <span className="live-fps" data-testid="live-fps">
              {formatNumber(last.throughput_fps)} <small>FPS</small>
            </span>
            <span className="live-latency" data-testid="live-latency">
              {formatNumber(last.latency_median_ms)} <small>ms median</small>
            </span>
            <span className="muted small">at {formatNumber(last.elapsed_seconds, 1)} s</span>
          </>
        ) : (
          <span className="muted small">waiting for the first sample…</span>
        )}
      </div>
      <div ref={ref} className="chart chart-live" role="img" aria-label="Live throughput and latency" />
    </div>
  );
}
