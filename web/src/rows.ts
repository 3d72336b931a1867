import type { Expectation, ViewRow } from './api.js';
import { dayWords } from './dates.js';
import { h } from './dom.js';
import { countryName, typeWords, type NameBook } from './names.js';

interface RowText {
  what: string;
  who: string[];
  where: string[];
  status: string;
}

const REF = /^(org|gov):[a-z0-9-]+$/;
const WORDS: Record<string, string> = { 'rnd-centre': 'R&D centre' };
const words = (code: string | undefined) => (code === undefined ? undefined : (WORDS[code] ?? code.replace(/-/g, ' ')));

/** What a row says, read from the fields the views share (name or title, parties, countries, status). */
export function describe(row: ViewRow): RowText {
  const v = row.value;
  const text = (name: string) => (typeof v[name] === 'string' ? (v[name] as string) : undefined);
  const list = (name: string) =>
    Array.isArray(v[name]) ? (v[name] as unknown[]).filter((x): x is string => typeof x === 'string') : [];
  const what =
    text('name') ??
    text('title') ??
    text('technology') ??
    text('label') ??
    [words(text('kind')), text('location') && `in ${text('location')}`].filter(Boolean).join(' ');
  const where = [
    ...new Set([text('country'), ...list('countries'), ...list('jurisdiction')].filter((c): c is string => !!c)),
  ];
  const status = [
    words(text('status')) ?? words(text('kind')),
    typeof v.inForce === 'boolean' ? (v.inForce ? 'in force' : 'not in force') : undefined,
    figure(v.latest),
  ]
    .filter(Boolean)
    .join(', ');
  return { what: what || row.key, who: refsIn(v), where, status };
}

/** Organisations and governments named anywhere in the row, in the order they appear. */
function refsIn(value: unknown, found = new Set<string>()): string[] {
  if (typeof value === 'string' && REF.test(value)) found.add(value);
  else if (Array.isArray(value)) value.forEach((item) => refsIn(item, found));
  else if (value && typeof value === 'object') Object.values(value).forEach((item) => refsIn(item, found));
  return [...found];
}

function figure(latest: unknown): string | undefined {
  const l = latest as { period?: string; value?: { value?: number; currency?: string; unit?: string } } | undefined;
  if (!l?.value || typeof l.value.value !== 'number') return undefined;
  const amount = l.value.value.toLocaleString('en-GB');
  return `${l.value.currency ?? ''} ${amount} ${l.value.unit ?? ''} (${l.period ?? '?'})`.replace(/\s+/g, ' ').trim();
}

/** Since when the row's status holds: its step's date in words, else the first day of this version. */
function since(row: ViewRow): string {
  const { steps, status, datesInWords } = row.value as {
    steps?: Record<string, string>;
    status?: string;
    datesInWords?: Record<string, string>;
  };
  const step = status === undefined ? undefined : steps?.[status];
  return step === undefined ? dayWords(row.validFrom) : (datesInWords?.[step] ?? step);
}

export function expectationText(e: Expectation): string {
  return `${typeWords(e.type)}, expected ${e.dateText}${e.note ? ` (${e.note})` : ''}`;
}

/** The rows as a table; activating a row's title opens its sources. */
export function rowsTable(rows: ViewRow[], names: NameBook, onOpen: (row: ViewRow) => void): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'empty' }, 'No rows for this date and these filters.');
  const body = rows.map((row) => {
    const d = describe(row);
    const open = h('button', { type: 'button', class: 'link', title: 'Show the sources' }, d.what);
    open.addEventListener('click', () => onOpen(row));
    const expectations = (row.value.expectations ?? []).filter((e) => e.status === 'pending' || e.status === 'overdue');
    return h(
      'tr',
      { 'data-key': row.key, class: row.certainty },
      h('td', {}, open),
      h('td', {}, d.who.map((id) => names.of(id)).join(', ')),
      h('td', {}, d.where.map(countryName).join(', ')),
      h('td', {}, d.status),
      h('td', {}, since(row)),
      h(
        'td',
        { class: 'certainty' },
        h('span', { class: `badge ${row.certainty}` }, row.certainty === 'certain' ? '● certain' : '◌ possible'),
      ),
      h(
        'td',
        {},
        expectations.length === 0
          ? ''
          : h(
              'ul',
              { class: 'expectations' },
              ...expectations.map((e) =>
                h(
                  'li',
                  { class: e.status },
                  h('strong', {}, e.status === 'overdue' ? 'Overdue: ' : 'Pending: '),
                  expectationText(e),
                ),
              ),
            ),
      ),
    );
  });
  return h(
    'table',
    { class: 'rows' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['What', 'Who', 'Where', 'Status', 'Since', 'Certainty', 'Expected'].map((c) =>
          h('th', { scope: 'col' }, c),
        ),
      ),
    ),
    h('tbody', {}, ...body),
  );
}
