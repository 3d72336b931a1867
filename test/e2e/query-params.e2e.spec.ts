import { startApp, TEST_KEY, type RunningApp } from '../support/app.js';
import { entities, facilityOpened, licensingDeal } from '../support/fixtures.js';

const PROBLEM = 'application/problem+json';

/** Every route that reads query parameters, with what each needs to be asked at all. */
const ROUTES: Record<string, string> = {
  timeline: '/timeline',
  replay: '/replay',
  replayStream: '/replay/stream',
  state: '/state/facilities',
  series: '/state/facilities/series?from=2020-01-01&to=2025-12-31',
  changes: '/state/facilities/changes?from=2020-01-01&to=2025-12-31',
  watch: '/state/facilities/watch',
  expectations: '/expectations',
  entity: '/entities/org:byd',
  development: '/developments/{id}',
  feed: '/feed',
  atom: '/feed.atom',
};

/** The routes that take each shared parameter. */
const TAKES: Record<string, string[]> = {
  subject: [
    'timeline',
    'replay',
    'replayStream',
    'state',
    'series',
    'changes',
    'watch',
    'expectations',
    'feed',
    'atom',
  ],
  country: [
    'timeline',
    'replay',
    'replayStream',
    'state',
    'series',
    'changes',
    'watch',
    'expectations',
    'feed',
    'atom',
  ],
  origin: ['timeline', 'replay', 'replayStream', 'state', 'series', 'changes', 'watch', 'expectations', 'feed', 'atom'],
  asOf: ['state', 'watch', 'expectations', 'entity'],
  knownAt: [
    'timeline',
    'replay',
    'replayStream',
    'state',
    'series',
    'changes',
    'expectations',
    'entity',
    'development',
  ],
  publishedBy: ['timeline', 'replay', 'replayStream', 'state', 'series', 'changes', 'watch', 'expectations', 'entity'],
  limit: ['timeline', 'replay', 'state', 'changes', 'expectations', 'atom'],
  cursor: ['timeline', 'replay', 'state', 'expectations'],
};

const with_ = (route: string, parameter: string) => `${route}${route.includes('?') ? '&' : '?'}${parameter}`;

/** A GET that does not wait for a stream's end: an event stream that opens is answered by its status alone. */
async function ask(url: string): Promise<{ status: number; headers: Headers; body: any }> {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal, headers: { authorization: `Bearer ${TEST_KEY}` } });
  if (response.headers.get('content-type')?.includes('text/event-stream')) {
    controller.abort();
    return { status: response.status, headers: response.headers, body: undefined };
  }
  const text = await response.text();
  try {
    return { status: response.status, headers: response.headers, body: JSON.parse(text) };
  } catch {
    return { status: response.status, headers: response.headers, body: text };
  }
}

