import { TIMELINE_CSV_HEADER } from '../export/timeline-export.js';
import { TIMELINE_JS_TYPE } from '../export/timelinejs.js';
import { object, ref, type Schema } from './json-schema.js';

const text = { type: 'string' };
const html = object({ headline: text, text: { type: 'string', description: 'HTML, every value escaped' } });
const date = object(
  { year: { type: 'integer' }, month: { type: 'integer' }, day: { type: 'integer' }, display_date: text },
  ['display_date'],
);

/** The parts of the TimelineJS JSON format the exports write. */
export const TIMELINE_JS: Schema = object(
  {
    title: object({ text: html }),
    events: {
      type: 'array',
      items: object(
        { unique_id: text, start_date: date, end_date: date, display_date: text, group: text, text: html },
        ['end_date'],
      ),
    },
  },
  [],
  'TimelineJS JSON (timeline.knightlab.com/docs/json-format.html): every matching row, not one page',
);

const NAMES: Schema = {
  type: 'object',
  additionalProperties: { type: 'string' },
  description: '`expand=names`: each id in the answer with its display name',
};

const CSV_EXAMPLES: Record<string, string> = {
  TimelinePage: `${TIMELINE_CSV_HEADER}...\n`,
  StatePage: 'key,certainty,valid_from,valid_to,facilityId,owner,owner_names,kind,country,status,developments\n...\n',
};

type Components = Record<string, Schema>;
export type Parameter = { name: string; schema?: { enum?: string[] } };

/**
 * An answer that `expand=names` extends gets a `names` map; one that `format` exports is also CSV
 * (`format=csv` or `Accept: text/csv`) and TimelineJS JSON (`format=timelinejs`).
 */
export function describeOutputs(answer: Schema | undefined, parameters: Parameter[], components: Components): void {
  if (!answer) return;
  const json = (answer.content as Record<string, Schema> | undefined)?.['application/json'];
  const page = ((json?.schema as Schema | undefined)?.$ref as string | undefined)?.split('/').pop();
  if (!json || !page) return;
  if (parameters.some((p) => p.name === 'expand')) {
    // An optional member of the page itself: one schema for a page with or without names.
    const schema = components[page]!;
    schema.properties = { ...(schema.properties as Schema), names: NAMES };
  }
  // Each format is its own media type with its own schema: a generated client needs no type guard.
  const formats = parameters.find((p) => p.name === 'format')?.schema?.enum ?? [];
  if (formats.includes('timelinejs')) {
    answer.content = { ...(answer.content as Schema), [TIMELINE_JS_TYPE]: { schema: ref('TimelineJs') } };
  }
  if (formats.includes('csv')) {
    answer.content = {
      ...(answer.content as Schema),
      'text/csv': {
        schema: { type: 'string', description: 'RFC 4180, CRLF; the columns are fixed per view (see the README)' },
        example: CSV_EXAMPLES[page] ?? '...\n',
      },
    };
  }
}
