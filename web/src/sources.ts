import type { Claim, Development, Source } from './api.js';
import { certaintyBadge, certaintyOf } from './certainty.js';
import { dayWords } from './dates.js';
import { h } from './dom.js';
import { codeWords } from './names.js';

const KINDS: Record<string, string> = {
  news: 'news report',
  opinion: 'opinion piece',
  research: 'research paper',
  official: 'official document',
  company: 'company statement',
};

/** A source by its article and publisher, when it was published, and the words it used. */
export function sourceItem(s: Source): HTMLElement {
  const title = s.url
    ? h('a', { href: s.url, rel: 'noopener noreferrer', target: '_blank' }, s.title)
    : h('cite', {}, s.title);
  return h(
    'li',
    {},
    title,
    s.publisher ? ` — ${s.publisher}` : '',
    s.kind ? ` (${KINDS[s.kind] ?? codeWords(s.kind)})` : '',
    h(
      'div',
      { class: 'published' },
      s.publishedText ? `Published ${s.publishedText}` : 'Publication date not known',
      s.publishedNote ? h('details', {}, h('summary', {}, 'How this date was worked out'), s.publishedNote) : '',
    ),
    s.quote ? h('blockquote', {}, s.quote) : '',
  );
}

/** What each source says when they disagree, side by side: nothing averaged, nothing overwritten. */
export function claimsTable(claims: Claim[] | undefined): HTMLElement | '' {
  if (!claims || claims.length < 2) return '';
  return h(
    'table',
    { class: 'claims' },
    h('caption', {}, 'The sources disagree: what each says'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['Source', 'Publisher', 'Published', 'Says it happened', 'Value'].map((c) => h('th', { scope: 'col' }, c)),
      ),
    ),
    h(
      'tbody',
      {},
      ...claims.map((c) =>
        h(
          'tr',
          {},
          h('td', {}, c.title),
          h('td', {}, c.publisher ?? 'not given'),
          h('td', {}, c.published ?? 'not known'),
          h('td', {}, c.dateText),
          h('td', {}, c.value === undefined ? '—' : valueWords(c.value)),
        ),
      ),
    ),
  );
}

function valueWords(value: unknown): string {
  if (typeof value !== 'object' || value === null) return String(value);
  const v = value as { value?: number; currency?: string; unit?: string };
  if (typeof v.value === 'number')
    return [v.currency, v.value.toLocaleString('en-GB'), v.unit].filter(Boolean).join(' ');
  return JSON.stringify(value);
}

/** When, how certain, and since when: the development's dates in words. */
export function whenLine(d: Development): (Node | string)[] {
  return [
    h('strong', {}, d.dateText ?? d.date),
    ' · ',
    d.certainty ? certaintyBadge(certaintyOf(d.certainty), d.lastReported, d.certaintyText) : '',
    d.certainty ? ' · ' : '',
    d.certainFrom ? `certain from ${dayWords(d.certainFrom)}` : 'not certain from its date alone',
    d.lastReported && d.certainty !== 'unconfirmed' ? ` · last reported ${d.lastReported.text}` : '',
  ];
}