describe('one HTTP edge: each query parameter has one rule and one message on every route', () => {
  let api: RunningApp;
  let developmentId: string;
  const path = (name: string) => ROUTES[name]!.replace('{id}', developmentId);

  beforeAll(async () => {
    api = await startApp();
    await api.call('POST', '/entities', entities);
    developmentId = (await api.call('POST', '/developments', licensingDeal())).body.id;
    await api.call('POST', '/developments', [
      facilityOpened(),
      facilityOpened({ date: '2024-03' }, { facilityId: 'byd-two' }),
      facilityOpened({ date: '2024-04' }, { facilityId: 'byd-three' }),
    ]);
  });
  afterAll(() => api.close());

  /** Asks each route that takes the parameter; answers the refusals by route. */
  async function refusals(parameter: string, value: string) {
    const answers: Record<string, { status: number; code?: string; path?: string; message?: string }> = {};
    for (const name of TAKES[parameter]!) {
      const response = await ask(`${api.url}${with_(path(name), `${parameter}=${encodeURIComponent(value)}`)}`);
      if (response.status >= 400) expect(response.headers.get('content-type')).toContain(PROBLEM);
      const error = response.body?.errors?.find((e: { path: string }) => e.path === parameter);
      answers[name] = {
        status: response.status,
        code: response.body?.code,
        path: error?.path,
        message: error?.message,
      };
    }
    return answers;
  }

  /** The same 400, code and message from every route. */
  function expectSameRefusal(answers: Awaited<ReturnType<typeof refusals>>, parameter: string, code: string) {
    const first = Object.values(answers)[0]!;
    expect(first).toMatchObject({ status: 400, code, path: parameter });
    for (const [route, answer] of Object.entries(answers)) expect({ route, ...answer }).toEqual({ route, ...first });
    return first.message!;
  }

  it.each([
    ['org:-byd', 'a slug starting with a hyphen'],
    [`org:${'a'.repeat(81)}`, 'a slug longer than 80 characters'],
    ['country:ZZ', 'no such country'],
    ['region:999', 'no such UN M49 region'],
  ])('refuses subject=%s (%s) as the domain does, everywhere', async (value) => {
    const message = expectSameRefusal(await refusals('subject', value), 'subject', 'INVALID_PARAMETER');
    expect(message).toContain('org:<slug>');
  });

  it('accepts every subject the domain accepts, everywhere', async () => {
    for (const value of ['org:byd', 'gov:cn', 'country:HU', 'region:035', `org:${'a'.repeat(80)}`]) {
      const answers = await refusals('subject', value);
      for (const name of ['timeline', 'state', 'series', 'changes', 'expectations', 'atom'])
        expect({ value, name, status: answers[name]!.status }).toEqual({ value, name, status: 200 });
    }
  });

  it.each(['country', 'origin'])('refuses %s=ZZ (not a country) with one message everywhere', async (parameter) => {
    const message = expectSameRefusal(await refusals(parameter, 'ZZ'), parameter, 'INVALID_PARAMETER');
    expect(message).toMatch(/ISO 3166-1 alpha-2/);
  });

  it('refuses a limit out of range with one message naming the route’s range', async () => {
    const answers = await refusals('limit', '0');
    for (const [route, answer] of Object.entries(answers))
      expect({ route, ...answer }).toMatchObject({ route, status: 400, code: 'INVALID_PARAMETER', path: 'limit' });
    expect(answers.timeline!.message).toBe('limit must be an integer from 1 to 500');
    expect(answers.state!.message).toBe(answers.timeline!.message);
  });

  it.each(['2025-W01', '2025-03-01T12:00', '20250301', '2025-02-30'])(
    'refuses knownAt=%s on every route that takes it, with one message',
    async (value) => {
      expectSameRefusal(await refusals('knownAt', value), 'knownAt', 'INVALID_PARAMETER');
    },
  );

  it('reads knownAt the same way everywhere: a day is its start in UTC, a zone is honoured', async () => {
    const state = await api.call('GET', '/state/facilities?knownAt=2099-01-01');
    expect(state.body.knownAt).toBe('2099-01-01T00:00:00.000Z');
    const zoned = await api.call('GET', '/state/facilities?knownAt=2099-01-01T01:00:00%2B01:00');
    expect(zoned.body.knownAt).toBe('2099-01-01T00:00:00.000Z');
    const series = await api.call(
      'GET',
      '/state/facilities/series?from=2024-01-01&to=2025-12-31&knownAt=2099-01-01T01:00:00%2B01:00',
    );
    expect(series.status).toBe(200);
    expect(series.body.points.at(-1).total).toBe(3);
  });

  it('refuses asOf=2025-02-30 explaining it as the write path explains the same date', async () => {
    const written = await api.call('POST', '/developments', facilityOpened({ date: '2025-02-30' }));
    expect(written.status).toBe(422);
    const reason = written.body.errors.find((e: { path: string }) => e.path === 'date').message as string;
    expect(reason).toContain('day 30 does not exist in 2025-02');
    const message = expectSameRefusal(await refusals('asOf', '2025-02-30'), 'asOf', 'INVALID_PARAMETER');
    expect(message).toContain(reason);
    const publishedBy = await refusals('publishedBy', '2025-02-30');
    expect(expectSameRefusal(publishedBy, 'publishedBy', 'INVALID_PARAMETER')).toContain(reason);
  });

  it('refuses a cursor it did not issue with BAD_CURSOR on every paged route', async () => {
    const timelineCursor = (await api.call('GET', '/timeline?limit=1')).body.nextCursor as string;
    const stateCursor = (await api.call('GET', '/state/facilities?limit=1')).body.nextCursor as string;
    expect(timelineCursor).toBeDefined();
    expect(stateCursor).toBeDefined();
    for (const cursor of ['abc', 'x'.repeat(300), 'x'.repeat(600), Buffer.from('{}').toString('base64url')]) {
      const answers = await refusals('cursor', cursor);
      for (const [route, answer] of Object.entries(answers))
        expect({ route, cursor: cursor.slice(0, 10), status: answer.status, code: answer.code }).toEqual({
          route,
          cursor: cursor.slice(0, 10),
          status: 400,
          code: 'BAD_CURSOR',
        });
    }
    // A cursor of one list is not one of another.
    const crossed = [
      await api.call('GET', `/state/facilities?cursor=${timelineCursor}`),
      await api.call('GET', `/timeline?cursor=${stateCursor}`),
      await api.call('GET', `/expectations?cursor=${stateCursor}`),
    ];
    expect(crossed.map((r) => [r.status, r.body.code])).toEqual([
      [400, 'BAD_CURSOR'],
      [400, 'BAD_CURSOR'],
      [400, 'BAD_CURSOR'],
    ]);
    // And the cursors issued go on where they left off.
    const next = await api.call('GET', `/state/facilities?limit=1&cursor=${stateCursor}`);
    expect(next.status).toBe(200);
    expect(next.body.rows).toHaveLength(1);
  });

  it('pages through a list with the cursors it issues, on every paged route', async () => {
    for (const [route, items] of [
      ['/timeline?limit=1', 'developments'],
      ['/replay?limit=1', 'steps'],
      ['/state/facilities?limit=1', 'rows'],
    ] as const) {
      const seen: unknown[] = [];
      let cursor: string | undefined;
      do {
        const page = await api.call('GET', cursor ? `${route}&cursor=${cursor}` : route);
        expect({ route, status: page.status }).toEqual({ route, status: 200 });
        seen.push(...page.body[items]);
        cursor = page.body.nextCursor;
      } while (cursor);
      expect({ route, count: seen.length }).toEqual({ route, count: route.startsWith('/state') ? 3 : 4 });
    }
  });
});

