import type { ViewRow } from './api.js';
import { certaintyBadge, certaintyOf } from './certainty.js';
import { h } from './dom.js';
import type { NameBook } from './names.js';
import { describe, expectationStatus, expectationText, type RowText } from './row-words.js';

/** Rows drawn at once; a longer answer offers the rest with a button. */
const SHOWN = 300;

interface Column {
  name: string;
  cell: (row: ViewRow, text: RowText) => Node | string;
}

/** The rows as a table; a column no row fills is left out. Activating a row's title opens its sources. */
export function rowsTable(view: string, rows: ViewRow[], names: NameBook, onOpen: (row: ViewRow) => void): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'empty' }, 'No rows for this date and these filters.');
  const texts = rows.map((row) => describe(view, row, names));
  const columns: Column[] = [
    {
      name: 'What',
      cell: (row, t) => {
        const open = h('button', { type: 'button', class: 'link', title: 'Show the sources' }, t.what);
        open.addEventListener('click', () => onOpen(row));
        return open;
      },
    },
    { name: 'Who', cell: (_, t) => t.who.map((id) => names.of(id)).join(', ') },
    { name: 'Where', cell: (_, t) => t.where.map((id) => names.of(id)).join(', ') },
    { name: 'Status', cell: (_, t) => t.status },
    { name: 'Since', cell: (_, t) => t.since ?? '' },
    {
      name: 'Certainty',
      cell: (row) => certaintyBadge(certaintyOf(row.certainty), row.lastReported, row.certaintyText),
    },
    { name: 'Expected', cell: (row) => expectations(row) },
  ];
  const shown = columns.filter((column) =>
    rows.some((row, i) => {
      const cell = column.cell(row, texts[i]!);
      return typeof cell === 'string' ? cell !== '' : true;
    }),
  );
  const body = rows
    .slice(0, SHOWN)
    .map((row, i) =>
      h(
        'tr',
        { 'data-key': row.key, class: certaintyOf(row.certainty) },
        ...shown.map((column) => h('td', { 'data-label': column.name }, column.cell(row, texts[i]!))),
      ),
    );
  const table = h(
    'table',
    { class: 'rows' },
    h('thead', {}, h('tr', {}, ...shown.map((c) => h('th', { scope: 'col' }, c.name)))),
    h('tbody', {}, ...body),
  );
  if (rows.length <= SHOWN) return table;
  // A long answer draws its first rows at once; the rest on request, so the page stays quick.
  const more = h('button', { type: 'button', class: 'export' }, `Show all ${rows.length} rows`);
  more.addEventListener('click', () => {
    const rest = rows
      .slice(SHOWN)
      .map((row, i) =>
        h(
          'tr',
          { 'data-key': row.key, class: certaintyOf(row.certainty) },
          ...shown.map((column) => h('td', { 'data-label': column.name }, column.cell(row, texts[SHOWN + i]!))),
        ),
      );
    table.tBodies[0]!.append(...rest);
    more.remove();
  });
  return h('div', {}, table, more);
}

/** What the row's sources expected and has not been met: pending, or not recorded as met by its date. */
function expectations(row: ViewRow): Node | string {
  const open = (row.value.expectations ?? []).filter((e) => e.status === 'pending' || e.status === 'overdue');
  if (open.length === 0) return '';
  return h(
    'ul',
    { class: 'expectations' },
    ...open.map((e) => h('li', { class: e.status }, h('strong', {}, `${expectationStatus(e)}: `), expectationText(e))),
  );
}
