/** A classification run's confusion matrix (annotated class × top-1 prediction) as a heatmap; a click on
 * a cell filters the per-image table to those images. Computed in the browser (lib/accuracy.ts). */
import { useMemo } from "react";
import { HeatmapChart } from "echarts/charts";
import { VisualMapComponent } from "echarts/components";
import { confusionPoints, type ConfusionMatrix } from "../lib/accuracy";
import { AXIS, echarts, useChart } from "../../../shared/charts/useChart";

echarts.use([HeatmapChart, VisualMapComponent]);

export function ConfusionHeatmap({
  matrix,
  onCell,
}: {
  matrix: ConfusionMatrix;
  onCell?: (truth: number, predicted: number) => void;
}) {
  const option = useMemo(() => {
    const points = confusionPoints(matrix);
    const max = Math.max(1, ...points.map((p) => p[2]));
    const labels = matrix.size <= 20;
    return {
      animation: false,
      grid: { left: 110, right: 16, top: 12, bottom: 110 },
      tooltip: {
        trigger: "item",
        formatter: (params: unknown) => {
          const v = (params as { value?: unknown }).value;
          if (!Array.isArray(v)) return "";
          const [p, t, n] = v.map(Number);
          const row = matrix.rows[t];
          const share = row && row.images > 0 ? ` (${((n / row.images) * 100).toFixed(1)}% of ${matrix.names[t]})` : "";
          return `annotated <b>${matrix.names[t]}</b><br/>predicted <b>${matrix.names[p]}</b><br/>${n} image${n === 1 ? "" : "s"}${share}`;
        },
      },
      xAxis: {
        type: "category",
        name: "predicted",
        nameLocation: "middle",
        nameGap: 92,
        nameTextStyle: AXIS.name,
        data: matrix.names,
        axisLine: AXIS.line,
        axisLabel: { ...AXIS.label, interval: 0, rotate: 40 },
        splitArea: { show: false },
      },
      yAxis: {
        type: "category",
        name: "annotated",
        nameLocation: "middle",
        nameGap: 96,
        nameTextStyle: AXIS.name,
        data: matrix.names,
        inverse: true,
        axisLine: AXIS.line,
        axisLabel: { ...AXIS.label, interval: 0 },
      },
      visualMap: {
        type: "continuous",
        min: 0,
        max,
        dimension: 2,
        show: false,
        inRange: { color: ["#ffffff", "#c9d7f2", "#2f6fde", "#1e3a8a"] },
      },
      series: [
        {
          type: "heatmap",
          name: "images",
          cursor: onCell ? "pointer" : "default",
          data: points.map((c) => ({
            value: c,
            itemStyle: c[0] === c[1] ? { borderColor: "#16a34a", borderWidth: 1 } : { borderColor: "#eef0f3", borderWidth: 1 },
          })),
          label: {
            show: labels,
            fontSize: 10,
            formatter: (p: { value: unknown }) => (Array.isArray(p.value) && Number(p.value[2]) > 0 ? String(p.value[2]) : ""),
          },
          emphasis: { itemStyle: { borderColor: "#1f2328", borderWidth: 1 } },
        },
      ],
    };
  }, [matrix, onCell]);
  const ref = useChart(option, {
    events: {
      click: (p) => {
        const v = (p as { value?: unknown }).value;
        if (Array.isArray(v)) onCell?.(Number(v[1]), Number(v[0]));
      },
    },
  });
  const height = Math.max(300, matrix.size * 28 + 130);
  return (
    <div
      ref={ref}
      className="chart"
      style={{ height }}
      data-testid="confusion-matrix"
      data-classes={matrix.size}
      data-total={matrix.total}
      data-correct={matrix.correct}
      role="img"
      aria-label="Confusion matrix: annotated class against predicted class"
    />
  );
}
