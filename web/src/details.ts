import { getJson, type Development } from './api.js';
import { dayWords } from './dates.js';
import { h } from './dom.js';
import { typeWords, type NameBook } from './names.js';
import { claimsTable, sourceItem, whenLine } from './sources.js';

/** The developments behind a row, each with its sources, their quotes and publication dates. */
export class DetailsPanel {
  private request = 0;
  /** Where the reader came from: focus goes back there when the panel closes. */
  private opener: HTMLElement | undefined;
  private openerText = '';
  /** The id of the nearest container of the opener with one (the rows table). */
  private openerPlace: string | undefined;

  constructor(
    private readonly panel: HTMLElement,
    private readonly body: HTMLElement,
    private readonly names: NameBook,
  ) {
    panel.querySelector('button.close')?.addEventListener('click', () => this.close());
    panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.close();
    });
  }

  async open(title: string, ids: string[]): Promise<void> {
    const request = ++this.request;
    const active = document.activeElement;
    if (active instanceof HTMLElement && !this.panel.contains(active)) {
      this.opener = active;
      this.openerText = active.textContent ?? '';
      this.openerPlace = active.closest('[id]')?.id;
    }
    this.panel.hidden = false;
    this.body.replaceChildren(h('p', {}, 'Loading the sources…'));
    this.panel.querySelector('h2')!.textContent = `Sources: ${title}`;
    const developments = await Promise.all(
      ids.map((id) =>
        getJson<Development & { names?: Record<string, string> }>(
          `/developments/${encodeURIComponent(id)}?expand=names`,
        ),
      ),
    );
    if (request !== this.request) return;
    developments.forEach((d) => this.names.add(d.names));
    this.body.replaceChildren(...developments.map((d) => this.development(d)));
    this.panel.focus();
  }

  close(): void {
    this.request += 1;
    this.panel.hidden = true;
    this.openerAgain()?.focus();
    this.opener = undefined;
  }

  /**
   * The element that opened the panel, or, when the table was drawn again meanwhile (new rows
   * arrived), the same control in the new table: focus goes back where the reader was.
   */
  private openerAgain(): HTMLElement | undefined {
    if (this.opener?.isConnected) return this.opener;
    if (!this.opener || this.openerPlace === undefined) return undefined;
    const place = document.getElementById(this.openerPlace);
    const same = [...(place?.querySelectorAll<HTMLElement>(this.opener.tagName) ?? [])].find(
      (el) => el.textContent === this.openerText,
    );
    return same;
  }

  private development(d: Development): HTMLElement {
    return h(
      'article',
      { class: 'development', 'data-id': d.id },
      h('h3', {}, h('a', { href: `/developments/${d.id}` }, d.summary)),
      h(
        'p',
        { class: 'meta' },
        ...whenLine(d),
        ` · ${typeWords(d.type)}`,
        d.recordedBy ? ` · recorded by ${d.recordedBy}` : '',
      ),
      d.dateNote ? h('p', { class: 'note' }, `About the date: ${d.dateNote}`) : '',
      h('p', { class: 'meta' }, 'About: ', d.subjects.map((s) => this.names.of(s)).join(', ')),
      d.retracted
        ? h(
            'p',
            { class: 'retracted' },
            `Retracted on ${dayWords(d.retracted.recordedAt.slice(0, 10))}: ${d.retracted.reason}`,
          )
        : '',
      d.corrections.length > 0
        ? h(
            'p',
            { class: 'note' },
            `Corrected ${d.corrections.length} time(s); last: ${d.corrections.at(-1)!.reason}`,
            d.corrections.at(-1)!.recordedBy ? ` (by ${d.corrections.at(-1)!.recordedBy})` : '',
          )
        : '',
      claimsTable(d.claims),
      h('ul', { class: 'sources' }, ...d.sources.map(sourceItem)),
    );
  }
}
