import { HEALTH_JSON } from '../health/health-json.js';
import * as ex from './examples.js';
import * as imp from './import-examples.js';
import { ref, type Schema } from './json-schema.js';
import { mergeProblems } from './problems.js';

/** What one operation takes and answers, beyond what the controllers' decorators say. */
export interface OperationDoc {
  body?: {
    description: string;
    schema: Schema;
    examples: Record<string, { summary: string; value: unknown }>;
    /** Media types the body may be sent as besides JSON. */
    alsoAs?: Record<string, { schema: Schema; example: string }>;
  };
  responses: Record<number, Schema>;
  problems: Record<number, string[]>;
  /** Parameters the route reads without a decorated DTO. */
  parameters?: Schema[];
}

const validators = {
  ETag: { description: 'Of this exact document, for `If-None-Match`', schema: { type: 'string' } },
  'Last-Modified': {
    description: 'When its newest entry changed, for `If-Modified-Since`',
    schema: { type: 'string' },
  },
};

/** Readiness also answers in the IETF health-check format, to `Accept: application/health+json`. */
function withHealthJson(answer: Schema, example: unknown): Schema {
  return {
    ...answer,
    content: { ...(answer.content as Schema), [HEALTH_JSON]: { schema: ref('HealthCheck'), example } },
  };
}

const etag = { ETag: { description: 'The revision, for `If-Match`', schema: { type: 'string' } } };
const location = { Location: { description: 'Where the stored resource reads', schema: { type: 'string' } } };

function json(description: string, schema: Schema, example: unknown, headers?: Schema): Schema {
  return {
    description,
    ...(headers ? { headers } : {}),
    content: { 'application/json': { schema, example } },
  };
}

function text(description: string, media: string, example: string): Schema {
  return { description, content: { [media]: { schema: { type: 'string' }, example } } };
}

/** A write: 201 once the views show it, 200 when it repeated a stored one, 202 when not yet shown. */
function written(schema: Schema, example: unknown, what: string): Record<number, Schema> {
  const headers = { ...location, ...etag };
  return {
    201: json(`${what}: stored, and the views show it`, schema, example, headers),
    200: json(
      'The same write was stored before: nothing new was stored',
      schema,
      { ...(example as object), duplicate: true },
      headers,
    ),
    202: json('Stored; the views did not show it yet when answered', schema, example, headers),
  };
}

const readModel = { 503: ['BUSY', 'READ_MODEL_UNAVAILABLE'] };
const query = { 400: ['INVALID_PARAMETER'] };
const paged = { 400: ['INVALID_PARAMETER', 'BAD_CURSOR'] };
const view = mergeProblems(query, readModel, { 404: ['UNKNOWN_VIEW'], 503: ['VIEW_REBUILDING'] });
/** Reads of the views that may run long (another transaction time, the publication axis): see TIMELINE_READ_BUDGET_MS. */
const budgeted = { 503: ['READ_TOO_LONG'] };
const keyed = { 401: ['UNAUTHORIZED'], 429: ['RATE_LIMITED'] };
const webhookId = mergeProblems(keyed, { 400: ['BAD_ID'], 404: ['NOT_FOUND'] }, readModel);
const write = mergeProblems(keyed, {
  400: ['MALFORMED_JSON', 'JSON_TOO_DEEP'],
  413: ['PAYLOAD_TOO_LARGE'],
  415: ['UNSUPPORTED_MEDIA_TYPE'],
  503: ['STORE_UNAVAILABLE', 'BUSY'],
  507: ['INSUFFICIENT_STORAGE'],
});
/** Changing the timeline needs an editor (or admin) key. */
const editing = mergeProblems(write, { 403: ['ROLE_REQUIRED'] });
const lifecycle = mergeProblems(editing, {
  400: ['BAD_ID', 'BAD_IF_MATCH'],
  404: ['NOT_FOUND'],
  409: ['DEVELOPMENT_RETRACTED', 'CONCURRENCY_CONFLICT', 'ID_CONFLICT'],
  412: ['REVISION_MISMATCH'],
  422: ['VALIDATION_FAILED'],
});
const streams = { 429: ['TOO_MANY_STREAMS'] };

