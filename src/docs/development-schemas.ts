import { DEVELOPMENT_TYPE_NAMES } from '../../events/index.js';
import { typedData } from './catalogue-schemas.js';
import { day, nullable, object, ref, type Schema } from './json-schema.js';

const revision = {
  type: 'integer',
  minimum: 0,
  description: "Revision of the development's stream: its ETag",
};
const recordedAt = {
  type: 'string',
  format: 'date-time',
  description: 'Transaction time: when the log took it',
};
const recordedBy = {
  type: 'string',
  description: 'The name of the key that recorded it (`seed`, `cli` for those tools); never a secret',
};
const position = { type: 'string', description: "Position in the log (the feed's resume point)" };
const uuid = { type: 'string', format: 'uuid' };

/** Developments as the service answers with them, and what a write answers. */
export function developmentSchemas(sources: Schema): Record<string, Schema> {
  return {
    PresentedSource: {
      ...sources,
      properties: {
        ...(sources.properties as Schema),
        publishedText: { type: 'string', description: 'The publication date in words' },
      },
    },
    Development: {
      ...object(
        {
          id: uuid,
          type: { type: 'string', enum: DEVELOPMENT_TYPE_NAMES },
          date: { type: 'string', description: 'EDTF, as recorded' },
          dateNote: { type: 'string', description: 'The words the source used for the date' },
          summary: { type: 'string' },
          subjects: {
            type: 'array',
            items: { type: 'string' },
            description: 'org:, gov:, country: and region: references',
          },
          sources: { type: 'array', items: ref('PresentedSource') },
          expectations: { type: 'array', items: ref('Expectation') },
          data: { type: 'object', description: 'Follows the schema of its type' },
          revision,
          recordedAt,
          recordedBy,
          position,
          corrections: {
            type: 'array',
            items: object(
              {
                revision,
                recordedAt,
                recordedBy,
                reason: { type: 'string' },
                changes: ref('CorrectionChanges'),
              },
              ['recordedBy'],
            ),
          },
          retracted: object({ revision, recordedAt, recordedBy, reason: { type: 'string' } }, ['recordedBy']),
          dateText: {
            type: 'string',
            description: 'The date in words: "second half of 2025, approximately"',
          },
          dateRange: object(
            {
              earliest: day('First day it may have happened on'),
              latest: day('Last day it may have happened on'),
              openStart: { const: true, description: 'It held by `latest`; when it began is unknown' },
            },
            ['openStart'],
            'The inclusive days the date covers',
          ),
          certainFrom: nullable(
            day("First day it had surely happened, by its date (unless qualified) or a source's publication"),
          ),
          publishedFrom: nullable(day("Last day of its earliest source's publication")),
          lastReported: object(
            {
              day: day('Last day its evidence covers'),
              date: { type: 'string', description: 'EDTF: the latest publication among its sources, or its own date' },
              text: { type: 'string', description: 'That date in words' },
              published: {
                type: 'boolean',
                description: 'False when no source gives a publication date: its own date stands in',
              },
            },
            [],
            'The edge of its evidence: a source proves what held up to its publication, nothing after',
          ),
          claims: {
            type: 'array',
            description:
              'When a source states its own date or value (`sources[i].says`): what each source says, side by side',
            items: object(
              {
                source: { type: 'integer', description: 'Index in `sources`' },
                title: { type: 'string' },
                publisher: { type: 'string' },
                published: { type: 'string' },
                date: { type: 'string', description: 'EDTF: the date this source gives' },
                dateText: { type: 'string' },
                value: { type: 'object', description: 'For a figure: the value this source gives' },
                own: { type: 'boolean', description: 'False when the source states no claim of its own' },
              },
              ['publisher', 'published', 'value'],
            ),
          },
        },
        ['dateNote', 'expectations', 'retracted', 'claims', 'recordedBy'],
        'A development as recorded, with its date read and when it became certain',
      ),
      ...typedData(),
    },
    TimelinePage: object(
      {
        developments: { type: 'array', items: ref('Development') },
        nextCursor: {
          type: 'string',
          description: 'Pass as `cursor` for the next page; absent on the last page',
        },
      },
      ['nextCursor'],
    ),
    WriteResult: object(
      {
        id: uuid,
        revision,
        position,
        recordedAt,
        duplicate: {
          type: 'boolean',
          description: 'True when this exact write was already stored: nothing new was',
        },
      },
      [],
      'A stored development, correction or retraction',
    ),
    RecordedBatch: object({
      created: { type: 'integer', minimum: 0 },
      duplicates: { type: 'integer', minimum: 0 },
      results: { type: 'array', items: ref('WriteResult') },
    }),
    ReplayPage: object(
      {
        steps: {
          type: 'array',
          items: object({
            development: ref('Development'),
            changes: {
              type: 'array',
              items: object({
                view: { type: 'string' },
                key: { type: 'string' },
                before: nullable(ref('RowValue')),
                after: nullable(ref('RowValue')),
                changed: {
                  type: 'array',
                  items: { type: 'string' },
                  description: 'Top-level fields whose value changed',
                },
              }),
            },
          }),
        },
        nextCursor: { type: 'string' },
      },
      ['nextCursor'],
    ),
    FeedMessage: object(
      {
        position,
        kind: { enum: ['DevelopmentRecorded', 'DevelopmentCorrected', 'DevelopmentRetracted'] },
        recordedAt,
        development: { ...ref('Development'), description: 'The development as it stands after this change' },
      },
      [],
      'One change to the timeline, as the feed and webhooks deliver it',
    ),
  };
}
