import { getJson, type Development, type Source } from './api.js';
import { dayWords } from './dates.js';
import { h } from './dom.js';
import { typeWords, type NameBook } from './names.js';

/** The developments behind a row, each with its sources, their quotes and publication dates. */
export class DetailsPanel {
  private request = 0;

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
  }

  private development(d: Development): HTMLElement {
    return h(
      'article',
      { class: 'development', 'data-id': d.id },
      h('h3', {}, d.summary),
      h(
        'p',
        { class: 'meta' },
        h('strong', {}, d.dateText ?? d.date),
        ` · ${typeWords(d.type)}`,
        d.certainFrom ? ` · certain from ${dayWords(d.certainFrom)}` : ' · not certain from its date alone',
        ` · recorded ${dayWords(d.recordedAt.slice(0, 10))}${d.recordedBy ? ` by ${d.recordedBy}` : ''}`,
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
      h('ul', { class: 'sources' }, ...d.sources.map((s) => source(s))),
    );
  }
}

function source(s: Source): HTMLElement {
  const title = s.url
    ? h('a', { href: s.url, rel: 'noopener noreferrer', target: '_blank' }, s.title)
    : h('span', {}, s.title);
  return h(
    'li',
    {},
    title,
    s.publisher ? ` — ${s.publisher}` : '',
    s.kind ? ` (${s.kind})` : '',
    h(
      'div',
      { class: 'published' },
      s.publishedText ? `Published ${s.publishedText}` : 'Publication date not known',
      s.publishedNote ? ` (${s.publishedNote})` : '',
    ),
    s.document ? h('div', { class: 'document' }, `Document: ${s.document}`) : '',
    s.quote ? h('blockquote', {}, s.quote) : '',
  );
}
