import type { Development } from './api.js';
import { dayNumber } from './dates.js';
import { appendInBatches, h } from './dom.js';
import { typeWords } from './names.js';

const VAGUE = /[?~%]/;

interface Item {
  development: Development;
  element: HTMLElement;
  earliest: number;
  later: boolean;
}

/**
 * Developments as a list on a shared time axis: each bar spans the development's date interval, so a
 * development of 2025 covers the year; uncertain or approximate dates are hatched with a dashed edge and
 * say so in words. Moving the date only moves the marker and fades what comes after it.
 */
export class TimelineList {
  private items: Item[] = [];
  private start = 0;
  private end = 1;
  private marker: HTMLElement = h('div', { class: 'as-of-marker', 'aria-hidden': 'true' });
  private list: HTMLElement = h('ol', { class: 'developments' });
  private readonly note = h('p', { class: 'note' });
  /** The chosen date, as a day number: developments added later are faded as the drawn ones are. */
  private at = Number.POSITIVE_INFINITY;

  constructor(
    private readonly container: HTMLElement,
    private readonly onOpen: (development: Development) => void,
  ) {}

  /** Draws the developments; `reading` says the rest of them is on its way (else `more`: some are left out). */
  show(
    developments: Development[],
    firstYear: number,
    lastYear: number,
    more: boolean,
    fresh: Set<string>,
    reading = false,
  ): void {
    this.start = dayNumber(`${firstYear}-01-01`);
    this.end = dayNumber(`${lastYear + 1}-01-01`);
    const axis = h('div', { class: 'axis', 'aria-hidden': 'true' });
    const stride = Math.max(1, Math.ceil((lastYear - firstYear + 1) / 12));
    for (let year = firstYear; year <= lastYear; year += stride) {
      axis.append(h('span', { class: 'tick' }, String(year)));
      (axis.lastChild as HTMLElement).style.left = `${this.percent(dayNumber(`${year}-01-01`))}%`;
    }
    this.items = developments.map((d) => this.itemOf(d, fresh));
    this.list = h('ol', { class: 'developments' }, ...this.items.map((i) => i.element));
    this.container.replaceChildren(
      h('div', { class: 'timeline-head' }, h('span', {}, 'Date'), axis, h('span', {}, 'Development')),
      h('div', { class: 'timeline-body' }, h('div', { class: 'timeline-inner' }, this.list, this.marker)),
      this.note,
      developments.length === 0 ? h('p', { class: 'empty' }, 'No developments for these filters.') : '',
    );
    this.tell(more, reading);
  }

  /**
   * Adds developments read after the first ones, a batch at a time so the page answers meanwhile;
   * stops when `current` turns false (the list was drawn again for newer filters).
   */
  async append(developments: Development[], more: boolean, fresh: Set<string>, current: () => boolean): Promise<void> {
    const list = this.list;
    const added = await appendInBatches(
      list,
      developments,
      (d) => {
        const item = this.itemOf(d, fresh);
        this.items.push(item);
        return item.element;
      },
      () => current() && this.list === list,
    );
    if (added) this.tell(more, false);
  }

  /** Whether only the first developments are shown, and why. */
  private tell(more: boolean, reading: boolean): void {
    const shown = `Showing the first ${this.items.length}`;
    this.note.hidden = !more && !reading;
    this.note.textContent = reading
      ? `${shown}; reading the rest…`
      : more
        ? `${shown}; narrow the filters to see the rest.`
        : '';
  }

  /** Moves the date marker and fades the developments that had not begun by then. */
  markDate(day: string): void {
    const at = dayNumber(day);
    this.at = at;
    const track = '(100% - var(--date-column) - var(--text-column))';
    this.marker.style.left = `calc(var(--date-column) + ${track} * ${this.percent(at + 1) / 100})`;
    for (const item of this.items) {
      const later = item.earliest > at;
      // Only the developments crossing the date are touched: the rest need no new style.
      if (later !== item.later) {
        item.later = later;
        item.element.classList.toggle('later', later);
      }
    }
  }

  private itemOf(d: Development, fresh: Set<string>): Item {
    const earliest = dayNumber(d.dateRange.earliest);
    const item = { development: d, element: this.item(d, fresh.has(d.id)), earliest, later: earliest > this.at };
    if (item.later) item.element.classList.add('later');
    return item;
  }

  highlight(id: string): void {
    for (const item of this.items) item.element.classList.toggle('playing', item.development.id === id);
  }

  private item(d: Development, isFresh: boolean): HTMLElement {
    const vague = VAGUE.test(d.date);
    const bar = h('span', {
      class: `bar${vague ? ' vague' : ''}${d.dateRange.openStart ? ' open-start' : ''}`,
    });
    const from = this.percent(dayNumber(d.dateRange.earliest));
    bar.style.left = `${from}%`;
    bar.style.width = `max(3px, ${this.percent(dayNumber(d.dateRange.latest) + 1) - from}%)`;
    const open = h('button', { type: 'button', class: 'link' }, d.summary);
    open.addEventListener('click', () => this.onOpen(d));
    return h(
      'li',
      { class: `development${isFresh ? ' fresh' : ''}`, 'data-id': d.id },
      h(
        'span',
        { class: 'date' },
        d.dateText ?? d.date,
        vague ? h('span', { class: 'visually-hidden' }, ' (date uncertain or approximate)') : '',
      ),
      h('span', { class: 'track' }, bar),
      h(
        'span',
        { class: 'text' },
        open,
        h('span', { class: 'type' }, ` ${typeWords(d.type)}`),
        isFresh ? h('strong', { class: 'new' }, ' new') : '',
      ),
    );
  }

  private percent(day: number): number {
    return Math.min(100, Math.max(0, ((day - this.start) / (this.end - this.start)) * 100));
  }
}
