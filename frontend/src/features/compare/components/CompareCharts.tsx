/** Per-layer-type time change B − A as diverging bars: green left = faster in B, red right = slower. */
import { useMemo } from "react";
import { BarChart } from "echarts/charts";
import { MarkLineComponent } from "echarts/components";
import type { LayerDelta } from "../../../api/types";
import { divergingBars } from "../lib/compare";
import { formatNumber } from "../../../shared/lib/format";
import { AXIS, echarts, useChart } from "../../../shared/charts/useChart";

echarts.use([BarChart, MarkLineComponent]);

const COLORS = { faster: "#1a7f37", slower: "#c62828", same: "#9aa4b2" } as const;

const signed = (v: number) => `${v > 0 ? "+" : v < 0 ? "−" : "±"}${formatNumber(Math.abs(v), 3)}`;

export function DeltaByTypeChart({
  rows,
  selected,
  onSelect,
}: {
  rows: readonly LayerDelta[];
  selected?: string;
  onSelect?: (key: string) => void;
}) {
  const bars = useMemo(() => divergingBars(rows), [rows]);
  const option = useMemo(() => {
    const shown = [...bars].reverse(); // the largest change on top
    const byKey = new Map(rows.map((r) => [r.key, r]));
    const extent = Math.max(1e-6, ...shown.map((b) => Math.abs(b.value)));
    return {
      animation: false,
      grid: { left: 8, right: 16, top: 8, bottom: 30, containLabel: true },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: (params: unknown) => {
          const p = (params as { dataIndex: number }[])[0];
          const bar = shown[p.dataIndex];
          const r = bar ? byKey.get(bar.key) : undefined;
          if (!bar || !r) return "";
          return (
            `<b>${bar.key}</b><br/>A ${r.a_ms != null ? formatNumber(r.a_ms, 3) : "—"} ms → B ${r.b_ms != null ? formatNumber(r.b_ms, 3) : "—"} ms` +
            `<br/><span style="color:${COLORS[bar.tone]}">Δ ${signed(bar.value)} ms ${bar.tone === "faster" ? "(faster in B)" : bar.tone === "slower" ? "(slower in B)" : ""}</span>`
          );
        },
      },
      xAxis: {
        type: "value",
        min: -extent * 1.25,
        max: extent * 1.25,
        name: "Δ ms (B − A)",
        nameLocation: "middle",
        nameGap: 10,
        nameTextStyle: AXIS.name,
        axisLabel: { show: false },
        splitLine: AXIS.split,
      },
      yAxis: {
        type: "category",
        data: shown.map((b) => b.key),
        axisLine: { show: false },
        axisTick: { show: false },
        axisLabel: { ...AXIS.label, fontFamily: "ui-monospace, monospace" },
      },
      series: [
        {
          type: "bar",
          barMaxWidth: 16,
          cursor: onSelect ? "pointer" : "default",
          data: shown.map((b) => ({
            value: b.value,
            itemStyle: {
              color: COLORS[b.tone],
              opacity: selected && selected !== b.key ? 0.35 : 1,
              borderRadius: b.value < 0 ? [2, 0, 0, 2] : [0, 2, 2, 0],
            },
            label: { position: b.value < 0 ? "left" : "right" },
          })),
          label: {
            show: true,
            fontSize: 11,
            color: "#374151",
            formatter: (p: { value: unknown }) => (typeof p.value === "number" ? `${signed(p.value)} ms` : ""),
          },
          markLine: {
            silent: true,
            symbol: "none",
            label: { show: false },
            lineStyle: { color: "#6b7280", width: 1, type: "solid" },
            data: [{ xAxis: 0 }],
          },
        },
      ],
    };
  }, [bars, rows, selected, onSelect]);
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
  const height = Math.max(140, bars.length * 26 + 48);
  return (
    <div
      ref={ref}
      className="chart"
      style={{ height }}
      data-testid="compare-type-chart"
      data-bars={bars.length}
      role="img"
      aria-label="Change in time per layer type, B against A"
    />
  );
}
