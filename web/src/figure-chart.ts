import type { FigurePoint, FigureSeries } from './api.js';
import { CERTAINTIES } from './certainty.js';
import { dayNumber } from './dates.js';
import { h, svg } from './dom.js';
import { measureWords, type Panel, panelsOf, unitWords } from './figure-data.js';

const WIDTH = 640;
const HEIGHT = 220;
const LEFT = 64;
const RIGHT = 12;
const TOP = 12;
const BOTTOM = 26;
const COLOURS = ['#1f5fa8', '#b45309', '#047857', '#7c3aed', '#be123c', '#0e7490', '#4d7c0f', '#a21caf'];
const DASHES = ['', '6 3', '2 3', '8 3 2 3', '1 2'];

let numbers: Intl.NumberFormat | undefined;
/** Made on first use: the browser's number formats load with its first one, after the page's first requests. */
const number = (): Intl.NumberFormat => (numbers ??= new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }));

/** "US$17,633.97 million"; "1.6 percent". */
export function valueText(s: FigureSeries, value: number | null): string {
  if (value === null) return 'no figure';
  const unit = unitWords(s);
  if (unit.startsWith('US$')) return `US$${number().format(value)}${unit.slice(3)}`;
  return `${number().format(value)} ${unit}`;
}

function pointText(s: FigureSeries, p: FigurePoint): string {
  const source = [p.source.title, p.source.publisher, p.source.published && `published ${p.source.published}`]
    .filter(Boolean)
    .join(', ');
  const certainty = p.certainty === 'certain' ? '' : ` (${CERTAINTIES[p.certainty].word})`;
  return `${s.label}, ${p.periodText}: ${valueText(s, p.value)}${certainty}. Source: ${source}`;
}

function ticks(max: number): number[] {
  if (max <= 0) return [0];
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
  return Array.from({ length: Math.floor(max / step) + 1 }, (_, i) => i * step).concat(
    max % step === 0 ? [] : [Math.ceil(max / step) * step],
  );
}

/**
 * Figures as lines, one per series, one chart per measure and unit (stocks apart from flows and
 * shares), the unit on the axis, the chosen date marked; each point names its source on hover and on
 * focus. The chart and its data can be downloaded.
 */
export class FigureChart {
  private markers: { line: SVGLineElement; x: (day: string) => number; start: number; end: number }[] = [];
  private series: FigureSeries[] = [];

  constructor(private readonly container: HTMLElement) {}

  show(series: FigureSeries[]): void {
    this.series = series;
    this.markers = [];
    const withPoints = series.filter((s) => s.points.some((p) => p.value !== null));
    if (withPoints.length === 0) {
      this.container.replaceChildren(h('p', { class: 'empty' }, 'No figures for these filters.'));
      return;
    }
    const info = h(
      'p',
      { class: 'point-info', 'aria-live': 'polite' },
      'Point at or focus a dot for its figure and source.',
    );
    const panels = panelsOf(withPoints).map((panel, i) => this.panel(panel, i, info));
    const csv = h('button', { type: 'button', class: 'export' }, 'Download the figures (CSV)');
    csv.addEventListener('click', () => download('figures.csv', 'text/csv', this.csv()));
    this.container.replaceChildren(info, ...panels, h('p', { class: 'downloads' }, csv));
  }

  unavailable(reason: string): void {
    this.markers = [];
    this.container.replaceChildren(h('p', { class: 'note' }, `Figures over time are not available: ${reason}`));
  }

  markDate(day: string): void {
    for (const { line, x, start, end } of this.markers) {
      // A date outside the chart's years is not marked at its edge, where it would read as a year.
      const inside = dayNumber(day) >= start && dayNumber(day) < end;
      line.setAttribute('visibility', inside ? 'visible' : 'hidden');
      line.setAttribute('x1', String(x(day)));
      line.setAttribute('x2', String(x(day)));
    }
  }

