import type { Development, Names } from '../api.js';
import { dayWords } from '../dates.js';
import { h } from '../dom.js';
import { codeWords, NameBook, typeWords } from '../names.js';
import { claimsTable, sourceItem, whenLine } from '../sources.js';
import { idInPath, readSelf, render, section } from './shell.js';

const REF = /^(?:org|gov):[a-z0-9-]+$/;
const names = new NameBook();

/** An organisation or government links to its page; a country or region is named. */
function subjectLink(id: string): Node | string {
  return REF.test(id) ? h('a', { href: `/entities/${encodeURIComponent(id)}` }, names.of(id)) : names.of(id);
}

/** The development's data in words: each field by its name, codes and ids as names and links. */
function facts(data: Record<string, unknown> | undefined): HTMLElement | string {
  if (!data) return '';
  const said = (value: unknown): (Node | string)[] => {
    if (typeof value === 'string')
      return [
        REF.test(value) || /^(country|region):|^[A-Z]{2}$/.test(value)
          ? subjectLink(value)
          : /^[a-z0-9-]+$/.test(value)
            ? codeWords(value)
            : value,
      ];
    if (typeof value === 'number') return [value.toLocaleString('en-GB')];
    if (Array.isArray(value)) return value.flatMap((v, i) => (i === 0 ? said(v) : [', ', ...said(v)]));
    if (value && typeof value === 'object') {
      const v = value as { value?: number; currency?: string; unit?: string; bound?: string };
      if (typeof v.value === 'number')
        return [
          [v.bound, v.currency === 'USD' ? 'US$' : v.currency, v.value.toLocaleString('en-GB'), v.unit]
            .filter(Boolean)
            .join(' '),
        ];
      return [JSON.stringify(value)];
    }
    return [String(value)];
  };
  const rows = Object.entries(data)
    .filter(([name, value]) => !/Id$/.test(name) && value !== '' && !(Array.isArray(value) && value.length === 0))
    .map(([name, value]) =>
      h(
        'div',
        {},
        h('dt', {}, codeWords(name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase())),
        h('dd', {}, ...said(value)),
      ),
    );
  return h('dl', { class: 'facts' }, ...rows);
}

void render(async () => {
  const d = await readSelf<Development & { names?: Names }>({ expand: 'names' });
  names.add(d.names);
  document.title = `${d.summary} · Timeline`;
  const explorer = `/?${new URLSearchParams({ asOf: d.dateRange.latest, view: 'facilities' }).toString()}`;
  return [
    h('p', { class: 'kind' }, `Development: ${typeWords(d.type)}`),
    h('h1', {}, d.summary),
    d.retracted
      ? h(
          'p',
          { class: 'retracted' },
          `Retracted on ${dayWords(d.retracted.recordedAt.slice(0, 10))}: ${d.retracted.reason}`,
        )
      : '',
    section(
      'When',
      h('p', { class: 'meta' }, ...whenLine(d)),
      d.dateNote ? h('p', { class: 'note' }, `About the date: ${d.dateNote}`) : '',
      d.certaintyText ? h('p', {}, d.certaintyText) : '',
      h('p', { class: 'meta' }, `Recorded ${dayWords(d.recordedAt.slice(0, 10))}.`),
    ),
    section(
      'What it touches',
      h('ul', { class: 'touches' }, ...d.subjects.map((s) => h('li', {}, subjectLink(s)))),
      facts(d.data),
    ),
    section('Sources', claimsTable(d.claims), h('ul', { class: 'sources' }, ...d.sources.map(sourceItem))),
    d.corrections.length > 0
      ? section(
          'Corrections',
          h('ul', {}, ...d.corrections.map((c) => h('li', {}, `${dayWords(c.recordedAt.slice(0, 10))}: ${c.reason}`))),
        )
      : '',
    h(
      'p',
      {},
      h('a', { href: explorer }, 'See the world on this date in the explorer'),
      ' · ',
      h(
        'a',
        { href: `/developments/${idInPath()}`, type: 'application/json', download: `${d.id}.json` },
        'This development as JSON',
      ),
    ),
  ];
});
