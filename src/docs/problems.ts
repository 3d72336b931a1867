import { STATUS_CODES } from 'node:http';
import { object, ref, type Schema } from './json-schema.js';

export const PROBLEM_TYPE = 'application/problem+json';

/** What each code means, as the README's Errors table says; the response descriptions list them. */
const MEANINGS: Record<string, string> = {
  MALFORMED_JSON: 'the body is not JSON',
  JSON_TOO_DEEP: 'the JSON nests deeper than 64 levels',
  BODY_REQUIRED: 'no JSON object or array was sent',
  INVALID_PARAMETER:
    'a query parameter (or a webhook field) is invalid or unknown; `errors` names it, and lists the values it may take (`allowed`) when they are a list',
  BAD_ID: 'the id in the path is not a UUID',
  BAD_CURSOR: '`cursor` is not the `nextCursor` this list issued',
  BAD_IF_MATCH: '`If-Match` is not a revision such as "3"',
  BAD_URL: 'the URL is malformed (a broken percent-encoding)',
  BAD_RANGE: '`from` is after `to`',
  TOO_MANY_STEPS: 'more than 600 steps: use a longer step or a shorter range',
  BAD_POSITION: 'the resume position is not a position of this log',
  POSITION_AHEAD_OF_LOG: 'the resume position is beyond the end of the log; `head` says where it ends',
  UNAUTHORIZED: 'no valid `Authorization: Bearer <key>`',
  ROLE_REQUIRED: "the key's role does not allow this; `requiredRole` says which does (reader, editor, admin)",
  WEBHOOK_LIMIT_REACHED: 'the key has as many webhooks as TIMELINE_WEBHOOKS_PER_KEY allows; `limit` says how many',
  IMPORT_REJECTED: 'rows of the import are invalid, so none was recorded; `errors` names each row and column',
  MALFORMED_CSV: 'the CSV cannot be read, or a column is not a field',
  NOT_FOUND: 'no such development, entity or webhook (or the webhook belongs to another key)',
  UNKNOWN_VIEW: 'no such view',
  ID_CONFLICT: 'the id is already recorded with other content',
  ENTITY_EXISTS: 'the entity is already registered with other details',
  DEVELOPMENT_RETRACTED: 'the development was retracted',
  CONCURRENCY_CONFLICT: 'the development changed while the request was handled; read it again',
  REVISION_MISMATCH: '`If-Match` is not the current revision; `currentRevision` is',
  REQUEST_TIMEOUT: 'the request did not arrive within TIMELINE_REQUEST_TIMEOUT_MS',
  EVENT_TOO_LARGE: 'a development or correction is over 1 MiB',
  PAYLOAD_TOO_LARGE: 'the request is over 16 MiB',
  BATCH_TOO_LARGE: 'more than 1,000 developments in one batch, or 10,000 rows in one import',
  URI_TOO_LONG: 'the request target is over 8,192 characters, or a path segment over 256',
  UNSUPPORTED_MEDIA_TYPE: 'the body is not application/json (nor, for an import, text/csv or JSON Lines)',
  VALIDATION_FAILED: 'the body is invalid; `errors` names each field (`index` within a batch)',
  UNKNOWN_SUBJECT: 'a reference is not a registered entity; `unknown` lists them',
  WEBHOOK_HOST_NOT_ALLOWED: "the URL's host is not in TIMELINE_WEBHOOK_ALLOWED_HOSTS",
  WEBHOOK_TARGET_NOT_ALLOWED: 'the URL reaches a loopback or private address not in TIMELINE_WEBHOOK_ALLOWED_NETWORKS',
  RATE_LIMITED: "over the key's write rate, or too many wrong keys from this client; `Retry-After` says when to retry",
  TOO_MANY_STREAMS: 'over the stream caps; `Retry-After` says when to retry',
  HEADERS_TOO_LARGE: 'the request headers are over 16 KiB',
  STORE_UNAVAILABLE: 'the event store cannot be reached',
  BUSY: 'a database is held by another process; retry shortly',
  READ_MODEL_UNAVAILABLE: 'a database file is damaged or unreadable (see /health/ready)',
  SHUTTING_DOWN: 'the service is stopping',
  VIEW_REBUILDING: 'the view is being built from the log',
  READ_TOO_LONG: 'the reading ran past TIMELINE_READ_BUDGET_MS; narrow it',
  INSUFFICIENT_STORAGE: 'the disk is full: nothing of the request was stored',
};

