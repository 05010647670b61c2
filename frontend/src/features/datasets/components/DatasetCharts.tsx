/** A dataset's class histogram: images (or objects) per class, as bars; a click picks the class. */
import { useMemo } from "react";
import { BarChart } from "echarts/charts";
import type { ClassCount } from "../../../api/types";
import { AXIS, echarts, useChart } from "../../../shared/charts/useChart";

echarts.use([BarChart]);

export function ClassHistogram({
  histogram,
  selected,
  onSelect,
  unit = "images",
}: {
  histogram: readonly ClassCount[];
  /** the class filtered on (highlighted) */
  selected?: string | null;
  onSelect?: (name: string) => void;
  unit?: string;
}) {
  const option = useMemo(() => {
    const many = histogram.length > 12;
    return {
      animation: false,
      grid: { left: 48, right: 16, top: 16, bottom: many ? 86 : 48 },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: {
        type: "category",
        data: histogram.map((c) => c.name),
        axisTick: { alignWithLabel: true },
        axisLine: AXIS.line,
        axisLabel: { ...AXIS.label, interval: 0, rotate: many || histogram.some((c) => c.name.length > 8) ? 35 : 0 },
      },
      yAxis: { type: "value", name: unit, minInterval: 1, nameTextStyle: AXIS.name, axisLabel: AXIS.label, splitLine: AXIS.split },
      series: [
        {
          type: "bar",
          name: unit,
          barMaxWidth: 36,
          cursor: onSelect ? "pointer" : "default",
          data: histogram.map((c) => ({
            value: c.count,
            itemStyle: { color: selected == null || selected === c.name ? "#2f6fde" : "#c9d7f2" },
          })),
          label: { show: histogram.length <= 20, position: "top", fontSize: 11, color: "#374151" },
        },
      ],
    };
  }, [histogram, selected, onSelect, unit]);
  const ref = useChart(option, {
    events: {
      click: (p) => {
        const name = (p as { name?: string }).name;
        if (name != null) onSelect?.(name);
      },
    },
  });
  return (
    <div
      ref={ref}
      className="chart"
      data-testid="dataset-histogram"
      data-points={histogram.length}
      data-total={histogram.reduce((s, c) => s + c.count, 0)}
      role="img"
      aria-label={`${unit} per class`}
    />
  );
}
