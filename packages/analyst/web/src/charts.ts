/**
 * Every chart of the dashboard: Chart.js 4 (MIT), with only the parts used registered (line and
 * bar charts, category and linear scales, tooltip, legend), so rollup leaves the rest out.
 *
 * A chart is a <figure>: a caption, the canvas with role="img" and an aria-label that says what it
 * shows in words (the totals and the change), and the same numbers as an HTML table under
 * "Show the data" (Chart.js's canvas is invisible to screen readers; the table is what they and a
 * keyboard read). Colours are the Okabe–Ito palette, told apart by colour-blind readers; the
 * previous period is always drawn differently in shape too: a dashed line, a hatched bar.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration } from 'chart.js';
import { h, type Child } from './dom';

export type { Chart };

Chart.register(LineController, BarController, LineElement, PointElement, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

/** Okabe & Ito (2008), "Color Universal Design": distinguishable with any common colour-vision deficiency */
export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#000000', '#F0E442'];

export interface Series {
  label: string;
  data: number[];
  /** the previous period: dashed line, hatched bar */
  previous?: boolean;
  color?: string;
}

export interface FigureOptions {
  kind: 'line' | 'bar' | 'hbar';
  title: string;
  /** the chart in words, for screen readers (aria-label) */
  summary: string;
  labels: string[];
  series: Series[];
  /** a value as text (axis, tooltip, table) */
  format: (n: number) => string;
  /** the table's first column */
  labelHeading: string;
  /** the table's labels when they say more than the axis's (e.g. both periods' dates) */
  tableLabels?: string[];
  stacked?: boolean;
  /** a taller chart (many bars) */
  tall?: boolean;
  /** called with the chart once drawn (to update it in place) */
  drawn?: (chart: Chart) => void;
}

const live = new Set<Chart>();

/** axis ticks: 50K, 1.2M (the caption and the tooltip say the unit) */
const compact = new Intl.NumberFormat(navigator.languages?.[0] ?? navigator.language, { notation: 'compact', maximumFractionDigits: 1 });

/** Destroys the charts of the view being left. */
export function destroyCharts(): void {
  for (const c of live) c.destroy();
  live.clear();
}

function hatch(color: string): CanvasPattern | string {
  const c = document.createElement('canvas');
  c.width = c.height = 8;
  const g = c.getContext('2d');
  if (!g) return color;
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, 8, 8);
  g.strokeStyle = color;
  g.lineWidth = 2;
  g.beginPath();
  g.moveTo(0, 8);
  g.lineTo(8, 0);
  g.moveTo(-2, 2);
  g.lineTo(2, -2);
  g.moveTo(6, 10);
  g.lineTo(10, 6);
  g.stroke();
  return g.createPattern(c, 'repeat') ?? color;
}

export function figure(o: FigureOptions): HTMLElement {
  const canvas = h('canvas', { role: 'img', 'aria-label': o.summary });
  const box = h('div', { class: `canvas-box${o.tall ? ' tall' : ''}` }, canvas);
  const el = h('figure', { class: 'chart' }, h('figcaption', {}, o.title), box, dataTable(o));
  const horizontal = o.kind === 'hbar';
  const datasets = o.series.map((s, i) => {
    const color = s.color ?? OKABE_ITO[i % OKABE_ITO.length];
    return o.kind === 'line'
      ? { label: s.label, data: s.data, borderColor: color, backgroundColor: color, borderWidth: 2, pointRadius: o.labels.length > 45 ? 0 : 2, borderDash: s.previous ? [6, 4] : [], tension: 0 }
      : { label: s.label, data: s.data, backgroundColor: s.previous ? hatch(color) : color, borderColor: color, borderWidth: s.previous ? 1 : 0 };
  });
  const valueAxis = { beginAtZero: true, stacked: o.stacked, ticks: { callback: (v: string | number) => compact.format(Number(v)), maxTicksLimit: 6 } };
  const labelAxis = { stacked: o.stacked, ticks: { autoSkip: true, maxRotation: 0, callback(this: { getLabelForValue(v: number): string }, v: string | number) { const l = this.getLabelForValue(Number(v)); return l.length > 22 ? `${l.slice(0, 21)}…` : l; } }, grid: { display: false } };
  const config = {
    type: o.kind === 'line' ? 'line' : 'bar',
    data: { labels: o.labels, datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: horizontal ? 'y' : 'x',
      interaction: { mode: 'index', intersect: false },
      scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
      plugins: {
        legend: { display: o.series.length > 1, position: 'bottom', labels: { boxWidth: 14 } },
        tooltip: { callbacks: { label: (c: { dataset: { label?: string }; parsed: { x: number; y: number } }) => `${c.dataset.label}: ${o.format(horizontal ? c.parsed.x : c.parsed.y)}` } },
      },
    },
  } as unknown as ChartConfiguration;
  // drawn once the figure is in the page (Chart.js measures its box)
  requestAnimationFrame(() => {
    if (!canvas.isConnected) return;
    const chart = new Chart(canvas, config);
    live.add(chart);
    el.dataset.drawn = 'true';
    o.drawn?.(chart);
  });
  return el;
}

/** The chart's numbers as a table, behind a disclosure. */
function dataTable(o: FigureOptions): HTMLElement {
  const labels = o.tableLabels ?? o.labels;
  const rows: Child[] = labels.map((l, i) => h('tr', {}, h('th', { scope: 'row' }, l), ...o.series.map((s) => h('td', { class: 'num' }, s.data[i] === undefined ? '–' : o.format(s.data[i])))));
  return h('details', { class: 'data' },
    h('summary', {}, 'Show the data'),
    h('div', { class: 'table-wrap', tabindex: 0 },
      h('table', {}, h('caption', { class: 'sr-only' }, o.title), h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, o.labelHeading), ...o.series.map((s) => h('th', { scope: 'col', class: 'num' }, s.label)))), h('tbody', {}, rows))));
}
