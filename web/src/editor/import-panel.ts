import { h } from '../dom.js';
import { select } from './form.js';
import type { CatalogueType } from './record-form.js';
import { type FieldProblem, send } from './service.js';

interface ImportAnswer {
  dryRun: boolean;
  recorded: number;
  wouldRecord: number;
  duplicates: number;
  rejected: number;
  rows: { row: number; outcome: string; errors?: FieldProblem[] }[];
}

/**
 * "Import a spreadsheet": a template per type to fill in, then the file checked (a dry run: each row's
 * answer, each error at its row and column) and imported, all rows or none.
 */
export function importPanel(types: CatalogueType[], notice: (text: string) => void): HTMLElement {
  const templateType = select([
    ...types.filter((t) => t.kind === 'development').map((t): [string, string] => [t.type, t.type]),
    ['EntityRegistered', 'Organisations and governments'],
  ]);
  const template = h('a', { class: 'template', download: '' }, 'Download the template (CSV)');
  const point = () => {
    template.setAttribute('href', `/catalogue/${encodeURIComponent(templateType.value)}/template.csv`);
  };
  templateType.addEventListener('change', point);
  point();
  const file = h('input', { type: 'file', accept: '.csv,.jsonl,.ndjson,.json', 'aria-label': 'Spreadsheet file' });
  const check = h('button', { type: 'button' }, 'Check (records nothing)');
  const run = h('button', { type: 'button', class: 'primary' }, 'Import');
  const result = h('div', { class: 'import-result', 'aria-live': 'polite' });
  const go = async (dryRun: boolean) => {
    const chosen = file.files?.[0];
    if (!chosen) {
      result.replaceChildren(h('p', {}, 'Choose a file first.'));
      return;
    }
    const contentType = /\.csv$/i.test(chosen.name)
      ? 'text/csv'
      : /\.json$/i.test(chosen.name)
        ? 'application/json'
        : 'application/x-ndjson';
    const answer = await send<ImportAnswer>('POST', `/imports?dryRun=${dryRun}`, await chosen.text(), { contentType });
    result.replaceChildren(...describe(answer.body, answer.ok));
    if (answer.ok && !dryRun) notice(`Imported ${answer.body.recorded} (${answer.body.duplicates} already recorded)`);
  };
  check.addEventListener('click', () => void go(true));
  run.addEventListener('click', () => void go(false));
  return h(
    'section',
    { class: 'import', 'aria-label': 'Import a spreadsheet' },
    h(
      'p',
      {},
      'One row per development; each column is a field (see the template). Lists go in one cell, separated by ;.',
    ),
    h('p', {}, templateType, ' ', template),
    h('p', {}, file, ' ', check, ' ', run),
    result,
  );
}

function describe(answer: ImportAnswer & { detail?: string; errors?: FieldProblem[] }, ok: boolean): HTMLElement[] {
  const rows = answer.rows ?? [];
  const rejected = rows.filter((r) => r.outcome === 'rejected');
  const summary = answer.dryRun
    ? `Would record ${answer.wouldRecord}, already recorded ${answer.duplicates}, rejected ${answer.rejected}. Nothing was recorded.`
    : ok
      ? `Recorded ${answer.recorded}, already recorded ${answer.duplicates}.`
      : `${answer.detail ?? 'Not imported'}`;
  const problems = rejected.length
    ? rejected.flatMap((r) => (r.errors ?? []).map((e) => ({ row: r.row, ...e })))
    : (answer.errors ?? []);
  return [
    h('p', { role: 'status' }, summary),
    problems.length
      ? h(
          'table',
          {},
          h('thead', {}, h('tr', {}, h('th', {}, 'Row'), h('th', {}, 'Column'), h('th', {}, 'Problem'))),
          h(
            'tbody',
            {},
            ...problems.map((e) =>
              h('tr', {}, h('td', {}, String(e.row ?? '')), h('td', {}, e.column ?? e.path), h('td', {}, e.message)),
            ),
          ),
        )
      : h('span'),
  ];
}