/** Every operation of the service, by `METHOD /path` as the OpenAPI document names it. */
export const OPERATIONS: Record<string, OperationDoc> = {
  'POST /developments': {
    body: {
      description: 'One development, or an array of up to 1,000 recorded all-or-nothing',
      schema: {
        oneOf: [
          ref('DevelopmentInput'),
          { type: 'array', items: ref('DevelopmentInput'), minItems: 1, maxItems: 1000 },
        ],
      },
      examples: {
        one: { summary: 'One development', value: ex.developmentInput },
        batch: { summary: 'A batch', value: [ex.developmentInput] },
      },
    },
    responses: written(
      { oneOf: [ref('WriteResult'), ref('RecordedBatch')] },
      ex.writeResult,
      'One development: its result; a batch: counts and each result',
    ),
    problems: mergeProblems(editing, {
      400: ['BODY_REQUIRED'],
      409: ['ID_CONFLICT'],
      413: ['EVENT_TOO_LARGE', 'BATCH_TOO_LARGE'],
      422: ['VALIDATION_FAILED', 'UNKNOWN_SUBJECT'],
    }),
  },
  'GET /developments/{id}': {
    responses: {
      200: json('The development, with its correction history', ref('Development'), ex.development, etag),
    },
    problems: {
      400: ['BAD_ID', 'INVALID_PARAMETER'],
      404: ['NOT_FOUND'],
      503: ['STORE_UNAVAILABLE', 'BUSY'],
    },
  },
  'POST /developments/{id}/corrections': {
    body: {
      description: 'The fields to replace, and why',
      schema: ref('CorrectionInput'),
      examples: { date: { summary: 'A more precise date', value: ex.correctionInput } },
    },
    responses: written(ref('WriteResult'), ex.writeResult, 'The correction'),
    problems: mergeProblems(lifecycle, { 413: ['EVENT_TOO_LARGE'], 422: ['UNKNOWN_SUBJECT'] }),
  },
  'POST /developments/{id}/retraction': {
    body: {
      description: 'Why the development is withdrawn',
      schema: ref('RetractionInput'),
      examples: { retraction: { summary: 'A retraction', value: ex.retractionInput } },
    },
    responses: written(ref('WriteResult'), ex.writeResult, 'The retraction'),
    problems: lifecycle,
  },
  'GET /timeline': {
    responses: {
      200: json('A page of developments in valid-time order', ref('TimelinePage'), {
        developments: [ex.development],
      }),
    },
    problems: mergeProblems(paged, readModel),
  },
  'GET /replay': {
    responses: {
      200: json('A page of developments, each with what it changed in which view', ref('ReplayPage'), ex.replay),
    },
    problems: mergeProblems(paged, readModel),
  },
  'POST /entities': {
    body: {
      description: 'One organisation or government, or an array of them registered all-or-nothing',
      schema: { oneOf: [ref('EntityInput'), { type: 'array', items: ref('EntityInput'), minItems: 1 }] },
      examples: {
        one: { summary: 'One organisation', value: ex.entityInput },
        batch: { summary: 'A batch', value: [ex.entityInput] },
      },
    },
    responses: {
      201: json(
        'Registered, and the registry shows it; an array is answered `{results}`',
        { oneOf: [ref('RegisteredEntity'), ref('RegisteredEntities')] },
        ex.registeredEntity,
        location,
      ),
      200: json(
        'Every entity sent was registered before with the same details: nothing new was stored',
        { oneOf: [ref('RegisteredEntity'), ref('RegisteredEntities')] },
        { ...ex.registeredEntity, duplicate: true },
        location,
      ),
      202: json(
        'Stored; the registry did not show it yet when answered',
        { oneOf: [ref('RegisteredEntity'), ref('RegisteredEntities')] },
        ex.registeredEntity,
        location,
      ),
    },
    problems: mergeProblems(editing, {
      400: ['BODY_REQUIRED'],
      409: ['ENTITY_EXISTS'],
      422: ['VALIDATION_FAILED'],
    }),
  },
  'POST /imports': {
    body: {
      description:
        'Developments and entities: a CSV with a header of field paths (`GET /catalogue/{type}/template.csv`), ' +
        'JSON Lines, or a JSON array. A row with `entityId` is an entity. Up to 10,000 rows, all-or-nothing',
      schema: { type: 'array', items: { oneOf: [ref('DevelopmentInput'), ref('EntityInput')] }, minItems: 1 },
      examples: { json: { summary: 'A JSON array', value: [ex.entityInput, ex.developmentInput] } },
      alsoAs: {
        'text/csv': { schema: { type: 'string' }, example: imp.importCsv },
        'application/x-ndjson': { schema: { type: 'string' }, example: imp.importJsonLines },
      },
    },
    responses: {
      200: json('A dry run, or every row recorded before: what each row does', ref('ImportAnswer'), imp.importDryRun),
      201: json('Every row recorded (or recorded before), and the views show them', ref('ImportAnswer'), imp.imported),
      202: json('Recorded; the views did not show every row yet when answered', ref('ImportAnswer'), imp.imported),
    },
    problems: mergeProblems(editing, {
      400: ['BODY_REQUIRED', 'INVALID_PARAMETER', 'MALFORMED_CSV'],
      409: ['ID_CONFLICT', 'ENTITY_EXISTS'],
      413: ['EVENT_TOO_LARGE', 'BATCH_TOO_LARGE'],
      422: ['IMPORT_REJECTED', 'VALIDATION_FAILED'],
    }),
  },
  'GET /catalogue/date': {
    responses: {
      200: json('The date in words and the inclusive days it covers', ref('DateReading'), imp.dateReading),
    },
    problems: { 400: ['INVALID_PARAMETER'], 422: ['VALIDATION_FAILED'] },
  },
  'GET /catalogue/{type}/template.csv': {
    responses: { 200: text('The header row of the CSV for this type', 'text/csv', imp.templateCsv) },
    problems: { 404: ['NOT_FOUND'] },
  },
  'GET /keys/me': {
    responses: { 200: json('The calling key: id, name, role', ref('Key'), imp.key) },
    problems: keyed,
  },
  'GET /keys': {
    responses: { 200: json('Every key the service accepts (never a secret)', ref('KeyList'), { keys: [imp.key] }) },
    problems: mergeProblems(keyed, { 403: ['ROLE_REQUIRED'] }),
  },
  'GET /entities': {
    responses: { 200: json('Every registered entity', ref('EntityList'), { entities: [ex.entity] }) },
    problems: readModel,
  },
  'GET /entities/{id}': {
    responses: {
      200: json('The entity and its rows in every view, as of the date', ref('EntityProfile'), ex.entityProfile),
    },
    problems: mergeProblems(query, readModel, budgeted, { 404: ['NOT_FOUND'] }),
  },
  'GET /state/{view}': {
    responses: { 200: json("The view's rows as of the date, in key order", ref('StatePage'), ex.statePage) },
    problems: mergeProblems(view, paged, budgeted),
  },
  'GET /state/{view}/series': {
    responses: {
      200: json(
        'Per step, the rows as of its last day, by group; for `investments`, each series with the figure it ' +
          'holds at each step (`FigureSeries`, example in its schema), never a count or a sum of figures',
        { oneOf: [ref('Series'), ref('FigureSeries')] },
        ex.series,
      ),
    },
    problems: mergeProblems(view, budgeted, { 400: ['BAD_RANGE', 'TOO_MANY_STEPS', 'INVALID_PARAMETER'] }),
  },
  'GET /state/{view}/changes': {
    responses: { 200: json('Each row that differs between the two dates', ref('ChangesPage'), ex.changes) },
    problems: mergeProblems(view, budgeted, { 400: ['BAD_RANGE'] }),
  },
  'GET /state/{view}/watch': {
    responses: {
      200: text(
        'Server-Sent Events: `snapshot` (`{view, asOf, rows: ViewRow[]}`), then a `change` ' +
          '(`{view, asOf, position, added, changed: [{before, after}], removed}`) whenever the answer changes',
        'text/event-stream',
        ex.watchText,
      ),
    },
    problems: mergeProblems(view, streams),
  },
  'GET /expectations': {
    responses: {
      200: json('Expectations on the rows as of the date, by due date', ref('ExpectationsPage'), ex.expectations),
    },
    problems: mergeProblems(paged, readModel, budgeted, { 503: ['VIEW_REBUILDING'] }),
  },
  'GET /feed': {
    responses: {
      200: text(
        'Server-Sent Events: `ready`, then one message per change (`DevelopmentRecorded`, ' +
          '`DevelopmentCorrected`, `DevelopmentRetracted`; data: FeedMessage, id: its position); ' +
          '`overflow` when the client fell behind',
        'text/event-stream',
        ex.feedText,
      ),
    },
    problems: mergeProblems(query, streams, {
      400: ['BAD_POSITION', 'POSITION_AHEAD_OF_LOG'],
      503: ['STORE_UNAVAILABLE'],
    }),
  },
  'GET /feed.atom': {
    responses: {
      200: {
        ...text(
          "Atom 1.0: the newest developments, one entry each, linking to each development's page (text/html) and its JSON",
          'application/atom+xml',
          ex.atomText,
        ),
        headers: validators,
      },
      304: { description: 'Unchanged since the `If-None-Match` ETag or `If-Modified-Since` time', headers: validators },
    },
    problems: mergeProblems(query, readModel),
  },
  'GET /replay/stream': {
    responses: {
      200: text(
        'Server-Sent Events: one `development` (data: Development) at a time, paced by their dates, then `end`',
        'text/event-stream',
        ex.replayText,
      ),
    },
    problems: mergeProblems(query, streams),
  },
  'GET /catalogue': {
    responses: {
      200: json('Every event type with the JSON Schema of its data, and the envelope', ref('Catalogue'), ex.catalogue),
    },
    problems: {},
  },
  'GET /health': {
    responses: {
      200: {
        description: 'The process serves requests (IETF health-check format)',
        content: { [HEALTH_JSON]: { schema: ref('HealthCheck'), example: ex.liveness } },
      },
    },
    problems: {},
  },
  'GET /health/ready': {
    responses: {
      200: withHealthJson(
        json(
          'Current answers (`ready`, or `degraded` when a part set something aside)',
          ref('Readiness'),
          ex.readiness,
        ),
        ex.readyHealth,
      ),
      503: withHealthJson(
        json('Answers may not be current; each part says why', ref('Readiness'), ex.unready),
        ex.unreadyHealth,
      ),
    },
    problems: {},
  },
  'GET /metrics': {
    responses: { 200: text('Prometheus text exposition', 'text/plain', ex.metricsText) },
    problems: {},
  },
  'POST /webhooks': {
    body: {
      description: 'Where to deliver, which developments, from when',
      schema: ref('RegisterWebhookDto'),
      examples: { hungary: { summary: 'Developments in Hungary, from now on', value: ex.webhookInput } },
    },
    responses: {
      201: json('Registered; a secret the service made is in this answer only', ref('RegisteredWebhook'), {
        ...ex.webhook,
        secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      }),
    },
    problems: mergeProblems(write, readModel, {
      400: ['INVALID_PARAMETER'],
      409: ['WEBHOOK_LIMIT_REACHED'],
      422: ['VALIDATION_FAILED', 'WEBHOOK_HOST_NOT_ALLOWED', 'WEBHOOK_TARGET_NOT_ALLOWED'],
    }),
  },
  'GET /webhooks': {
    responses: {
      200: json('The webhooks of the calling key (of every key, for an admin key)', ref('WebhookList'), {
        webhooks: [ex.webhook],
      }),
    },
    problems: mergeProblems(keyed, readModel),
  },
  'GET /webhooks/{id}': {
    responses: { 200: json('The webhook: status, cursor, failures', ref('Webhook'), ex.webhook) },
    problems: webhookId,
  },
  'GET /webhooks/{id}/deliveries': {
    responses: { 200: json('Delivery attempts, newest first', ref('Deliveries'), ex.deliveries) },
    problems: mergeProblems(webhookId, query),
  },
  'POST /webhooks/{id}/resume': {
    responses: { 200: json('The webhook, active again', ref('Webhook'), ex.webhook) },
    problems: mergeProblems(webhookId, { 507: ['INSUFFICIENT_STORAGE'] }),
  },
  'DELETE /webhooks/{id}': {
    responses: { 204: { description: 'Deleted, with its delivery log (no body)' } },
    problems: mergeProblems(webhookId, { 507: ['INSUFFICIENT_STORAGE'] }),
  },
};