/** Problems any request can meet, before or around its route. */
export const EVERY_ROUTE: Record<number, string[]> = {
  400: ['BAD_URL'],
  408: ['REQUEST_TIMEOUT'],
  414: ['URI_TOO_LONG'],
  431: ['HEADERS_TOO_LARGE'],
  503: ['SHUTTING_DOWN'],
};

export function problemSchema(): Schema {
  return {
    ...object(
      {
        type: { type: 'string', format: 'uri', description: '`urn:timeline:problem:<code in lower case>`' },
        title: { type: 'string' },
        status: { type: 'integer', minimum: 400, maximum: 599 },
        detail: { type: 'string', description: 'What went wrong, for a person' },
        code: { type: 'string', description: 'Stable: what went wrong, for a program' },
        instance: { type: 'string', description: 'The request target' },
        errors: {
          type: 'array',
          description: 'Each failing field',
          items: object(
            {
              path: {
                type: 'string',
                description: 'Dotted path of the field: `data.licensor`, `sources.0.quote`',
              },
              code: { type: 'string', description: 'e.g. unknown_field, invalid, too_big, unknown_subject' },
              message: { type: 'string' },
              index: { type: 'integer', minimum: 0, description: 'The item of a batch it is in' },
              row: { type: 'integer', minimum: 1, description: 'IMPORT_REJECTED: the row of the file' },
              column: { type: 'string', description: 'IMPORT_REJECTED: the CSV column of the field' },
              allowed: {
                type: 'array',
                items: { type: 'string' },
                description: 'INVALID_PARAMETER: the values the parameter may take, when they are a list',
              },
            },
            ['index', 'row', 'column', 'allowed'],
          ),
        },
        retryAfter: { type: 'integer', description: 'Seconds to wait, as `Retry-After` says' },
        unknown: {
          type: 'array',
          items: { type: 'string' },
          description: 'UNKNOWN_SUBJECT: the unregistered references',
        },
        currentRevision: {
          anyOf: [{ type: 'integer' }, { type: 'null' }],
          description: 'The revision the development is at',
        },
        head: {
          anyOf: [{ type: 'string' }, { type: 'null' }],
          description: 'POSITION_AHEAD_OF_LOG: the end of the log',
        },
        requiredRole: { enum: ['reader', 'editor', 'admin'], description: 'ROLE_REQUIRED: the role that may' },
        role: { enum: ['reader', 'editor', 'admin'], description: "ROLE_REQUIRED: the calling key's role" },
        limit: { type: 'integer', description: 'WEBHOOK_LIMIT_REACHED: webhooks one key may have' },
        rows: { type: 'array', description: 'IMPORT_REJECTED: the rejected rows, as a dry run answers them' },
      },
      [
        'instance',
        'errors',
        'retryAfter',
        'unknown',
        'currentRevision',
        'head',
        'requiredRole',
        'role',
        'limit',
        'rows',
      ],
      'RFC 9457 problem details with a stable `code`',
    ),
    additionalProperties: true,
  };
}

/** A documented problem response: its codes, their meanings, a schema that admits only them, an example. */
export function problemResponse(status: number, codes: string[]): Schema {
  const title = STATUS_CODES[status] ?? 'Error';
  const code = codes[0]!;
  return {
    description: codes.map((c) => `\`${c}\`: ${MEANINGS[c] ?? c}`).join('; '),
    content: {
      [PROBLEM_TYPE]: {
        schema: {
          allOf: [ref('Problem'), { properties: { status: { const: status }, code: { enum: codes } } }],
        },
        example: {
          type: `urn:timeline:problem:${code.toLowerCase()}`,
          title,
          status,
          detail: MEANINGS[code] ?? title,
          code,
        },
      },
    },
  };
}

/** Code lists per status, joined without repeats. */
export function mergeProblems(...tables: Record<number, string[]>[]): Record<number, string[]> {
  const merged: Record<number, string[]> = {};
  for (const table of tables) {
    for (const [status, codes] of Object.entries(table)) {
      merged[Number(status)] = [...new Set([...(merged[Number(status)] ?? []), ...codes])];
    }
  }
  return merged;
}
