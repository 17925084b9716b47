import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

// Apache ECharts, bundled (no network at run time), only the parts the dashboard draws. SVG rather than
// canvas: crisp at any zoom and on a printed page, and its text is real text for screen readers and tests.
// A chunk of its own (Chart.tsx imports it when a chart first mounts): the dashboard's figures show first.
use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export { init };
