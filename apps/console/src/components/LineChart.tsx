import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { isolatedPoints } from '../data/overview-series';
import type { Theme } from '../data/theme';

export interface ChartSeries {
  label: string;
  color: string;
  values: ReadonlyArray<number | null>;
}

interface LineChartProps {
  title: string;
  /** Epoch seconds, or ignored when `categories` is given. */
  x?: readonly number[];
  /** Named slots (days) instead of a time axis: one per value, drawn as bars. */
  categories?: readonly string[];
  series: readonly ChartSeries[];
  /** A value with its unit (legend and axis). */
  format(value: number): string;
  theme: Theme;
  height?: number;
  testId?: string;
}

function cssVariable(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/** Room for the longest y-axis label (which carries its unit), so labels are never cut. */
function axisWidth(_self: uPlot, values: string[] | null): number {
  const longest = Math.max(4, ...(values ?? []).map((value) => value.length));
  // About 8 px per character of the 12 px axis font, and the tick and gap beside the labels.
  return Math.ceil(longest * 8 + 20);
}

/**
 * A uPlot chart: a time series, or bars over named slots. The chart object is built when its series' names and
 * colours, its slots' kind or the theme change (uPlot takes colours at creation); new data only calls setData.
 */
export function LineChart({ title, x = [], categories, series, format, theme, height = 170, testId }: LineChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const data = useMemo<uPlot.AlignedData>(() => [categories ? categories.map((_, index) => index) : [...x], ...series.map((s) => [...s.values])], [x, categories, series]);
  // Read through refs inside uPlot's callbacks, so new closures or labels do not rebuild the chart.
  const dataRef = useRef(data);
  const formatRef = useRef(format);
  const categoriesRef = useRef(categories);
  useEffect(() => {
    formatRef.current = format;
    categoriesRef.current = categories;
  });
  const shape = series.map((s) => `${s.label}\u0000${s.color}`).join('\u0001');
  const bars = categories !== undefined;

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const axisColor = cssVariable('--text-muted') || '#888';
    const gridColor = cssVariable('--grid') || 'rgba(128,128,128,0.2)';
    const show = (value: number | null | undefined): string => (value === null || value === undefined ? '—' : formatRef.current(value));
    const slot = (value: number | null | undefined): string => (value === null || value === undefined ? '—' : (categoriesRef.current?.[value] ?? ''));
    const axis = { stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor, width: 1 } };
    const options: uPlot.Options = {
      width: Math.max(200, element.clientWidth),
      height,
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: bars ? { time: false, range: (self) => [-0.5, Math.max(0, self.data[0].length - 0.5)] } : { time: true },
        // Rates, latencies and counts start at zero, so small changes do not look dramatic.
        y: { range: (_self, _min, max) => [0, Number.isFinite(max) && max > 0 ? max * 1.1 : 1] },
      },
      axes: [
        bars ? { ...axis, incrs: [1, 2, 7, 14, 28, 56], values: (_self, splits) => splits.map((v) => (Number.isInteger(v) ? slot(v) : '')) } : axis,
        { ...axis, size: axisWidth, values: (_self, splits) => splits.map((v) => show(v)) },
      ],
      series: [
        bars ? { label: 'Day', value: (_self, value) => slot(value) } : { label: 'Time' },
        ...series.map<uPlot.Series>((s) => ({
          label: s.label,
          stroke: s.color,
          width: bars ? 1 : 2,
          fill: bars ? `${s.color}bb` : undefined,
          paths: bars ? uPlot.paths.bars?.({ size: [0.6, 60] }) : undefined,
          // Bars need no point markers; lines mark the points a line cannot draw (no neighbour), as well as uPlot's
          // default (every point, when they are sparse).
          points: bars ? { show: false } : { filter: (self, index, show) => (show ? null : isolatedPoints(self.data[index])) },
          value: (_self, value) => show(value),
        })),
      ],
    };
    const plot = new uPlot(options, dataRef.current, element);
    chart.current = plot;
    let width = element.clientWidth;
    const observer = new ResizeObserver(() => {
      if (element.clientWidth === width || element.clientWidth === 0) return;
      width = element.clientWidth;
      plot.setSize({ width, height });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.destroy();
      chart.current = null;
    };
    // `shape` stands for the series' labels and colours; their values arrive through setData below.
  }, [shape, theme, bars, height]);

  useEffect(() => {
    dataRef.current = data;
    chart.current?.setData(data);
  }, [data]);

  return (
    <figure className="chart" data-testid={testId}>
      <figcaption className="chart-title">{title}</figcaption>
      <div ref={container} className="chart-canvas" />
    </figure>
  );
}
