import { startApp, type RunningApp } from '../support/app.js';
import { entities, facilityOpened } from '../support/fixtures.js';

const PROBLEM = 'application/problem+json';

describe('one HTTP edge: enumerated values name what is allowed', () => {
  let api: RunningApp;
  beforeAll(async () => {
    api = await startApp();
    await api.call('POST', '/entities', entities);
    await api.call('POST', '/developments', facilityOpened());
  });
  afterAll(() => api.close());

  it('refuses status=open on the facilities view, listing the statuses it knows', async () => {
    const response = await api.call('GET', '/state/facilities?asOf=2025-06-01&status=open');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain(PROBLEM);
    const statuses = ['announced', 'under-construction', 'operating', 'closed', 'cancelled'];
    expect(response.body).toMatchObject({
      code: 'INVALID_PARAMETER',
      errors: [{ path: 'status', code: 'isIn', allowed: statuses }],
    });
    for (const status of statuses) expect(response.body.detail).toContain(status);
    expect(response.body.errors[0].message).toContain('facilities');
  });

  it.each([
    ['facilities', 'operating', ['announced', 'operating', 'cancelled']],
    ['licensing', 'signed', ['signed', 'terminated']],
    ['policies', 'export-control', ['plan', 'export-control', 'law']],
    ['agreements', 'partnership', ['agreement', 'partnership']],
    ['investments', 'flow', ['flow', 'stock', 'share']],
    ['acquisitions', 'completed', ['announced', 'completed', 'blocked']],
    ['relationships', 'owned', ['signed', 'in-force', 'owned', 'completed']],
    ['footprint', 'present', ['present', 'planned', 'operating']],
  ])('the %s view takes status=%s and refuses one it does not know, listing its own', async (view, known, listed) => {
    expect((await api.call('GET', `/state/${view}?status=${known}`)).status).toBe(200);
    const refused = await api.call('GET', `/state/${view}?status=open`);
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].allowed).toEqual(expect.arrayContaining(listed));
  });

  it('takes a footprint mode, and refuses the statuses that place no one', async () => {
    expect((await api.call('GET', '/state/footprint?status=plant:operating')).status).toBe(200);
    expect((await api.call('GET', '/state/footprint?status=acquirer')).status).toBe(200);
    expect((await api.call('GET', '/state/footprint?status=closed')).status).toBe(400);
  });

  it('refuses an unknown status on the counts over time, the figures and the watch too', async () => {
    for (const route of [
      '/state/facilities/series?from=2020&to=2025&status=open',
      '/state/investments/series?from=2020&to=2025&status=open',
      '/state/facilities/watch?status=open',
    ]) {
      const response = await api.call('GET', route);
      expect({ route, status: response.status, code: response.body.code }).toEqual({
        route,
        status: 400,
        code: 'INVALID_PARAMETER',
      });
      expect(response.body.errors[0].allowed).toBeDefined();
    }
  });

  it('names the allowed values of every other enumerated parameter', async () => {
    for (const [route, parameter, allowed] of [
      ['/state/facilities?certainty=sure', 'certainty', ['certain', 'any']],
      ['/state/facilities/series?from=2020&to=2025&step=week', 'step', ['year', 'quarter', 'month']],
      ['/state/facilities/series?from=2020&to=2025&groupBy=owner', 'groupBy', ['country', 'origin', 'status', 'kind']],
      ['/expectations?status=late', 'status', ['pending', 'met', 'met-late', 'overdue']],
    ] as const) {
      const response = await api.call('GET', route);
      expect({ route, status: response.status }).toEqual({ route, status: 400 });
      const error = response.body.errors.find((e: { path: string }) => e.path === parameter);
      for (const value of allowed) expect(error.message).toContain(value);
      expect(error.allowed).toEqual(allowed);
    }
  });
});
