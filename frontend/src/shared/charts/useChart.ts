/**
 * ECharts, tree-shaken (SVG renderer, grid, tooltip, legend); each chart registers its own series type.
 * Imported only from lazily loaded chart modules, so echarts never lands in the main bundle.
 */
import { useEffect, useRef } from "react";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

echarts.use([GridComponent, TooltipComponent, LegendComponent, SVGRenderer]);

export { echarts };

export const AXIS = {
  line: { lineStyle: { color: "#9aa4b2" } },
  label: { color: "#4b5563", fontSize: 11 },
  split: { lineStyle: { color: "#e5e7eb" } },
  name: { color: "#6b7280", fontSize: 11 },
} as const;

export type ChartEvents = Record<string, (params: unknown) => void>;

/**
 * One chart in a div: created once, resized with its box, its option replaced whenever `option` changes
 * (memoise it). `merge` keeps the chart's state between updates (for live data); otherwise each option
 * replaces the last.
 */
export function useChart<T extends HTMLElement = HTMLDivElement>(
  option: echarts.EChartsCoreOption,
  { merge = false, events }: { merge?: boolean; events?: ChartEvents } = {},
) {
  const ref = useRef<T>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);
  const eventsRef = useRef(events);
  useEffect(() => {
    eventsRef.current = events;
  });

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = echarts.init(el, undefined, { renderer: "svg" });
    chartRef.current = chart;
    const names = Object.keys(eventsRef.current ?? {});
    for (const name of names) chart.on(name, (p: unknown) => eventsRef.current?.[name]?.(p));
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    chartRef.current?.setOption(option, { notMerge: !merge, lazyUpdate: merge });
  }, [option, merge]);

  return ref;
}
