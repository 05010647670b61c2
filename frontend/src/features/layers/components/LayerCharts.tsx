/** The layer profile's totals: time share by layer type (bars) and by precision (donut). */
import { useMemo } from "react";
import { BarChart, PieChart } from "echarts/charts";
import type { LayerTotal } from "../../../api/types";
import { formatNumber } from "../../../shared/lib/format";
import { precisionColors } from "../../../shared/graph/graph";
import { AXIS, echarts, useChart } from "../../../shared/charts/useChart";

echarts.use([BarChart, PieChart]);

const pct = (share: number) => `${(share * 100).toFixed(share >= 0.1 ? 0 : 1)}%`;

export function TypeShareChart({
  rows,
  selected,
  onSelect,
}: {
  rows: readonly LayerTotal[];
  selected?: string;
  onSelect?: (key: string) => void;
}) {
  const option = useMemo(() => {
    const shown = rows.slice(0, 14).reverse(); // largest on top
    return {
      animation: false,
      grid: { left: 8, right: 52, top: 4, bottom: 4, containLabel: true },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: (params: unknown) => {
          const p = (params as { dataIndex: number }[])[0];
          const r = shown[p.dataIndex];
          return r ? `<b>${r.key}</b><br/>${pct(r.share)} · ${formatNumber(r.real_time_ms, 3)} ms · ${r.count} layers` : "";
        },
      },
      xAxis: { type: "value", max: 1, show: false },
      yAxis: {
        type: "category",
        data: shown.map((r) => r.key),
        axisLine: AXIS.line,
        axisTick: { show: false },
        axisLabel: { ...AXIS.label, fontFamily: "ui-monospace, monospace" },
      },
      series: [
        {
          type: "bar",
          barMaxWidth: 16,
          cursor: onSelect ? "pointer" : "default",
          data: shown.map((r) => ({
            value: r.share,
            itemStyle: {
              color: selected && selected !== r.key ? "#c9d7f2" : "#2f6fde",
              borderRadius: [0, 2, 2, 0],
            },
          })),
          label: {
            show: true,
            position: "right",
            fontSize: 11,
            color: "#374151",
            formatter: (p: { value: unknown }) => (typeof p.value === "number" ? pct(p.value) : ""),
          },
        },
      ],
    };
  }, [rows, selected, onSelect]);
  const events = useMemo(
    () => ({
      click: (p: unknown) => {
        const name = (p as { name?: string }).name;
        if (name) onSelect?.(name);
      },
    }),
    [onSelect],
  );
  const ref = useChart(option, { events });
  const height = Math.max(120, Math.min(14, rows.length) * 24 + 12);
  return (
    <div ref={ref} className="chart" style={{ height }} data-testid="layer-type-chart" role="img" aria-label="Time share by layer type" />
  );
}

export function PrecisionDonut({
  rows,
  selected,
  onSelect,
}: {
  rows: readonly LayerTotal[];
  selected?: string;
  onSelect?: (key: string) => void;
}) {
  const option = useMemo(
    () => ({
      animation: false,
      tooltip: {
        trigger: "item",
        formatter: (p: unknown) => {
          const r = rows[(p as { dataIndex: number }).dataIndex];
          return r ? `<b>${r.key}</b><br/>${pct(r.share)} · ${formatNumber(r.real_time_ms, 3)} ms · ${r.count} layers` : "";
        },
      },
      series: [
        {
          type: "pie",
          radius: ["52%", "80%"],
          center: ["50%", "50%"],
          cursor: onSelect ? "pointer" : "default",
          avoidLabelOverlap: true,
          label: {
            show: true,
            position: "outside",
            fontSize: 11,
            color: "#374151",
            formatter: (p: { name: string; value: number }) => `${p.name} ${pct(p.value)}`,
          },
          labelLine: { length: 6, length2: 6 },
          data: rows.map((r) => ({
            name: r.key,
            value: r.share,
            itemStyle: {
              color: precisionColors(r.key).stroke,
              opacity: selected && selected !== r.key ? 0.35 : 1,
              borderColor: "#fff",
              borderWidth: 1,
            },
          })),
        },
      ],
    }),
    [rows, selected, onSelect],
  );
  const events = useMemo(
    () => ({
      click: (p: unknown) => {
        const name = (p as { name?: string }).name;
        if (name) onSelect?.(name);
      },
    }),
    [onSelect],
  );
  const ref = useChart(option, { events });
  return <div ref={ref} className="chart chart-donut" data-testid="precision-chart" role="img" aria-label="Time share by precision" />;
}
