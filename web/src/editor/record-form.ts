import { query } from '../api.js';
import { h } from '../dom.js';
import { dateField } from './date-field.js';
import type { EntityBook } from './entities.js';
import { Form, input, select } from './form.js';
import { compact, type FieldKind, type FieldSpec, fieldsOf, type JsonSchema, setPath } from './schema-fields.js';
import { read, send } from './service.js';

export interface CatalogueType {
  type: string;
  kind: string;
  description: string;
  schema: JsonSchema;
}

const SOURCE_KINDS = ['news', 'opinion', 'research', 'official', 'company', 'other'];

/** The view a development type changes rows of, for the preview. */
function viewOf(type: string): string | undefined {
  if (type.startsWith('Facility')) return 'facilities';
  if (type.startsWith('Licensing')) return 'licensing';
  if (type.startsWith('Acquisition')) return 'acquisitions';
  if (type.startsWith('Policy') || type.startsWith('ExportControl')) return 'policies';
  if (type.startsWith('Agreement') || type === 'PartnershipFormed') return 'agreements';
  if (type === 'InvestmentReported') return 'investments';
  return undefined;
}

/**
 * "Record a development": the type chosen, the fields of that type from the catalogue's JSON Schema,
 * organisations by name or alias, the date in EDTF or plain choices, sources and expectations; a
 * preview checks it as the service would and shows the rows it touches as of a chosen date.
 */
export class RecordForm {
  readonly element: HTMLElement;
  private readonly form = new Form('Record a development');
  private readonly kinds = new Map<string, FieldKind>();
  private readonly typeSelect: HTMLSelectElement;
  private readonly dataBox = h('fieldset', { class: 'data-fields' }, h('legend', {}, 'What the development is about'));
  private readonly sourcesBox = h('div', { class: 'sources-fields' });
  private readonly previewBox = h('div', { class: 'preview', 'aria-live': 'polite' });
  private readonly previewDate = h('input', { type: 'date', 'aria-label': 'Preview as of' });
  private sources = 0;

