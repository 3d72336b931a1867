import { MEASURES, SCALES } from '../../events/index.js';
import { footprintValue, latestFigure, PROJECTIONS, rowExpectation, VIEW_NAMES } from '../../projections/index.js';
import { figureSeries as figureSeriesExample } from './examples.js';
import { answerFromZod, day, extend, nullable, object, ref, type Schema } from './json-schema.js';

const text = { type: 'string' };
const edtf = (description: string): Schema => ({ type: 'string', description: `EDTF: ${description}` });
const figureSource = answerFromZod(latestFigure.shape.source);

const CERTAINTY = {
  enum: ['certain', 'possible', 'unconfirmed'],
  description:
    '`certain`: every development behind it had surely happened by asOf and its sources cover asOf; ' +
    '`possible`: it may have happened by asOf; `unconfirmed`: asOf is after its last report — its last known ' +
    'state, which no source confirms on that day',
};
const lastReported = object(
  {
    day: day('Last day its evidence covers'),
    date: edtf(
      'that edge as the source gives it: the latest publication among its sources, or its own date when none gives one',
    ),
    text: { type: 'string', description: 'That date in words ("March 2025")' },
  },
  [],
  'The edge of its evidence',
);

/** A view's row value: its projection's zod schema (the footprint's own), as answered. */
function viewValues(): Record<string, Schema> {
  return Object.fromEntries([
    ...PROJECTIONS.map((projection) => [projection.name, answerFromZod(projection.value)]),
    ['footprint', answerFromZod(footprintValue)],
  ]);
}

const title = (view: string) => view[0]!.toUpperCase() + view.slice(1);

function rowOf(value: Schema, description: string): Schema {
  return object(
    {
      key: text,
      certainty: CERTAINTY,
      validFrom: day(
        'First day of this version of the row in the series that answered (the certain one for a certain row)',
      ),
      validTo: nullable(day('Day this version ends (exclusive); null while open')),
      since: object(
        {
          date: edtf('the date, as the source gives it, of the development that began the row’s state'),
          text: { type: 'string', description: 'That date in words, never more precise than the source' },
        },
        [],
      ),
      certainSince: nullable(
        object({ day: day('First day it is certain'), text: { type: 'string' } }, [], 'When the row became certain'),
      ),
      lastReported,
      certaintyText: { type: 'string', description: 'Its certainty in words: "operating, last reported March 2025"' },
      developments: {
        type: 'array',
        items: { type: 'string', format: 'uuid' },
        description: 'The developments it derives from',
      },
      moreDevelopments: { const: true, description: 'Footprint: more developments than the 100 listed' },
      value,
    },
    ['moreDevelopments'],
    description,
  );
}

