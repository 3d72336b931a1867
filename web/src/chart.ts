import type { Series } from './api.js';
import { h, svg } from './dom.js';
import { countryName } from './names.js';

const WIDTH = 600;
const HEIGHT = 160;
const AXIS = 18;

/** Rows of the view at the end of each year, as bars; the year holding the chosen date is marked. */
export class CountsChart {
  private bars: { date: string; bar: SVGRectElement; x: number }[] = [];
  private readonly marker = svg('line', { y1: 0, y2: HEIGHT, class: 'as-of' });

  constructor(private readonly container: HTMLElement) {}

  show(series: Series, noun: string): void {
    const points = series.points;
    const max = Math.max(1, ...points.map((p) => p.total));
    const step = WIDTH / Math.max(1, points.length);
    const root = svg('svg', {
      viewBox: `0 0 ${WIDTH} ${HEIGHT + AXIS}`,
      role: 'img',
      'aria-label': `Number of ${noun} at the end of each ${series.step}`,
      'aria-describedby': 'chart-table',
    });
    this.bars = points.map((point, i) => {
      const height = (point.total / max) * (HEIGHT - 14);
      const bar = svg('rect', {
        x: i * step + 1,
        y: HEIGHT - height,
        width: Math.max(1, step - 2),
        height,
        class: 'count',
      });
      bar.append(svg('title', {}, `${point.date}: ${point.total} ${noun}${breakdown(point.groups, series.groupBy)}`));
      root.append(bar);
      if (point.total > 0 && step >= 14) {
        root.append(svg('text', { x: i * step + step / 2, y: HEIGHT - height - 3, class: 'count-label' }, point.total));
      }
      if (i % Math.ceil(points.length / 10) === 0) {
        root.append(
          svg('text', { x: i * step + step / 2, y: HEIGHT + 13, class: 'year-label' }, point.date.slice(0, 4)),
        );
      }
      return { date: point.date, bar, x: i * step + step / 2 };
    });
    root.append(this.marker);
    const table = h(
      'table',
      { id: 'chart-table', class: 'visually-hidden' },
      h('caption', {}, `Number of ${noun} at the end of each ${series.step}`),
      h('tbody', {}, ...points.map((p) => h('tr', {}, h('th', { scope: 'row' }, p.date), h('td', {}, p.total)))),
    );
    this.container.replaceChildren(root, table);
  }

  unavailable(reason: string): void {
    this.bars = [];
    this.container.replaceChildren(h('p', { class: 'note' }, `Counts over time are not available: ${reason}`));
  }

  /** Marks the bar of the period that holds the day (outlined and labelled, not only coloured). */
  markDate(day: string): void {
    const current = this.bars.find((b) => b.date >= day) ?? this.bars.at(-1);
    for (const b of this.bars) b.bar.classList.toggle('current', b === current);
    // A line too, since the period's bar may have no height.
    this.marker.setAttribute('x1', String(current?.x ?? -10));
    this.marker.setAttribute('x2', String(current?.x ?? -10));
  }
}

function breakdown(groups: Record<string, number>, groupBy: string): string {
  const entries = Object.entries(groups)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return '';
  const label = (group: string) => (groupBy === 'country' || groupBy === 'origin' ? countryName(group) : group);
  return ` — ${entries.map(([group, n]) => `${label(group)} ${n}`).join(', ')}`;
}
