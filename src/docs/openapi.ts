import type { OpenAPIObject } from '@nestjs/swagger';
import { DEVELOPMENT_TYPE_NAMES } from '../../events/index.js';
import { VIEW_NAMES } from '../../projections/index.js';
import { catalogueSchemas } from './catalogue-schemas.js';
import { developmentSchemas } from './development-schemas.js';
import * as ex from './examples.js';
import { describeOutputs, type Parameter, TIMELINE_JS } from './export-schemas.js';
import type { Schema } from './json-schema.js';
import { OPERATIONS } from './operations.js';
import { EVERY_ROUTE, mergeProblems, problemResponse, problemSchema } from './problems.js';
import { serviceSchemas } from './service-schemas.js';
import { viewSchemas } from './view-schemas.js';

type Operation = Schema & { parameters?: Schema[]; responses?: Record<string, Schema> };

/**
 * Parameters whose decorators say nothing of them (the path's), by `path name` or by name on any
 * route; the query parameters say what they are where they are declared (`src/http/query-params.ts`).
 */
const FALLBACK: Record<string, Schema> = {
  q: {
    description: 'Words of the summary, data, sources and quotes, e.g. `battery`',
    schema: { type: 'string', maxLength: 200 },
  },
  view: {
    description: `The view: ${VIEW_NAMES.join(', ')}`,
    schema: { type: 'string', enum: [...VIEW_NAMES] },
  },
};

const DESCRIPTION = [
  'Dated developments in technology, recorded as immutable events that cite their sources, and the world',
  'they describe as of any day. Dates are EDTF (`2025-10-23`, `2025-41~`, `../2025-03-06`); answers add',
  '`dateText`, `dateRange` and `certainFrom`. Three time axes: `asOf` (the world on that day), `knownAt`',
  '(as recorded by then) and `publishedBy` (as the sources had published it by then). In a query a day is',
  '`YYYY-MM-DD` (a day that does not exist, such as `2025-02-30`, is refused and explained); the ends of a range',
  '(`from`, `to` of the counts over time and the timeline) also take a month or a year as a person types it:',
  '`from=2005&to=2025` runs from 2005-01-01 to 2025-12-31, `to=2024-02` to 2024-02-29. A parameter with a list of',
  'values (a status of the view asked, a step, a certainty) refuses any other with 400 `INVALID_PARAMETER` listing',
  'them (`errors[].allowed`); a `cursor` is the `nextCursor` of the list it came from, or 400 `BAD_CURSOR`.\n\n',
  'Writes need `Authorization: Bearer <key>` of a role that allows them (`reader`: its own webhooks;',
  '`editor`: record, correct, retract, register, import; `admin`: keys and every webhook; else 403 `ROLE_REQUIRED`)',
  'and are answered 201 once the views show them, 200 for a',
  'repeated write, 202 when stored but not yet shown. Every error is RFC 9457 `application/problem+json`',
  'with a stable `code` and, for bad input, `errors: [{path, code, message, index}]` naming each field.',
].join(' ');

const DEVELOPMENT_ID = {
  description: "The development's id (a UUID)",
  schema: { type: 'string', format: 'uuid' },
};

/**
 * The OpenAPI document as the service serves it: what @nestjs/swagger reads from the controllers,
 * completed in this one place with request bodies, response schemas, problems and examples, as
 * OpenAPI 3.1 so the catalogue's JSON Schemas (draft 2020-12) stand in it unchanged.
 */
export function completeDocument(generated: OpenAPIObject): Record<string, unknown> {
  const document = structuredClone(generated) as unknown as Schema & {
    paths: Record<string, Record<string, Operation>>;
  };
  const catalogue = catalogueSchemas();
  const components = document.components as Schema & { schemas?: Record<string, Schema> };
  components.schemas = {
    ...examplesInSchemas(components.schemas ?? {}),
    ...catalogue,
    ...developmentSchemas(catalogue.Source!),
    ...viewSchemas(),
    ...serviceSchemas(),
    Problem: problemSchema(),
    TimelineJs: TIMELINE_JS,
  };
  components.schemas.FeedFilterDto = feedFilter(components.schemas.FeedFilterDto!);
  components.securitySchemes = {
    bearer: {
      type: 'http',
      scheme: 'bearer',
      description: 'A key, `Authorization: Bearer tl_...`; its role (reader, editor, admin) says what it may do',
    },
  };
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      // A copy: the answers are completed in place, and every application built reads the same table.
      const doc = structuredClone(OPERATIONS[`${method.toUpperCase()} ${path}`]);
      // The route's decorators win; the table fills in what they leave out.
      const given = operation.parameters ?? [];
      const missing = (doc?.parameters ?? []).filter((p) => !given.some((g) => g.name === p.name && g.in === p.in));
      operation.parameters = [...given, ...missing].map((p) => parameter(p, path));
      // Reads need no key: an empty list says so (an absent one would leave it undefined).
      operation.security ??= [];
      if (!doc) continue;
      if (doc.body)
        operation.requestBody = {
          required: true,
          description: doc.body.description,
          content: {
            'application/json': {
              schema: doc.body.schema,
              examples: doc.body.examples,
            },
            ...doc.body.alsoAs,
          },
        };
      operation.responses = responses(doc.responses, mergeProblems(doc.problems, EVERY_ROUTE));
      describeOutputs(operation.responses['200'], operation.parameters as Parameter[], components.schemas);
    }
  }
  const { contact: _empty, ...info } = {
    ...(document.info as Schema),
    description: DESCRIPTION,
    license: { name: 'MIT', identifier: 'MIT' },
  } as Schema;
  return {
    ...document,
    openapi: '3.1.0',
    info,
    // Relative: the document is served by the service it describes, wherever that is reached.
    servers: [{ url: '/', description: 'The service serving this document' }],
    webhooks: outgoingWebhook(),
  };
}