  private panel(panel: Panel, index: number, info: HTMLElement): HTMLElement {
    const points = panel.series.flatMap((s) => s.points.filter((p) => p.value !== null));
    const days = points.map((p) => dayNumber(p.date));
    const firstYear = new Date(Math.min(...days) * 86_400_000).getUTCFullYear();
    const lastYear = new Date(Math.max(...days) * 86_400_000).getUTCFullYear();
    const start = dayNumber(`${firstYear}-01-01`);
    const end = dayNumber(`${lastYear + 1}-01-01`);
    const yTicks = ticks(Math.max(...points.map((p) => p.value!)));
    const top = yTicks.at(-1)! || 1;
    const x = (day: string) =>
      LEFT + ((Math.min(end, Math.max(start, dayNumber(day))) - start) / (end - start)) * (WIDTH - LEFT - RIGHT);
    const y = (v: number) => TOP + (1 - v / top) * (HEIGHT - TOP - BOTTOM);
    const title = `${measureWords(panel.measure)}, in ${panel.unit}`;
    const titleId = `figures-${index}-title`;
    const root = svg('svg', {
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      role: 'group',
      'aria-labelledby': titleId,
      class: 'figures',
      'font-family': 'system-ui, sans-serif',
    });
    for (const t of yTicks) {
      root.append(
        svg('line', { x1: LEFT, x2: WIDTH - RIGHT, y1: y(t), y2: y(t), stroke: '#e2e5ea' }),
        svg(
          'text',
          { x: LEFT - 4, y: y(t) + 3, 'text-anchor': 'end', 'font-size': 10, fill: '#5b6475' },
          number().format(t),
        ),
      );
    }
    root.append(
      svg(
        'text',
        {
          x: 12,
          y: HEIGHT / 2,
          transform: `rotate(-90 12 ${HEIGHT / 2})`,
          'text-anchor': 'middle',
          'font-size': 11,
          fill: '#1d2433',
        },
        panel.unit,
      ),
    );
    const stride = Math.max(1, Math.ceil((lastYear - firstYear + 1) / 8));
    for (let year = firstYear; year <= lastYear + 1; year += stride)
      root.append(
        svg(
          'text',
          { x: x(`${year}-01-01`), y: HEIGHT - 8, 'text-anchor': 'middle', 'font-size': 10, fill: '#5b6475' },
          year,
        ),
      );
    const legend = h('ul', { class: 'legend series-legend' });
    panel.series.forEach((s, i) => {
      const colour = COLOURS[i % COLOURS.length]!;
      const dash = DASHES[Math.floor(i / COLOURS.length) % DASHES.length] || DASHES[i % DASHES.length];
      // The series answers its latest figure as of each step: each figure is drawn once, where it first holds.
      const shown = s.points.filter(
        (p, i) => p.value !== null && (p.development === undefined || p.development !== s.points[i - 1]?.development),
      );
      const line = svg('polyline', {
        points: shown.map((p) => `${x(p.date)},${y(p.value!)}`).join(' '),
        fill: 'none',
        stroke: colour,
        'stroke-width': 2,
        'stroke-dasharray': dash || undefined,
        class: 'series-line',
        'data-series': s.series,
      });
      root.append(line);
      for (const p of shown) {
        const text = pointText(s, p);
        const dot = svg(
          'circle',
          {
            cx: x(p.date),
            cy: y(p.value!),
            r: 4,
            fill: p.certainty === 'certain' ? colour : 'white',
            stroke: colour,
            'stroke-width': 2,
            tabindex: 0,
            role: 'img',
            'aria-label': text,
            class: 'figure-point',
            'data-series': s.series,
          },
          svg('title', {}, text),
        );
        const tell = () => {
          info.textContent = text;
        };
        dot.addEventListener('focus', tell);
        dot.addEventListener('mouseenter', tell);
        root.append(dot);
      }
      legend.append(
        h(
          'li',
          {},
          svg(
            'svg',
            { width: 28, height: 10, 'aria-hidden': 'true' },
            svg('line', {
              x1: 0,
              x2: 28,
              y1: 5,
              y2: 5,
              stroke: colour,
              'stroke-width': 2.5,
              'stroke-dasharray': dash || undefined,
            }),
          ),
          ` ${s.label}`,
        ),
      );
    });
    const marker = svg('line', {
      y1: TOP,
      y2: HEIGHT - BOTTOM,
      class: 'as-of',
      stroke: '#f59e0b',
      'stroke-width': 2,
      'stroke-dasharray': '4 3',
    });
    root.append(marker);
    this.markers.push({ line: marker, x, start, end });
    const save = h('button', { type: 'button', class: 'export' }, 'Download this chart (SVG)');
    save.addEventListener('click', () =>
      download(`figures-${panel.measure}.svg`, 'image/svg+xml', svgFile(root, title)),
    );
    return h('figure', { class: 'figure-panel' }, h('figcaption', { id: titleId }, title), root, legend, save);
  }

  private csv(): string {
    const header = [
      'series',
      'label',
      'measure',
      'unit',
      'date',
      'period',
      'value',
      'certainty',
      'source',
      'publisher',
      'published',
    ];
    // Only the steps where a series has a figure: before its first, a point has no value and no source.
    const lines = this.series.flatMap((s) =>
      s.points
        .filter((p) => p.value !== null && p.source)
        .map((p) =>
          [
            s.series,
            s.label,
            s.measure,
            unitWords(s),
            p.date,
            p.periodText,
            p.value ?? '',
            p.certainty,
            p.source.title,
            p.source.publisher ?? '',
            p.source.published ?? '',
          ]
            .map(cell)
            .join(','),
        ),
    );
    return [header.join(','), ...lines].join('\r\n');
  }
}

function cell(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function svgFile(root: SVGElement, title: string): string {
  const copy = root.cloneNode(true) as SVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(WIDTH));
  copy.setAttribute('height', String(HEIGHT));
  copy.prepend(svg('title', {}, title));
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}`;
}

function download(name: string, type: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = h('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
