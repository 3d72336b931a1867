import { ModulesContainer } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { getMetadataStorage } from 'class-validator';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { VIEW_NAMES } from '../../projections/index.js';
import { seedTimeline } from '../../src/seed/seed-timeline.js';
import { EVENT_STORE, type EventStore } from '../../src/store/event-store.js';
import { startApp, TEST_KEY, type RunningApp } from '../support/app.js';
import { ROOT } from '../support/child.js';
import { facilityOpened } from '../support/fixtures.js';
import { tempDir } from '../support/temp-dir.js';

type Json = Record<string, any>;
type Class = (abstract new (...args: never[]) => unknown) & { prototype: object };
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const PROBLEM = 'application/problem+json';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM))
  console.warn(`${CHROMIUM} not found: the Swagger UI test is skipped (install Debian's chromium to run it)`);

/** Every operation of the document, as `[METHOD path, operation]`. */
function operations(doc: Json): [string, Json][] {
  return Object.entries(doc.paths as Json).flatMap(([path, methods]) =>
    Object.entries(methods as Json)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => [`${method.toUpperCase()} ${path}`, op as Json] as [string, Json]),
  );
}

describe('the OpenAPI document', () => {
  const dir = tempDir('openapi');
  let api: RunningApp;
  let doc: Json;
  let ajv: Ajv2020;
  const compiled = new Map<string, ValidateFunction>();

  /** The documented schema of an answer: by operation, status and media type. */
  function schemaOf(operation: string, status: number, media: string): ValidateFunction {
    const key = `${operation} ${status} ${media}`;
    let validate = compiled.get(key);
    if (!validate) {
      const [method, path] = operation.split(' ');
      const pointer = ['paths', path, method!.toLowerCase(), 'responses', String(status), 'content', media, 'schema']
        .map((p) => p!.replaceAll('~', '~0').replaceAll('/', '~1'))
        .join('/');
      validate = ajv.getSchema(`openapi.json#/${pointer}`);
      if (!validate) throw new Error(`${key} is not documented`);
      compiled.set(key, validate);
    }
    return validate;
  }

  /** Sends the request and checks the answer against what the document says of its status. */
  async function answered(operation: string, url: string, body?: unknown, headers?: Record<string, string>) {
    const [method] = operation.split(' ');
    const response = await api.call(method!, url, body, headers);
    if (response.status === 204) {
      expect(doc.paths[operation.split(' ')[1]!][method!.toLowerCase()].responses['204']).toBeDefined();
      return response;
    }
    const media = (response.headers.get('content-type') ?? '').split(';')[0]!;
    const validate = schemaOf(operation, response.status, media);
    expect({
      url,
      status: response.status,
      errors: validate(response.body) ? null : validate.errors,
    }).toEqual({ url, status: response.status, errors: null });
    return response;
  }

  beforeAll(async () => {
    api = await startApp(
      {
        TIMELINE_SEED: 'true',
        TIMELINE_WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1',
        TIMELINE_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      },
      dir.path,
    );
    await seedTimeline(
      api.app.get<EventStore>(EVENT_STORE),
      api.app.get(CommandBus),
      join(ROOT, 'seed'),
      pino({ level: 'silent' }),
    );
    doc = (await api.call('GET', '/docs/openapi.json')).body;
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(doc, 'openapi.json');
  }, 120_000);
  afterAll(async () => {
    await api.close();
    dir.cleanup();
  });

  it('is the same document for every application built in one process', async () => {
    const another = await startApp();
    try {
      expect((await another.call('GET', '/docs/openapi.json')).body).toEqual(doc);
    } finally {
      await another.close();
    }
  });

  it('validates as OpenAPI 3.1 with a standard validator', async () => {
    const result = await new Validator().validate(structuredClone(doc));
    expect(result.errors ?? null).toBeNull();
    expect(doc.openapi).toBe('3.1.0');
  });

  it('gives every POST a request body with a schema and examples', () => {
    const posts = operations(doc).filter(([name]) => name.startsWith('POST'));
    expect(posts.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'POST /developments',
        'POST /developments/{id}/corrections',
        'POST /developments/{id}/retraction',
        'POST /entities',
        'POST /webhooks',
      ]),
    );
    for (const [name, op] of posts) {
      if (name === 'POST /webhooks/{id}/resume') continue; // takes no body
      const json = op.requestBody?.content?.['application/json'];
      expect({
        name,
        schema: json?.schema !== undefined,
        examples: Object.keys(json?.examples ?? {}).length > 0,
      }).toEqual({ name, schema: true, examples: true });
    }
  });

  it('gives every operation a success with schema and example, and problem+json answers of one schema', () => {
    for (const [name, op] of operations(doc)) {
      const responses = op.responses as Json;
      const success = Object.entries(responses).filter(([status]) => status.startsWith('2'));
      const withSchema = success.filter(([, r]) =>
        Object.values(r.content ?? {}).some((m: any) => m.schema && m.example),
      );
      const problems = Object.entries(responses).filter(([status]) => status.startsWith('4'));
      expect({
        name,
        success: withSchema.length > 0 || name.startsWith('DELETE'),
        problems: problems.length > 0,
      }).toEqual({ name, success: true, problems: true });
      for (const [status, response] of Object.entries(responses).filter(([s]) => Number(s) >= 400)) {
        const problem = response.content[PROBLEM];
        if (name === 'GET /health/ready' && status === '503')
          expect(response.content['application/json']).toBeDefined();
        expect({ name, status, shared: problem?.schema?.allOf?.[0]?.$ref }).toEqual({
          name,
          status,
          shared: '#/components/schemas/Problem',
        });
      }
    }
  });

  it("documents the codes of README's Errors table on the routes they belong to", () => {
    const codes = (name: string, status: number) =>
      operations(doc).find(([n]) => n === name)![1].responses[status].content[PROBLEM].schema.allOf[1].properties.code
        .enum as string[];
    expect(codes('POST /developments', 422)).toEqual(['VALIDATION_FAILED', 'UNKNOWN_SUBJECT']);
    expect(codes('POST /developments/{id}/corrections', 412)).toEqual(['REVISION_MISMATCH']);
    expect(codes('GET /state/{view}', 404)).toEqual(['UNKNOWN_VIEW']);
    expect(codes('GET /feed', 400)).toEqual(expect.arrayContaining(['BAD_POSITION', 'POSITION_AHEAD_OF_LOG']));
    expect(codes('POST /developments', 507)).toEqual(['INSUFFICIENT_STORAGE']);
  });

  it("describes data by type: a development with another type's data is refused by the schema", () => {
    const validate = ajv.getSchema('openapi.json#/components/schemas/DevelopmentInput')!;
    const post = doc.paths['/developments'].post.requestBody.content['application/json'].examples.one.value;
    expect(validate(post)).toBe(true);
    expect(validate({ ...post, type: 'LicensingDealSigned' })).toBe(false);
    expect(validate({ ...post, data: { ...post.data, owner: undefined, surprise: 1 } })).toBe(false);
  });

  it('holds no example that its own schema refuses', () => {
    const checked: string[] = [];
    const check = (where: string, schema: Json, value: unknown) => {
      const validate = ajv.compile({ $ref: `openapi.json#${where}` });
      expect({ where, errors: validate(value) ? null : validate.errors }).toEqual({ where, errors: null });
      expect(schema).toBeDefined();
      checked.push(where);
    };
    const walk = (node: unknown, pointer: string) => {
      if (node === null || typeof node !== 'object') return;
      const media = node as Json;
      if (media.schema && pointer.includes('/content/')) {
        if (media.example !== undefined) check(`${pointer}/schema`, media.schema, media.example);
        for (const example of Object.values(media.examples ?? {}))
          check(`${pointer}/schema`, media.schema, (example as Json).value);
      }
      for (const [key, value] of Object.entries(node))
        walk(value, `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`);
    };
    walk(doc.paths, '/paths');
    walk(doc.webhooks, '/webhooks');
    expect(checked.length).toBeGreaterThan(60);
  });

  it('pre-fills no parameter and names each once: examples are in the schema, never a value to send', () => {
    for (const [name, op] of operations(doc)) {
      const keys = (op.parameters as Json[]).map((p) => `${p.in} ${p.name}`);
      expect({ name, repeated: keys.filter((k, i) => keys.indexOf(k) !== i) }).toEqual({
        name,
        repeated: [],
      });
      for (const parameter of op.parameters as Json[]) {
        const { example, examples, schema } = parameter;
        expect({
          name,
          parameter: parameter.name,
          filled: [example, examples, schema?.example, schema?.default, parameter.default],
        }).toEqual({
          name,
          parameter: parameter.name,
          filled: [undefined, undefined, undefined, undefined, undefined],
        });
        expect({
          name,
          parameter: parameter.name,
          described: typeof parameter.description === 'string',
        }).toEqual({ name, parameter: parameter.name, described: true });
      }
    }
  });

  it('describes every query parameter that each route validates', () => {
    const documented = new Map(
      operations(doc).map(([name, op]) => [
        name,
        new Set((op.parameters as Json[]).filter((p) => p.in === 'query').map((p) => p.name as string)),
      ]),
    );
    let routes = 0;
    for (const module of api.app.get(ModulesContainer).values()) {
      for (const { metatype } of module.controllers.values()) {
        const controller = metatype as unknown as Class & { prototype: Record<string, unknown> };
        if (Reflect.getMetadata('swagger/apiExcludeController', controller)) continue;
        const base = String(Reflect.getMetadata('path', controller) ?? '').replace(/^\/|\/$/g, '');
        for (const method of Object.getOwnPropertyNames(controller.prototype)) {
          const handler = controller.prototype[method] as object;
          const path = Reflect.getMetadata('path', handler) as string | undefined;
          if (path === undefined || method === 'constructor') continue;
          const verb = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'][Reflect.getMetadata('method', handler) as number];
          const route = `/${[base, path.replace(/^\//, '')].filter(Boolean).join('/')}`.replace(/:(\w+)/g, '{$1}');
          const expected = [...new Set(queryNames(controller, method))];
          expect({
            route: `${verb} ${route}`,
            missing: expected.filter((n) => !documented.get(`${verb} ${route}`)?.has(n)),
          }).toEqual({ route: `${verb} ${route}`, missing: [] });
          routes += 1;
        }
      }
    }
    expect(routes).toBe(operations(doc).length);
  });

  it("describes the seed world's answers as they are", async () => {
    await answered('GET /timeline', '/timeline?limit=500');
    const page = await answered('GET /timeline', '/timeline?subject=org:byd&limit=2');
    await answered('GET /developments/{id}', `/developments/${page.body.developments[0].id}`);
    for (const view of VIEW_NAMES) {
      for (const asOf of ['2008-12-31', '2025-12-31', '2026-06-30'])
        await answered('GET /state/{view}', `/state/${view}?asOf=${asOf}&limit=500`);
      await answered('GET /state/{view}', `/state/${view}?asOf=2025-12-31&publishedBy=2025-12-31&certainty=certain`);
      await answered('GET /state/{view}/series', `/state/${view}/series?from=2000-01-01&to=2026-12-31&groupBy=country`);
      await answered('GET /state/{view}/changes', `/state/${view}/changes?from=2016-12-31&to=2026-01-01`);
    }
    await answered(
      'GET /state/{view}/series',
      '/state/investments/series?from=2000-01-01&to=2026-12-31&step=quarter&origin=CN',
    );
    await answered('GET /expectations', '/expectations?asOf=2026-06-30');
    await answered('GET /replay', '/replay?limit=200');
    await answered('GET /entities', '/entities');
    await answered('GET /entities/{id}', '/entities/org:byd?asOf=2025-12-31');
    await answered('GET /catalogue', '/catalogue');
    await answered('GET /health', '/health');
    await answered('GET /health/ready', '/health/ready');
    await answered('GET /feed.atom', '/feed.atom?limit=5');
    await answered('GET /metrics', '/metrics');
  }, 60_000);

  it('describes exports and display names as they are', async () => {
    const named = await answered('GET /timeline', '/timeline?subject=org:byd&expand=names');
    expect(named.body.names['org:byd']).toBe('BYD');
    await answered('GET /timeline', '/timeline?subject=org:byd&format=csv');
    await answered('GET /timeline', '/timeline?country=HU', undefined, { accept: 'text/csv' });
    await answered('GET /timeline', '/timeline?country=HU&format=timelinejs');
    await answered('GET /state/{view}', '/state/licensing?asOf=2025-12-31&expand=names');
    await answered('GET /state/{view}', '/state/facilities?asOf=2025-12-31&format=csv');
    await answered('GET /state/{view}', '/state/facilities?asOf=2025-12-31&format=timelinejs');
    const page = await api.call('GET', '/timeline?subject=org:byd&limit=1');
    await answered('GET /developments/{id}', `/developments/${page.body.developments[0].id}?expand=names`);
    await answered('GET /state/{view}', '/state/facilities?format=xml');
  });

  it('describes the answers to writes, webhooks and problems as they are', async () => {
    await answered('POST /entities', '/entities', {
      entityId: 'org:gotion',
      kind: 'organisation',
      name: 'Gotion',
      homeCountry: 'CN',
    });
    await answered('POST /entities', '/entities', [
      { entityId: 'org:gotion', kind: 'organisation', name: 'Gotion', homeCountry: 'CN' },
    ]);
    const one = facilityOpened();
    const recorded = await answered('POST /developments', '/developments', one);
    await answered('POST /developments', '/developments', one);
    await answered('POST /developments', '/developments', [facilityOpened({}, { facilityId: 'byd-second' })]);
    const id = recorded.body.id as string;
    await answered(
      'POST /developments/{id}/corrections',
      `/developments/${id}/corrections`,
      { changes: { date: '2025-07-04', data: { location: 'Szeged' } }, reason: 'the release gives the day' },
      { 'if-match': '"0"' },
    );
    await answered(
      'POST /developments/{id}/corrections',
      `/developments/${id}/corrections`,
      { changes: { date: '2025-07-05' }, reason: 'stale' },
      { 'if-match': '"0"' },
    );
    await answered('POST /developments/{id}/retraction', `/developments/${id}/retraction`, {
      reason: 'recorded for the test',
    });
    await answered('GET /developments/{id}', `/developments/${id}`);
    await answered('GET /developments/{id}', `/developments/${id}?knownAt=${recorded.body.recordedAt}`);
    await answered('POST /developments/{id}/corrections', `/developments/${id}/corrections`, {
      changes: { date: '2025' },
      reason: 'x',
    });
    await answered('POST /developments', '/developments', { ...facilityOpened(), data: { facilityId: 'x' } });
    await answered('POST /developments', '/developments', facilityOpened({ subjects: ['org:nobody'] }));
    await answered('POST /developments', '/developments', facilityOpened(), {
      authorization: 'Bearer wrong-key-0123456789',
    });
    await answered('GET /developments/{id}', '/developments/not-a-uuid');
    await answered('GET /timeline', '/timeline?limit=0&country=hu');
    await answered('GET /state/{view}', '/state/nowhere');
    await answered('GET /state/{view}/series', '/state/facilities/series?from=2025-01-01&to=2020-01-01');
    await answered('GET /entities/{id}', '/entities/org:nobody');

    const hook = await answered('POST /webhooks', '/webhooks', {
      url: 'http://127.0.0.1:9/hook',
      filter: { type: 'FacilityOpened' },
    });
    await answered('POST /webhooks', '/webhooks', { url: 'http://10.0.0.1/hook' });
    await answered('GET /webhooks', '/webhooks');
    await answered('GET /webhooks/{id}', `/webhooks/${hook.body.id}`);
    await answered('GET /webhooks/{id}/deliveries', `/webhooks/${hook.body.id}/deliveries`);
    await answered('POST /webhooks/{id}/resume', `/webhooks/${hook.body.id}/resume`);
    await answered('DELETE /webhooks/{id}', `/webhooks/${hook.body.id}`);
    await answered('GET /webhooks/{id}', `/webhooks/${hook.body.id}`);
  }, 60_000);

  (existsSync(CHROMIUM) ? it : it.skip)(
    'lets Swagger UI send reads without made-up filters, and a write as documented',
    async () => {
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu'],
      });
      try {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        await page.goto(`${api.url}/docs`);
        const tryIt = async (operationId: string, path: string) => {
          const block = page.locator(`[id$="-${operationId}"]`);
          await block.locator('.opblock-summary').click();
          await block.locator('.try-out__btn').click();
          const [request] = await Promise.all([
            page.waitForRequest((r) => new URL(r.url()).pathname === path),
            block.locator('.execute').click(),
          ]);
          return request;
        };
        for (const [operationId, path] of [
          ['DevelopmentsController_timeline', '/timeline'],
          ['ViewsController_expectations', '/expectations'],
        ]) {
          expect(new URL((await tryIt(operationId!, path!)).url()).search).toBe('');
        }
        await api.call('POST', '/entities', {
          entityId: 'org:gotion',
          kind: 'organisation',
          name: 'Gotion High-Tech',
          homeCountry: 'CN',
        });
        await page.locator('.btn.authorize').click();
        await page.locator('.modal-ux input').fill(TEST_KEY);
        await page.locator('.modal-ux .btn.authorize').click();
        await page.locator('.modal-ux .btn-done').click();
        const write = await tryIt('DevelopmentsController_record', '/developments');
        const example = doc.paths['/developments'].post.requestBody.content['application/json'].examples.one.value;
        expect(JSON.parse(write.postData() ?? 'null')).toEqual(example);
        expect((await write.response())!.status()).toBe(201);
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
      }
    },
    // A browser on a busy machine: the page and its requests can take a minute by themselves.
    180_000,
  );
});

/** The query parameters a route's handler validates: its whole-query DTO's fields and its named ones. */
function queryNames(controller: Class, method: string): string[] {
  const args = (Reflect.getMetadata('__routeArguments__', controller, method) ?? {}) as Record<
    string,
    { index: number; data?: string }
  >;
  const types = Reflect.getMetadata('design:paramtypes', controller.prototype, method) as Class[];
  const QUERY = 4;
  return Object.entries(args)
    .filter(([key]) => key.split(':')[0] === String(QUERY))
    .flatMap(([, arg]) =>
      arg.data
        ? [arg.data]
        : getMetadataStorage()
            .getTargetValidationMetadatas(types[arg.index]!, '', true, false)
            .map((m) => m.propertyName),
    );
}