describe('one HTTP edge: the routes that read a parameter or two', () => {
  let api: RunningApp;
  beforeAll(async () => {
    api = await startApp();
  });
  afterAll(() => api.close());

  it('reads the catalogue’s date and the import’s dry run with the shared parameters', async () => {
    expect((await api.call('GET', '/catalogue/date?edtf=2025-12~&period=true')).status).toBe(200);
    const period = await api.call('GET', '/catalogue/date?edtf=2025&period=yes');
    expect(period.status).toBe(400);
    expect(period.body.errors).toEqual([
      { path: 'period', code: 'isBoolean', message: 'period must be true or false', allowed: ['true', 'false'] },
    ]);
    const unknown = await api.call('GET', '/catalogue/date?edtf=2025&colour=red');
    expect([unknown.status, unknown.body.code, unknown.body.errors[0].path]).toEqual([
      400,
      'INVALID_PARAMETER',
      'colour',
    ]);
    const missing = await api.call('GET', '/catalogue/date');
    expect([missing.status, missing.body.errors[0].path]).toEqual([400, 'edtf']);
    const dryRun = await api.call('POST', '/imports?dryRun=maybe', [facilityOpened()]);
    expect(dryRun.status).toBe(400);
    expect(dryRun.body.errors).toEqual([
      { path: 'dryRun', code: 'isBoolean', message: 'dryRun must be true or false', allowed: ['true', 'false'] },
    ]);
  });
});

describe('one HTTP edge: a year or a month as a person types it', () => {
  let api: RunningApp;
  beforeAll(async () => {
    api = await startApp();
    await api.call('POST', '/entities', entities);
    await api.call('POST', '/developments', [
      facilityOpened({ date: '2006-05' }, { facilityId: 'early' }),
      facilityOpened({ date: '2024-02-29' }, { facilityId: 'leap' }),
    ]);
  });
  afterAll(() => api.close());

  it('counts /state/facilities/series?from=2005&to=2025 from 1 January 2005 to 31 December 2025', async () => {
    const response = await api.call('GET', '/state/facilities/series?from=2005&to=2025');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ from: '2005-01-01', to: '2025-12-31' });
    expect(response.body.points).toHaveLength(21);
    expect(response.body.points[0]).toEqual({ date: '2005-12-31', total: 0 });
    expect(response.body.points.at(-1)).toEqual({ date: '2025-12-31', total: 2 });
  });

  it('reads a month as its first day at the start and its last day at the end', async () => {
    const response = await api.call('GET', '/state/facilities/series?from=2024-02&to=2024-02&step=month');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ from: '2024-02-01', to: '2024-02-29' });
    expect(response.body.points).toEqual([{ date: '2024-02-29', total: 2 }]);
    const figures = await api.call('GET', '/state/investments/series?from=2005&to=2006');
    expect(figures.body).toMatchObject({ from: '2005-01-01', to: '2006-12-31' });
  });

  it('reads the timeline’s range the same way', async () => {
    const year = await api.call('GET', '/timeline?from=2024&to=2024');
    expect(year.status).toBe(200);
    expect(year.body.developments.map((d: { data: { facilityId: string } }) => d.data.facilityId)).toEqual(['leap']);
    const months = await api.call('GET', '/timeline?from=2006-01&to=2006-05');
    expect(months.body.developments.map((d: { data: { facilityId: string } }) => d.data.facilityId)).toEqual(['early']);
  });

  it('explains a year or month that does not exist', async () => {
    const month = await api.call('GET', '/state/facilities/series?from=2025-13&to=2025');
    expect(month.status).toBe(400);
    expect(month.body.errors[0]).toMatchObject({ path: 'from' });
    expect(month.body.errors[0].message).toContain('month 13 does not exist');
    const day = await api.call('GET', '/state/facilities/series?from=2025&to=2025-02-30');
    expect(day.body.errors[0].message).toContain('day 30 does not exist in 2025-02');
    const words = await api.call('GET', '/state/facilities/series?from=last%20year&to=2025');
    expect(words.body.errors[0].message).toContain('YYYY');
  });
});
