import type { Certainty } from './api.js';
import { CERTAINTIES } from './certainty.js';
import { h, svg } from './dom.js';
import type { NameBook } from './names.js';
import type { Link, Place, Placed, Placement } from './places.js';

interface WorldMap {
  width: number;
  height: number;
  countries: { code: string; name: string; path?: string; at?: [number, number]; dot?: [number, number] }[];
}

/** Rows named per country under the map; beyond them it says how many more. */
const LISTED = 8;
const level = (count: number) => (count === 0 ? 0 : count === 1 ? 1 : count < 5 ? 2 : 3);

/** How a country looks when all its rows share one certainty or are only planned. */
function lookOf(items: Placed[]): string {
  if (items.length > 0 && items.every((i) => i.planned)) return 'planned';
  const present = items.filter((i) => !i.planned);
  const all = (c: Certainty) => present.length > 0 && present.every((i) => i.certainty === c);
  return all('possible') ? 'possible' : all('unconfirmed') ? 'unconfirmed' : '';
}

/**
 * The world drawn once; shading, hatching, links and the list under it change with the view's rows.
 * The list and the shading come from the same rows as the table, so the three always agree.
 */
export class ViewMap {
  private readonly shapes = new Map<string, SVGElement>();
  private readonly centres = new Map<string, [number, number]>();
  private readonly links = svg('g', { class: 'links', 'aria-hidden': 'true' });
  private selected: string | undefined;
  /** What the links and the list were drawn from. */
  private drawn = '';

  constructor(
    private readonly container: HTMLElement,
    private readonly summary: HTMLElement,
    private readonly names: NameBook,
    private readonly onSelect: (country: string) => void,
  ) {}

  async load(url: string): Promise<void> {
    const world = (await (await fetch(url)).json()) as WorldMap;
    const pattern = (id: string, ground: string, line: string, dash?: string) =>
      svg(
        'pattern',
        { id, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
        svg('rect', { width: 6, height: 6, class: ground }),
        svg('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: line, 'stroke-dasharray': dash }),
      );
    const root = svg(
      'svg',
      { viewBox: `0 0 ${world.width} ${world.height}`, role: 'img', 'aria-labelledby': 'map-heading map-summary' },
      svg(
        'defs',
        {},
        pattern('hatch', 'hatch-ground', 'hatch-line'),
        pattern('dots', 'hatch-ground', 'hatch-line', '1 2'),
      ),
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
      const centre = country.at ?? country.dot;
      if (centre) this.centres.set(country.code, centre);
      shape.append(svg('title', {}, this.names.of(country.code)));
      this.shapes.set(country.code, shape);
      root.append(shape);
    }
    root.append(this.links);
    this.listen(root);
    this.container.replaceChildren(root);
  }

  /**
   * Takes up a map already in the page (the explorer's HTML holds it, drawn before any script runs):
   * its countries, their centres and its layer of links.
   */
  adopt(root: SVGSVGElement): void {
    for (const shape of root.querySelectorAll<SVGElement>('[data-country]')) {
      const code = shape.dataset.country!;
      this.shapes.set(code, shape);
      const [x, y] = (shape.dataset.at ?? '').split(',').map(Number);
      if (x !== undefined && y !== undefined && Number.isFinite(x) && Number.isFinite(y))
        this.centres.set(code, [x, y]);
    }
    const links = root.querySelector('g.links');
    if (links) links.replaceWith(this.links);
    else root.append(this.links);
    this.listen(root);
  }

  /** A country is chosen by a click, or by Enter or Space on a focused country. */
  private listen(root: SVGSVGElement): void {
    const countryOf = (event: Event) =>
      (event.target as Element | null)?.closest?.('[data-country]')?.getAttribute('data-country') ?? undefined;
    root.addEventListener('click', (event) => {
      const code = countryOf(event);
      if (code) this.onSelect(code);
    });
    root.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      const code = countryOf(event);
      if (!code) return;
      event.preventDefault();
      this.onSelect(code);
    });
  }

  get countriesDrawn(): number {
    return this.shapes.size;
  }

