import { startApp, type RunningApp } from '../support/app.js';

describe('registering an entity answers as the README says', () => {
  let api: RunningApp;
  beforeAll(async () => {
    api = await startApp();
  });
  afterAll(() => api.close());

  it('answers 201 for a new entity and 200 when the same entity is registered again', async () => {
    const entity = { entityId: 'org:gotion', kind: 'organisation', name: 'Gotion High-Tech', homeCountry: 'CN' };
    const first = await api.call('POST', '/entities', entity);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ entityId: 'org:gotion', duplicate: false });
    const again = await api.call('POST', '/entities', entity);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ entityId: 'org:gotion', duplicate: true });
    expect(again.headers.get('location')).toBe('/entities/org:gotion');
    const other = { entityId: 'org:cnge', kind: 'organisation', name: 'CNGE', homeCountry: 'CN' };
    expect((await api.call('POST', '/entities', [entity, other])).status).toBe(201);
    expect((await api.call('POST', '/entities', [entity, other])).status).toBe(200);
  });
});
