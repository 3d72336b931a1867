import type { ViewRow } from './api.js';
import { h, svg } from './dom.js';
import { countryName, type NameBook } from './names.js';

interface WorldMap {
  width: number;
  height: number;
  countries: { code: string; name: string; path?: string; dot?: [number, number] }[];
}

export interface Presence {
  country: string;
  organisations: string[];
  /** True when every row behind it is only possible by the date. */
  possibleOnly: boolean;
}

interface Footprint {
  organisation: string;
  country: string;
  origin?: string;
}

/** Organisations present per country outside their home country, from the footprint view's rows. */
export function presenceOf(rows: ViewRow[]): Presence[] {
  const byCountry = new Map<string, Presence>();
  for (const row of rows) {
    const { organisation, country, origin } = row.value as unknown as Footprint;
    if (country === origin) continue;
    const entry = byCountry.get(country) ?? { country, organisations: [], possibleOnly: true };
    if (!entry.organisations.includes(organisation)) entry.organisations.push(organisation);
    entry.possibleOnly &&= row.certainty === 'possible';
    byCountry.set(country, entry);
  }
  return [...byCountry.values()].sort(
    (a, b) => b.organisations.length - a.organisations.length || a.country.localeCompare(b.country),
  );
}

const level = (count: number) => (count === 0 ? 0 : count === 1 ? 1 : count < 5 ? 2 : 3);

/** The world drawn once; shading, hatching and labels change with the date. */
export class PresenceMap {
  private readonly shapes = new Map<string, SVGElement>();
  private selected: string | undefined;

  constructor(
    private readonly container: HTMLElement,
    private readonly summary: HTMLElement,
    private readonly names: NameBook,
    private readonly onSelect: (country: string) => void,
  ) {}

  async load(url: string): Promise<void> {
    const world = (await (await fetch(url)).json()) as WorldMap;
    const hatch = svg(
      'pattern',
      { id: 'hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      svg('rect', { width: 6, height: 6, class: 'hatch-ground' }),
      svg('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'hatch-line' }),
    );
    const root = svg(
      'svg',
      {
        viewBox: `0 0 ${world.width} ${world.height}`,
        role: 'img',
        'aria-labelledby': 'map-heading map-summary',
      },
      svg('defs', {}, hatch),
    );
    for (const country of world.countries) {
      const shape = country.path
        ? svg('path', { d: country.path, class: 'country level-0', 'data-country': country.code })
        : svg('circle', {
            cx: country.dot![0],
            cy: country.dot![1],
            r: 2.5,
            class: 'country small level-0',
            'data-country': country.code,
          });
      shape.append(svg('title', {}, countryName(country.code)));
      shape.addEventListener('click', () => this.onSelect(country.code));
      shape.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          this.onSelect(country.code);
        }
      });
      this.shapes.set(country.code, shape);
      root.append(shape);
    }
    this.container.replaceChildren(root);
  }

  get countriesDrawn(): number {
    return this.shapes.size;
  }

  show(presence: Presence[], selected: string | undefined): void {
    this.selected = selected;
    const byCountry = new Map(presence.map((p) => [p.country, p]));
    for (const [code, shape] of this.shapes) {
      const entry = byCountry.get(code);
      const label = entry ? this.describe(entry) : countryName(code);
      const classes = [
        'country',
        shape.tagName === 'circle' ? 'small' : '',
        `level-${level(entry?.organisations.length ?? 0)}`,
        entry?.possibleOnly ? 'possible' : '',
        code === this.selected ? 'selected' : '',
      ]
        .filter(Boolean)
        .join(' ');
      // Most countries look the same from one date to the next: only the changed ones are touched.
      if (shape.getAttribute('class') === classes && shape.getAttribute('aria-label') === label) continue;
      shape.setAttribute('class', classes);
      // Only countries with someone present take focus: the keyboard reaches what matters.
      if (entry) shape.setAttribute('tabindex', '0');
      else shape.removeAttribute('tabindex');
      shape.setAttribute('aria-label', label);
      shape.querySelector('title')!.textContent = label;
    }
    this.summary.replaceChildren(...this.summaryOf(presence));
  }

  private describe(entry: Presence): string {
    const who = entry.organisations.map((o) => this.names.of(o)).join(', ');
    return `${countryName(entry.country)}: ${who}${entry.possibleOnly ? ' (possibly, not yet certain)' : ''}`;
  }

  private summaryOf(presence: Presence[]): (Node | string)[] {
    if (presence.length === 0) return ['No presence abroad recorded for this date and these filters.'];
    const items = presence.map((entry) =>
      h(
        'li',
        {},
        h(
          'button',
          { type: 'button', class: 'link', 'aria-pressed': String(entry.country === this.selected) },
          countryName(entry.country),
        ),
        `: ${entry.organisations.map((o) => this.names.of(o)).join(', ')}`,
        entry.possibleOnly ? h('em', {}, ' (possibly)') : '',
      ),
    );
    items.forEach((item, i) =>
      item.querySelector('button')!.addEventListener('click', () => this.onSelect(presence[i]!.country)),
    );
    const count = presence.length;
    return [`Present in ${count} ${count === 1 ? 'country' : 'countries'}:`, h('ul', { class: 'presence' }, ...items)];
  }
}
