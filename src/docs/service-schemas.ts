import { day, extend, nullable, object, ref, strings, type Schema } from './json-schema.js';

const text = { type: 'string' };
const instant = { type: 'string', format: 'date-time' };
const position = nullable({ type: 'string', description: 'A position in the log' });

const entity = object(
  {
    entityId: { type: 'string', description: 'org:<slug> or gov:<slug>' },
    kind: { enum: ['organisation', 'government'] },
    name: text,
    homeCountry: { type: 'string', description: 'ISO 3166-1 alpha-2 (or EU)' },
    aliases: strings('Other names it goes by'),
    parent: { type: 'string', description: 'The organisation it belongs to' },
    recordedAt: instant,
    position: text,
  },
  ['parent'],
  'A registered organisation or government',
);

const webhook = object({
  id: { type: 'string', format: 'uuid' },
  owner: {
    type: 'string',
    description: 'Id of the key that registered it; empty: registered before webhooks had owners',
  },
  url: { type: 'string', format: 'uri' },
  filter: object({ type: strings(), subject: text, country: text, origin: text, q: text }, [
    'type',
    'subject',
    'country',
    'origin',
    'q',
  ]),
  status: { enum: ['active', 'paused'] },
  cursor: nullable({
    type: 'string',
    description: 'Position of the last delivered change; null: from the start of the log',
  }),
  consecutiveFailures: { type: 'integer', minimum: 0 },
  pausedReason: nullable(text),
  createdAt: instant,
});

/** Entities, the catalogue, health and webhooks: what the rest of the service answers. */
export function serviceSchemas(): Record<string, Schema> {
  return {
    Entity: entity,
    EntityList: object({ entities: { type: 'array', items: ref('Entity') } }),
    RegisteredEntity: object({ entityId: text, position: text, duplicate: { type: 'boolean' } }),
    RegisteredEntities: object({ results: { type: 'array', items: ref('RegisteredEntity') } }),
    EntityProfile: extend(
      entity,
      {
        asOf: day('The date asked'),
        publishedBy: day('The publication axis, when asked'),
        views: ref('ViewsOfEntity'),
      },
      ['asOf', 'views'],
    ),
    Catalogue: object({
      envelope: {
        type: 'object',
        description: 'JSON Schema (draft 2020-12) of the development a client submits',
      },
      types: {
        type: 'array',
        items: object({
          type: text,
          kind: { enum: ['development', 'lifecycle', 'entity'] },
          description: text,
          schema: { type: 'object', description: "JSON Schema (draft 2020-12) of the event's data" },
        }),
      },
    }),
    HealthCheck: object(
      {
        status: { enum: ['pass', 'warn', 'fail'] },
        serviceId: text,
        description: text,
        output: { type: 'string', description: 'What failed, when something did' },
        checks: {
          type: 'object',
          description: 'Per `component:measurement`, one result per instance of the component',
          additionalProperties: {
            type: 'array',
            items: object(
              {
                componentId: text,
                componentType: text,
                status: { enum: ['pass', 'warn', 'fail'] },
                observedValue: { type: ['number', 'string'] },
                observedUnit: text,
                output: text,
                time: { type: 'string', format: 'date-time' },
              },
              ['componentId', 'observedValue', 'observedUnit', 'output', 'time'],
            ),
          },
        },
      },
      ['output', 'checks'],
      'IETF draft "Health Check Response Format for HTTP APIs" (application/health+json)',
    ),
    Readiness: object({
      status: {
        enum: ['ready', 'degraded', 'unavailable'],
        description: '`unavailable` (503): answers may not be current',
      },
      head: position,
      readModel: position,
      checks: object({
        store: object({ status: { enum: ['ok', 'failed'] }, detail: text }, ['detail']),
        readModel: object(
          {
            status: { enum: ['ok', 'lagging', 'failed'] },
            checkpoint: position,
            lag: {
              type: 'integer',
              minimum: 0,
              description: 'Events behind the log (counted up to maxLag + 1)',
            },
            maxLag: { type: 'integer' },
            fault: object({ message: text, code: text, since: instant, attempts: { type: 'integer' } }, ['code']),
          },
          ['fault'],
        ),
        parts: {
          type: 'array',
          items: object(
            {
              name: text,
              status: { enum: ['ok', 'degraded', 'failed'] },
              detail: text,
              items: { type: 'array', description: 'What the part set aside, for an operator' },
            },
            ['detail', 'items'],
          ),
        },
        damage: { type: 'array', items: object({ code: text, message: text, at: instant }) },
      }),
    }),
    Key: object({
      id: { type: 'string', description: 'Stable across rotation; owns webhooks' },
      name: { type: 'string', description: 'Shown as `recordedBy` on what the key records' },
      role: { enum: ['reader', 'editor', 'admin'] },
    }),
    DateReading: object({
      edtf: text,
      dateText: { type: 'string', description: 'The date in words' },
      dateRange: object({
        earliest: { type: 'string', format: 'date' },
        latest: { type: 'string', format: 'date' },
        openStart: { type: 'boolean', description: '`../D`: it held by D; when it began is unknown' },
        openEnd: { type: 'boolean', description: '`D/..`: no known end (periods only)' },
      }),
    }),
    KeyList: object({ keys: { type: 'array', items: ref('Key') } }),
    ImportAnswer: object({
      dryRun: { type: 'boolean' },
      recorded: { type: 'integer', minimum: 0 },
      wouldRecord: { type: 'integer', minimum: 0, description: 'A dry run: rows that a real run would record' },
      duplicates: { type: 'integer', minimum: 0, description: 'Rows recorded before with the same content' },
      rejected: { type: 'integer', minimum: 0 },
      rows: {
        type: 'array',
        items: object(
          {
            row: { type: 'integer', minimum: 1, description: "The file's row (a CSV's header is row 1) or line" },
            kind: { enum: ['development', 'entity'] },
            id: { type: 'string', description: "The development's id (given or derived from the row) or the entity's" },
            outcome: { enum: ['would_record', 'recorded', 'duplicate', 'rejected'] },
            errors: {
              type: 'array',
              items: object({ column: text, path: text, code: text, message: text }, ['column']),
            },
          },
          ['id', 'errors'],
        ),
      },
    }),
    Webhook: webhook,
    RegisteredWebhook: extend(webhook, {
      secret: { type: 'string', description: 'The secret the service made (whsec_...), shown this once' },
    }),
    WebhookList: object({ webhooks: { type: 'array', items: ref('Webhook') } }),
    Deliveries: object({
      deliveries: {
        type: 'array',
        items: object({
          position: text,
          attempt: { type: 'integer', minimum: 1 },
          statusCode: nullable({ type: 'integer' }),
          error: nullable(text),
          durationMs: { type: 'integer', minimum: 0 },
          at: instant,
        }),
      },
    }),
  };
}