function responses(success: Record<number, Schema>, problems: Record<number, string[]>): Record<string, Schema> {
  const all: Record<string, Schema> = { ...success };
  for (const [status, codes] of Object.entries(problems)) {
    const problem = problemResponse(Number(status), codes);
    const answer = all[status];
    all[status] = answer
      ? {
          description: `${answer.description as string}; or ${problem.description as string}`,
          content: { ...(answer.content as Schema), ...(problem.content as Schema) },
        }
      : problem;
  }
  return all;
}

/**
 * An example on a parameter is shown, never sent: Swagger UI fills a parameter's `example` (and
 * the first of its `examples`) into the form and sends it, so the example moves into the schema's
 * JSON Schema `examples` and the description.
 */
function parameter(given: Schema, path: string): Schema {
  const { example: onParameter, examples: _unused, ...rest } = given;
  const { example: inSchema, ...schema } = (rest.schema ?? {}) as Schema;
  const fallback =
    rest.name === 'id' && path.startsWith('/entities')
      ? {
          description: 'The entity: org:<slug> or gov:<slug>',
          schema: { type: 'string', examples: ['org:byd'] },
        }
      : rest.name === 'id'
        ? DEVELOPMENT_ID
        : (FALLBACK[`${path} ${rest.name as string}`] ?? FALLBACK[rest.name as string]);
  const example = onParameter ?? inSchema;
  const description = (rest.description as string | undefined) ?? (fallback?.description as string | undefined);
  return {
    ...rest,
    ...(description
      ? {
          description:
            example !== undefined && !description.includes('e.g.')
              ? `${description}, e.g. \`${String(example)}\``
              : description,
        }
      : {}),
    schema: {
      ...(fallback?.schema as Schema | undefined),
      ...schema,
      ...(example !== undefined ? { examples: [example] } : {}),
    },
  };
}

/** Schemas written by @nestjs/swagger carry OpenAPI 3.0's `example`; JSON Schema has `examples`. */
function examplesInSchemas(schemas: Record<string, Schema>): Record<string, Schema> {
  const convert = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(convert);
    if (value === null || typeof value !== 'object') return value;
    const { example, ...rest } = value as Schema;
    const converted = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, convert(v)]));
    return example === undefined ? converted : { ...converted, examples: [example] };
  };
  return convert(schemas) as Record<string, Schema>;
}

/** A webhook filter's `type` is a list, or the feed's comma-separated form. */
function feedFilter(schema: Schema): Schema {
  const properties = schema.properties as Record<string, Schema>;
  return {
    ...schema,
    additionalProperties: false,
    properties: {
      ...properties,
      type: {
        description: 'Development types: a list, or comma-separated',
        anyOf: [{ type: 'array', items: { enum: DEVELOPMENT_TYPE_NAMES } }, { type: 'string' }],
      },
      q: FALLBACK.q!.schema as Schema,
    },
  };
}

/** What the service POSTs to a registered webhook (OpenAPI 3.1's `webhooks`). */
function outgoingWebhook(): Schema {
  const header = (name: string, description: string) => ({
    name,
    in: 'header',
    required: true,
    description,
    schema: { type: 'string' },
  });
  return {
    development: {
      post: {
        operationId: 'developmentWebhook',
        summary: 'Each recorded, corrected or retracted development, in log order, at least once',
        description: 'Signed the Standard Webhooks way; verify the signature on the raw body before parsing it.',
        parameters: [
          header('webhook-id', 'The same on every retry of a change: drop duplicates by it'),
          header('webhook-timestamp', 'Unix seconds'),
          header('webhook-signature', '`v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`'),
          header('x-timeline-webhook-id', 'The webhook'),
          header('x-timeline-delivery', 'The position delivered'),
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/FeedMessage' },
              example: ex.feedMessage,
            },
          },
        },
        responses: {
          '2XX': { description: 'Delivered' },
          default: {
            description: 'Not delivered: retried with exponential backoff while later changes wait',
          },
        },
        // Signed, not authenticated: the receiver checks the signature headers above.
        security: [],
      },
    },
  };
}
