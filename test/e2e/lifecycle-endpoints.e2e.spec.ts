import { randomUUID } from 'node:crypto';
import { startApp, type RunningApp } from '../support/app.js';
import { entities, facilityOpened } from '../support/fixtures.js';

describe('the correction and retraction endpoints', () => {
  let api: RunningApp;
  beforeAll(async () => {
    api = await startApp();
  });
  afterAll(() => api.close());

  it('answers a correction and a retraction alike: 201, then 200 for the same request again', async () => {
    await api.call('POST', '/entities', entities);
    for (const [path, body] of [
      ['corrections', { changes: { date: '2025-08' }, reason: 'the month is known' }],
      ['retraction', { reason: 'recorded in error' }],
    ] as const) {
      const id = (await api.call('POST', '/developments', facilityOpened())).body.id as string;
      const request = { id: randomUUID(), ...body };
      const stale = await api.call('POST', `/developments/${id}/${path}`, request, { 'if-match': '"7"' });
      expect({ path, status: stale.status, code: stale.body.code }).toEqual({
        path,
        status: 412,
        code: 'REVISION_MISMATCH',
      });
      const first = await api.call('POST', `/developments/${id}/${path}`, request, { 'if-match': '"0"' });
      expect({ path, status: first.status, etag: first.headers.get('etag') }).toEqual({
        path,
        status: 201,
        etag: '"1"',
      });
      expect(first.headers.get('location')).toBe(`/developments/${id}`);
      expect(first.body).toMatchObject({ id, revision: 1, duplicate: false });
      expect(first.body.viewsCurrent).toBeUndefined();
      const again = await api.call('POST', `/developments/${id}/${path}`, request, { 'if-match': '"0"' });
      expect({ path, status: again.status, duplicate: again.body.duplicate }).toEqual({
        path,
        status: 200,
        duplicate: true,
      });
      const badId = await api.call('POST', `/developments/42/${path}`, body);
      expect([badId.status, badId.body.code]).toEqual([400, 'BAD_ID']);
      const badIfMatch = await api.call('POST', `/developments/${id}/${path}`, body, { 'if-match': 'soon' });
      expect([badIfMatch.status, badIfMatch.body.code]).toEqual([400, 'BAD_IF_MATCH']);
    }
  });
});