  constructor(
    private readonly types: CatalogueType[],
    private readonly book: EntityBook,
    private readonly notice: (text: string) => void,
  ) {
    const developmentTypes = types.filter((t) => t.kind === 'development');
    this.typeSelect = select(developmentTypes.map((t): [string, string] => [t.type, `${t.type} — ${t.description}`]));
    this.typeSelect.addEventListener('change', () => this.showData());
    const date = dateField();
    const expectationType = select([
      ['', '(none)'],
      ...developmentTypes.map((t): [string, string] => [t.type, t.type]),
    ]);
    const addSource = h('button', { type: 'button' }, 'Add another source');
    addSource.addEventListener('click', () => this.addSource());
    const preview = h('button', { type: 'button' }, 'Preview');
    preview.addEventListener('click', () => void this.preview());
    const save = h('button', { type: 'submit', class: 'primary' }, 'Record');
    this.form.element.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.save();
    });
    this.form.element.append(
      this.form.field('type', 'Type', this.typeSelect),
      this.form.field('date', 'Date (EDTF)', date.input),
      date.builder,
      date.preview,
      this.form.field('dateNote', 'The words the source used for the date', input()),
      this.form.field('summary', 'Summary', h('textarea', { rows: '2' })),
      this.form.field(
        'subjects',
        'About (organisations, governments, country:XX), separated by ;',
        input({ list: 'editor-entities', placeholder: 'BYD; country:HU' }),
      ),
      h('fieldset', {}, h('legend', {}, 'Sources'), this.sourcesBox, addSource),
      h(
        'fieldset',
        {},
        h('legend', {}, 'What the source says is planned or due (optional)'),
        this.form.field('expectations.0.type', 'Expected development', expectationType),
        this.form.field('expectations.0.date', 'Due (EDTF, e.g. 2025-41~ for late 2025)', input()),
        this.form.field('expectations.0.note', 'In the words of the source', input()),
      ),
      this.dataBox,
      h('div', { class: 'preview-row' }, h('label', {}, 'Preview as of ', this.previewDate), preview),
      this.previewBox,
      this.form.errorsArea(),
      save,
    );
    this.kinds.set('subjects', 'parties');
    this.addSource();
    this.showData();
    this.element = h('section', { class: 'record', 'aria-label': 'Record a development' }, this.form.element);
  }

  private addSource(): void {
    const n = this.sources++;
    const p = `sources.${n}.`;
    this.sourcesBox.append(
      h(
        'div',
        { class: 'source-fields' },
        this.form.field(`${p}title`, 'Title', input()),
        this.form.field(`${p}url`, 'Address (URL)', input({ type: 'url' })),
        this.form.field(`${p}document`, 'or a document', input()),
        this.form.field(`${p}quote`, 'Quote (verbatim)', h('textarea', { rows: '2' })),
        this.form.field(`${p}publisher`, 'Publisher', input()),
        this.form.field(
          `${p}kind`,
          'Kind',
          select([['', '(not said)'], ...SOURCE_KINDS.map((k): [string, string] => [k, k])]),
        ),
        this.form.field(`${p}published`, 'Published (EDTF)', input({ placeholder: 'e.g. 2026-01-05' })),
      ),
    );
  }

  /** The fields of the chosen type's data, from its JSON Schema. */
  private showData(): void {
    const type = this.types.find((t) => t.type === this.typeSelect.value);
    this.form.drop('data.');
    for (const key of [...this.kinds.keys()]) if (key.startsWith('data.')) this.kinds.delete(key);
    this.dataBox.replaceChildren(h('legend', {}, 'What the development is about'));
    for (const spec of type ? fieldsOf(type.schema, 'data.') : []) {
      this.kinds.set(spec.path, spec.kind);
      this.dataBox.append(this.form.field(spec.path, labelOf(spec), this.inputOf(spec)));
    }
  }

  private inputOf(spec: FieldSpec): HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement {
    if (spec.options) return select([['', '(choose)'], ...spec.options.map((o): [string, string] => [o, o])]);
    if (spec.kind === 'json') return h('textarea', { rows: '2', placeholder: '[{"date": "2035", "goal": "..."}]' });
    if (spec.kind === 'party' || spec.kind === 'parties') return input({ list: 'editor-entities' });
    return input(spec.kind === 'number' ? { inputmode: 'decimal' } : {});
  }

  /** The development the form describes, each value as its field takes it. */
  development(): Record<string, unknown> {
    const body: Record<string, unknown> = { data: {} };
    for (const path of this.form.paths()) {
      const text = this.form.value(path);
      if (text === '') continue;
      setPath(body, path, this.valueOf(path, text));
    }
    return compact(body) as Record<string, unknown>;
  }

  private valueOf(path: string, text: string): unknown {
    const words = () =>
      text
        .split(';')
        .map((w) => w.trim())
        .filter(Boolean);
    switch (this.kinds.get(path)) {
      case 'number':
        return Number.isFinite(Number(text)) ? Number(text) : text;
      case 'list':
        return words();
      case 'party':
        return this.book.resolve(text);
      case 'parties':
        return words().map((w) => this.book.resolve(w));
      case 'json':
        try {
          return JSON.parse(text) as unknown;
        } catch {
          return text;
        }
      default:
        return text;
    }
  }

  /** Checks it as the import's dry run does (the same checks as recording) and shows the rows it touches. */
  private async preview(): Promise<void> {
    const development = this.development();
    const checked = await send<{
      rows: { outcome: string; errors?: { path: string; code: string; message: string }[] }[];
    }>('POST', '/imports?dryRun=true', [development]);
    const row = checked.body.rows?.[0];
    if (!checked.ok || !row || row.outcome === 'rejected') {
      this.form.showErrors(row?.errors ?? checked.body.errors ?? [], checked.body.detail);
      this.previewBox.replaceChildren(h('p', {}, 'Not recorded as it stands: see the fields marked.'));
      return;
    }
    this.form.clearErrors();
    const asOf = this.previewDate.value || new Date().toISOString().slice(0, 10);
    const view = viewOf(String(development.type));
    const lines: HTMLElement[] = [h('p', {}, `Valid: it would be recorded (${row.outcome.replace('_', ' ')}).`)];
    if (view) {
      const subject = (development.subjects as string[] | undefined)?.[0];
      const { body } = await read<{ rows: { key: string; certainty: string; value: Record<string, unknown> }[] }>(
        `/state/${view}?${query({ asOf, subject, limit: 20 })}`,
      );
      lines.push(
        h('p', {}, `As of ${asOf}, ${view} rows about ${subject ?? 'them'} now (before this development):`),
        h(
          'ul',
          {},
          ...(body.rows.length
            ? body.rows.map((r) => h('li', {}, `${r.key}: ${String(r.value.status ?? '')} (${r.certainty})`))
            : [h('li', {}, 'none')]),
        ),
        h('p', {}, `Recording it adds a ${String(development.type)} dated ${String(development.date)} to them.`),
      );
    }
    this.previewBox.replaceChildren(...lines);
  }

  private async save(): Promise<void> {
    const development = this.development();
    const answer = await send<{ id: string }>('POST', '/developments', development);
    if (!answer.ok) {
      this.form.showErrors(answer.body.errors ?? [], answer.body.detail);
      return;
    }
    this.form.clearErrors();
    this.notice(`Recorded: ${String(development.summary)}`);
    this.form.element.reset();
    this.previewBox.replaceChildren(h('p', { role: 'status' }, `Recorded as ${answer.body.id}.`));
  }
}

function labelOf(spec: FieldSpec): string {
  const what = spec.path.slice('data.'.length);
  const hint =
    spec.kind === 'party'
      ? ' (name or alias)'
      : spec.kind === 'parties'
        ? ' (names or aliases, separated by ;)'
        : spec.kind === 'list'
          ? ' (separated by ;)'
          : '';
  return `${what}${hint}${spec.required ? ' *' : ''}`;
}
