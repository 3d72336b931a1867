import type { ViewRow } from './api.js';
import { certaintyBadge, certaintyOf } from './certainty.js';
import { afterPaint, appendInBatches, h } from './dom.js';
import { FIRST_ROWS } from './first-pages.js';
import type { NameBook } from './names.js';
import { describe, expectationStatus, expectationText, type RowText } from './row-words.js';

/** Rows drawn at once (the explorer's first page of rows); a longer answer offers the rest with a button. */
export const SHOWN = FIRST_ROWS;
/** Rows added at a time when the rest is asked for. */
const BATCH = 150;

interface Column {
  name: string;
  cell: (row: ViewRow, text: RowText) => Node | string;
}

function allColumns(names: NameBook, onOpen: (row: ViewRow) => void): Column[] {
  return [
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
}

/** The columns some of the rows fill: a column no row fills is left out. */
function filledColumns(columns: Column[], rows: ViewRow[], texts: RowText[]): Column[] {
  return columns.filter((column) =>
    rows.some((row, i) => {
      const cell = column.cell(row, texts[i]!);
      return typeof cell === 'string' ? cell !== '' : true;
    }),
  );
}

function rowElement(row: ViewRow, text: RowText, columns: Column[]): HTMLTableRowElement {
  return h(
    'tr',
    { 'data-key': row.key, class: certaintyOf(row.certainty) },
    ...columns.map((column) => h('td', { 'data-label': column.name }, column.cell(row, text))),
  );
}

function tableOf(columns: Column[], body: HTMLTableRowElement[]): HTMLTableElement {
  return h(
    'table',
    { class: 'rows' },
    h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { scope: 'col' }, c.name)))),
    h('tbody', {}, ...body),
  );
}

/** The rows as a table; a column no row fills is left out. Activating a row's title opens its sources. */
export function rowsTable(view: string, rows: ViewRow[], names: NameBook, onOpen: (row: ViewRow) => void): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'empty' }, 'No rows for this date and these filters.');
  const texts = rows.map((row) => describe(view, row, names));
  const shown = filledColumns(allColumns(names, onOpen), rows, texts);
  const table = tableOf(
    shown,
    rows.slice(0, SHOWN).map((row, i) => rowElement(row, texts[i]!, shown)),
  );
  if (rows.length <= SHOWN) return table;
  // A long answer draws its first rows at once; the rest on request, so the page stays quick.
  const more = h('button', { type: 'button', class: 'export' }, `Show all ${rows.length} rows`);
  more.addEventListener('click', () => {
    more.remove();
    void appendInBatches(table.tBodies[0]!, rows.slice(SHOWN), (row) =>
      rowElement(row, describe(view, row, names), shown),
    );
  });
  return h('div', {}, table, more);
}

/**
 * The explorer's table of rows. Its first rows are drawn at once and the rest, once read, on request
 * a batch at a time. An answer that leaves the drawn rows as they were (a move of the date that
 * changes none of them, the rest of an answer arriving) leaves the table untouched.
 */
export class RowsTable {
  private rows: ViewRow[] = [];
  private view = '';
  /** The rows drawn, as their answer gave them: what a new answer is compared with. */
  private drawn = '';
  private table: HTMLTableElement | undefined;
  private shownColumns: Column[] = [];
  /** Each drawn row's key, its answer and its element: an unchanged row keeps its element. */
  private drawnRows: Drawn[] = [];
  private drawnVersion = -1;
  /** How many of the rows are drawn. */
  private count = 0;
  private readonly more = h('button', { type: 'button', class: 'export more-rows' });
  private readonly columns: Column[];

  constructor(
    private readonly container: HTMLElement,
    private readonly names: NameBook,
    onOpen: (row: ViewRow) => void,
  ) {
    this.columns = allColumns(names, onOpen);
    this.more.addEventListener('click', () => void this.showAll());
  }

  /** The rows of an answer, as far as it has been read. */
  show(view: string, rows: ViewRow[]): void {
    this.rows = rows;
    const answers = rows.slice(0, Math.max(SHOWN, this.count)).map((row) => JSON.stringify(row));
    const drawn = this.signature(view, answers);
    if (drawn !== this.drawn || !this.container.firstChild) {
      this.draw(view, rows.slice(0, SHOWN), answers.slice(0, SHOWN));
      this.drawn = this.signature(view, answers.slice(0, SHOWN));
    }
    this.offerRest();
  }