  show(placement: Placement, noun: string, selected: string | undefined): void {
    this.selected = selected;
    const byCountry = new Map(placement.places.map((p) => [p.country, p]));
    for (const [code, shape] of this.shapes) {
      const entry = byCountry.get(code);
      const label = entry ? this.describe(entry) : this.names.of(code);
      const classes = [
        'country',
        shape.tagName === 'circle' ? 'small' : '',
        `level-${level(entry?.items.filter((i) => !i.planned).length ?? 0)}`,
        entry ? lookOf(entry.items) : '',
        code === this.selected ? 'selected' : '',
      ]
        .filter(Boolean)
        .join(' ');
      // Most countries look the same from one date to the next: only the changed ones are touched.
      if (shape.getAttribute('class') === classes && shape.getAttribute('aria-label') === label) continue;
      shape.setAttribute('class', classes);
      // Only countries with rows take focus: the keyboard reaches what matters.
      if (entry) shape.setAttribute('tabindex', '0');
      else shape.removeAttribute('tabindex');
      shape.setAttribute('aria-label', label);
      shape.querySelector('title')!.textContent = label;
    }
    // The links and the list under the map are drawn again only when they would read differently.
    const drawn = JSON.stringify([placement, noun, this.selected, this.names.version]);
    if (drawn === this.drawn) return;
    this.drawn = drawn;
    this.drawLinks(placement.links);
    this.summary.replaceChildren(...this.summaryOf(placement, noun));
  }

  private drawLinks(links: Link[]): void {
    const seen = new Set<string>();
    const lines: SVGElement[] = [];
    for (const link of links) {
      const a = this.centres.get(link.from);
      const b = this.centres.get(link.to);
      const key = `${link.from}>${link.to}`;
      if (!a || !b || seen.has(key)) continue;
      seen.add(key);
      // A gentle arc, so links both ways between two countries do not overlap.
      const [mx, my] = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
      const bend = 0.2;
      const c = [mx - (b[1] - a[1]) * bend, my + (b[0] - a[0]) * bend];
      lines.push(
        svg('path', { d: `M${a[0]},${a[1]} Q${c[0]},${c[1]} ${b[0]},${b[1]}`, class: `link ${link.certainty}` }),
        svg('circle', { cx: b[0], cy: b[1], r: 3, class: 'link-end' }),
      );
    }
    this.links.replaceChildren(...lines);
  }

  private itemText(item: Placed): string {
    const mark = item.planned ? 'planned' : item.certainty === 'certain' ? '' : CERTAINTIES[item.certainty].word;
    return mark ? `${item.label} (${mark})` : item.label;
  }

  private describe(entry: Place): string {
    return `${this.names.of(entry.country)}: ${this.itemsText(entry.items)}`;
  }

  /** The rows of a place, the first few by name: a country with hundreds says how many more. */
  private itemsText(items: Placed[]): string {
    const named = items.slice(0, LISTED).map((i) => this.itemText(i));
    return items.length > LISTED ? `${named.join('; ')} and ${items.length - LISTED} more` : named.join('; ');
  }

  private summaryOf(placement: Placement, noun: string): (Node | string)[] {
    const { places, links, unplaced } = placement;
    if (places.length === 0 && unplaced.length === 0) return [`No ${noun} for this date and these filters.`];
    const items = places.map((entry) => {
      const button = h(
        'button',
        { type: 'button', class: 'link', 'aria-pressed': String(entry.country === this.selected) },
        this.names.of(entry.country),
      );
      button.addEventListener('click', () => this.onSelect(entry.country));
      return h('li', {}, button, `: ${this.itemsText(entry.items)}`);
    });
    const count = places.length;
    const parts: (Node | string)[] = [];
    if (count > 0)
      parts.push(`In ${count} ${count === 1 ? 'place' : 'places'}:`, h('ul', { class: 'presence' }, ...items));
    if (links.length > 0) {
      const pairs = [...new Set(links.map((l) => `${this.names.of(l.from)} → ${this.names.of(l.to)}`))];
      parts.push(h('p', { class: 'note links-note' }, `Lines on the map: ${pairs.join(', ')}.`));
    }
    if (unplaced.length > 0)
      parts.push(h('p', {}, 'Not tied to one country: ', unplaced.map((i) => this.itemText(i)).join('; ')));
    return parts;
  }
}
