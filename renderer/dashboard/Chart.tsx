import type { BarSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption, ECharts } from 'echarts/core';
import { useEffect, useRef } from 'react';

export type ChartOption = ComposeOption<BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

// ECharts measures text to lay out legends and labels: name real fonts (CJK first), or 'inherit' measures
// with a narrower default and the legend's last words are cut off.
const FONT = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif';

/** The antd palette, so charts sit with the rest of the page. */
export const CHART_COLORS = ['#1677ff', '#fa8c16', '#52c41a', '#eb2f96', '#722ed1', '#13c2c2'];

/** One chart; `label` describes it for screen readers (the SVG itself is decorative to them). */
export function Chart({ option, height = 220, label }: { option: ChartOption; height?: number; label: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const latest = useRef(option);
  latest.current = option;
  const draw = (c: ECharts, o: ChartOption) =>
    c.setOption({ color: CHART_COLORS, textStyle: { fontFamily: FONT }, animation: false, ...o }, true);
  useEffect(() => {
    let gone = false;
    let ro: ResizeObserver | null = null;
    // ECharts arrives on demand (./echarts, a chunk of its own); the chart draws the latest option then.
    void import('./echarts').then(({ init }) => {
      if (gone || !el.current) return;
      const c = init(el.current, undefined, { renderer: 'svg', locale: 'ZH' });
      chart.current = c;
      draw(c, latest.current);
      ro = new ResizeObserver(() => c.resize());
      ro.observe(el.current);
    });
    return () => {
      gone = true;
      ro?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    if (chart.current) draw(chart.current, option);
  }, [option]);
  return <div ref={el} role="img" aria-label={label} style={{ width: '100%', height }} />;
}