  private signature(view: string, answers: string[]): string {
    return `${view}\n${this.names.version}\n${answers.join('\n')}`;
  }

  /**
   * Draws the rows. When the view and the columns are the same as before, the table is changed in
   * place: rows gone or changed are removed, new or changed ones put where the answer has them, the
   * unchanged ones left alone, so the browser lays out and paints only what changed.
   */
  private draw(view: string, rows: ViewRow[], answers: string[]): void {
    const sameView = view === this.view && this.names.version === this.drawnVersion;
    this.view = view;
    this.drawnVersion = this.names.version;
    this.count = rows.length;
    if (rows.length === 0) {
      this.table = undefined;
      this.drawnRows = [];
      this.container.replaceChildren(h('p', { class: 'empty' }, 'No rows for this date and these filters.'));
      return;
    }
    const texts = rows.map((row) => describe(view, row, this.names));
    const columns = filledColumns(this.columns, rows, texts);
    const names = (list: Column[]) => list.map((c) => c.name).join();
    if (!sameView || !this.table || names(columns) !== names(this.shownColumns)) {
      this.drawTable(rows, answers, texts, columns);
      return;
    }
    const before = new Map(this.drawnRows.map((d) => [d.key, d]));
    const kept = new Set<HTMLTableRowElement>();
    rows.forEach((row, i) => {
      const old = before.get(row.key);
      if (old && old.answer === answers[i]) kept.add(old.element);
    });
    for (const d of this.drawnRows) if (!kept.has(d.element)) d.element.remove();
    const body = this.table.tBodies[0]!;
    let next: ChildNode | null = body.firstChild;
    this.drawnRows = rows.map((row, i) => {
      const old = before.get(row.key);
      const element = old && kept.has(old.element) ? old.element : rowElement(row, texts[i]!, columns);
      if (element === next) next = next.nextSibling;
      else body.insertBefore(element, next);
      return { key: row.key, answer: answers[i]!, element };
    });
    while (next) {
      const after: ChildNode | null = next.nextSibling;
      next.remove();
      next = after;
    }
  }

  /** The table drawn anew with these columns, from these rows (the answers and words given by index). */
  private drawTable(rows: ViewRow[], answers: string[], texts: RowText[], columns: Column[]): void {
    this.shownColumns = columns;
    this.drawnRows = rows.map((row, i) => ({
      key: row.key,
      answer: answers[i]!,
      element: rowElement(row, texts[i]!, columns),
    }));
    this.table = tableOf(
      columns,
      this.drawnRows.map((d) => d.element),
    );
    this.container.replaceChildren(this.table, this.more);
  }

  private offerRest(): void {
    this.more.hidden = this.rows.length <= this.count;
    this.more.textContent = `Show all ${this.rows.length} rows`;
  }

  /** Draws every row read so far, a batch at a time: the table again first when they fill another column. */
  private async showAll(): Promise<void> {
    if (!this.table) return;
    const { rows, view } = this;
    const focus = document.activeElement === this.more;
    this.more.hidden = true;
    const texts = rows.map((row) => describe(view, row, this.names));
    const answers = rows.map((row) => JSON.stringify(row));
    const columns = filledColumns(this.columns, rows, texts);
    if (columns.length !== this.shownColumns.length) this.drawTable(rows.slice(0, this.count), answers, texts, columns);
    const table = this.table;
    const first = this.count;
    while (this.table === table && this.rows === rows && this.count < rows.length) {
      const batch = rows.slice(this.count, this.count + BATCH).map((row, i) => ({
        key: row.key,
        answer: answers[this.count + i]!,
        element: rowElement(row, texts[this.count + i]!, columns),
      }));
      table.tBodies[0]!.append(...batch.map((d) => d.element));
      this.drawnRows.push(...batch);
      this.count += batch.length;
      this.drawn = this.signature(view, answers.slice(0, this.count));
      // Focus stays where the reader was: on the first row added, while the table is still short.
      if (focus && this.count - batch.length === first) table.tBodies[0]!.rows[first]?.querySelector('button')?.focus();
      // Each batch is laid out and painted before the next: a long table never holds the page up.
      await afterPaint();
    }
    if (this.table === table) this.offerRest();
  }
}

interface Drawn {
  key: string;
  answer: string;
  element: HTMLTableRowElement;
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