/** Rows of each view, the pages that hold them, counts over time, plans against outcomes. */
export function viewSchemas(): Record<string, Schema> {
  const values = viewValues();
  const schemas: Record<string, Schema> = {};
  for (const view of VIEW_NAMES) {
    schemas[`${title(view)}Value`] = values[view]!;
    schemas[`${title(view)}Row`] = rowOf(ref(`${title(view)}Value`), `A row of ${view} as of the date`);
    schemas[`${title(view)}Page`] = {
      type: 'object',
      required: ['view', 'rows'],
      properties: { view: { const: view }, rows: { type: 'array', items: ref(`${title(view)}Row`) } },
    };
  }
  const byView = (name: string) => ({
    oneOf: VIEW_NAMES.map((view) => ref(`${title(view)}${name}`)),
    discriminator: {
      propertyName: 'view',
      mapping: Object.fromEntries(VIEW_NAMES.map((view) => [view, `#/components/schemas/${title(view)}${name}`])),
    },
  });
  return {
    ...schemas,
    RowValue: { anyOf: VIEW_NAMES.map((view) => ref(`${title(view)}Value`)) },
    ViewRow: { anyOf: VIEW_NAMES.map((view) => ref(`${title(view)}Row`)) },
    StatePage: {
      ...object(
        {
          view: { enum: [...VIEW_NAMES] },
          asOf: day('The valid date asked'),
          knownAt: { type: 'string', format: 'date-time', description: 'The transaction time answered' },
          publishedBy: day('The publication axis, when asked'),
          rows: { type: 'array', items: ref('ViewRow') },
          nextCursor: { type: 'string' },
        },
        ['publishedBy', 'nextCursor'],
      ),
      ...byView('Page'),
    },
    Series: object(
      {
        view: { enum: [...VIEW_NAMES] },
        from: day('First day'),
        to: day('Last day'),
        step: { enum: ['year', 'quarter', 'month'] },
        groupBy: { enum: ['country', 'origin', 'status', 'kind'] },
        points: {
          type: 'array',
          items: object(
            {
              date: day('Last day of the step: the counts are the rows as of that day'),
              total: { type: 'integer', minimum: 0 },
              groups: {
                type: 'object',
                additionalProperties: { type: 'number' },
                description: 'Rows per group',
              },
            },
            ['groups'],
          ),
        },
      },
      ['groupBy'],
    ),
    FigureSeries: {
      example: figureSeriesExample,
      ...object(
        {
          view: { const: 'investments' },
          from: day('First day'),
          to: day('Last day'),
          step: { enum: ['year', 'quarter', 'month'] },
          series: {
            type: 'array',
            description: 'One line per series (and per measure and unit); values are never summed across series',
            items: object(
              {
                series: text,
                label: text,
                measure: { enum: [...MEASURES] },
                unit: { type: 'string', description: 'For display: USD million, percent, count' },
                currency: { type: 'string', description: 'ISO 4217, for money' },
                scale: { enum: [...SCALES] },
                partOf: { type: 'string', description: 'The series this one is a component of: never added to it' },
                points: {
                  type: 'array',
                  items: object(
                    {
                      date: day('Last day of the step: the figure the series holds as of that day'),
                      value: nullable({
                        type: 'number',
                        description: "In the line's unit; null before its first figure",
                      }),
                      bound: { type: 'string', description: 'How the source qualified it: over, about...' },
                      period: edtf('the period the figure covers (a later step keeps the figure and its period)'),
                      periodText: { type: 'string', description: 'The period in words' },
                      development: { type: 'string', format: 'uuid' },
                      source: figureSource,
                      certainty: { type: 'string', description: 'Of the figure as of the step' },
                    },
                    ['bound', 'period', 'periodText', 'development', 'source', 'certainty'],
                  ),
                },
              },
              ['currency', 'scale', 'partOf'],
            ),
          },
        },
        [],
        'Figures per series over time (GET /state/investments/series)',
      ),
    },
    ExpectationsPage: object(
      {
        asOf: day('The date asked'),
        expectations: {
          type: 'array',
          items: extend(
            answerFromZod(rowExpectation),
            {
              view: text,
              key: text,
              row: { type: 'string', description: 'What the row is: its title, name or key' },
              certainty: { ...CERTAINTY, description: 'Certainty of the row it is on' },
              lastReported,
            },
            ['view', 'key', 'row', 'certainty', 'lastReported'],
          ),
        },
        nextCursor: text,
      },
      ['nextCursor'],
    ),
    ChangesPage: object({
      view: { enum: [...VIEW_NAMES] },
      from: day('First date'),
      to: day('Second date'),
      changes: {
        type: 'array',
        items: object({ key: text, before: nullable(ref('ViewRow')), after: nullable(ref('ViewRow')) }),
        description: 'Each row that differs: as of `from` and as of `to` (null where it did not hold)',
      },
    }),
    ViewsOfEntity: object(
      Object.fromEntries(
        VIEW_NAMES.map((view) => [
          view,
          {
            type: 'array',
            items: ref(`${title(view)}Row`),
          },
        ]),
      ),
      [...VIEW_NAMES],
      "Every view's rows that name the entity (a view being rebuilt is left out)",
    ),
  };
}
