import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashKey } from '../../src/auth/key-file.js';
import { startApp, TEST_KEY, type RunningApp } from '../support/app.js';
import { entities, facilityOpened } from '../support/fixtures.js';
import { tempDir } from '../support/temp-dir.js';

const READER = 'reader-key-0123456789abcdef';
const ADMIN = 'admin-key-0123456789abcdef';
const as = (key: string) => ({ authorization: `Bearer ${key}` });
const WEBHOOKS = { TIMELINE_WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1', TIMELINE_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' };
const hook = { url: 'http://127.0.0.1:9/hook', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' };

describe('keys with roles', () => {
  let api: RunningApp;
  let developmentId: string;

  beforeAll(async () => {
    // TEST_KEY has no role prefix: an editor, as every key was before roles.
    api = await startApp({ ...WEBHOOKS, TIMELINE_API_KEYS: `${TEST_KEY},reader:${READER},admin:${ADMIN}` });
    expect((await api.call('POST', '/entities', entities)).status).toBe(201);
    const recorded = await api.call('POST', '/developments', facilityOpened());
    expect(recorded.status).toBe(201);
    developmentId = recorded.body.id;
  });
  afterAll(() => api.close());

  it('a reader key gets 403 naming the editor role on every route that changes the timeline, and nothing changes', async () => {
    const before = (await api.call('GET', '/timeline')).body.developments;
    const writes: [string, string, unknown][] = [
      ['POST', '/developments', facilityOpened()],
      ['POST', '/developments', [facilityOpened()]],
      ['POST', `/developments/${developmentId}/corrections`, { changes: { date: '2025-08' }, reason: 'r' }],
      ['POST', `/developments/${developmentId}/retraction`, { reason: 'r' }],
      ['POST', '/entities', { entityId: 'org:x', kind: 'organisation', name: 'X', homeCountry: 'CN' }],
      ['POST', '/imports', [facilityOpened()]],
      ['POST', '/imports?dryRun=true', [facilityOpened()]],
    ];
    for (const [method, path, body] of writes) {
      const refused = await api.call(method, path, body, as(READER));
      expect({
        path,
        status: refused.status,
        code: refused.body.code,
        requiredRole: refused.body.requiredRole,
      }).toEqual({ path, status: 403, code: 'ROLE_REQUIRED', requiredRole: 'editor' });
      expect(refused.body.detail).toContain('needs an editor key');
      expect(refused.body.detail).toContain('is a reader');
    }
    expect((await api.call('GET', '/timeline')).body.developments).toEqual(before);
  });

  it('a reader key manages its own webhooks; only an admin lists the keys', async () => {
    expect((await api.call('POST', '/webhooks', hook, as(READER))).status).toBe(201);
    expect((await api.call('GET', '/webhooks', undefined, as(READER))).body.webhooks).toHaveLength(1);
    for (const key of [READER, TEST_KEY]) {
      const refused = await api.call('GET', '/keys', undefined, as(key));
      expect([refused.status, refused.body.code, refused.body.requiredRole]).toEqual([403, 'ROLE_REQUIRED', 'admin']);
    }
    const keys = (await api.call('GET', '/keys', undefined, as(ADMIN))).body.keys;
    expect(keys.map((k: { role: string }) => k.role)).toEqual(['editor', 'reader', 'admin']);
    expect(JSON.stringify(keys)).not.toContain(READER);
  });

  it('tells a key who it is: its name and role, never its secret', async () => {
    const me = await api.call('GET', '/keys/me', undefined, as(READER));
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ id: expect.stringMatching(/^key:/), name: me.body.id, role: 'reader' });
    expect((await api.call('GET', '/keys/me', undefined, as('not-a-key-0123456789abcdef'))).status).toBe(401);
  });

  it('an admin sees and manages the webhooks of every key', async () => {
    const own = (await api.call('POST', '/webhooks', hook)).body;
    const all = (await api.call('GET', '/webhooks', undefined, as(ADMIN))).body.webhooks;
    expect(all.map((w: { id: string }) => w.id)).toContain(own.id);
    expect(new Set(all.map((w: { owner: string }) => w.owner)).size).toBe(2);
    expect((await api.call('GET', `/webhooks/${own.id}`, undefined, as(READER))).status).toBe(404);
    expect((await api.call('DELETE', `/webhooks/${own.id}`, undefined, as(ADMIN))).status).toBe(204);
    expect((await api.call('GET', `/webhooks/${own.id}`)).status).toBe(404);
  });

  it("audits who recorded and corrected: the key's name, never the secret", async () => {
    const corrected = await api.call(
      'POST',
      `/developments/${developmentId}/corrections`,
      { changes: { date: '2025-08' }, reason: 'the day is known' },
      as(ADMIN),
    );
    expect(corrected.status).toBe(201);
    const keys = (await api.call('GET', '/keys', undefined, as(ADMIN))).body.keys as { name: string; role: string }[];
    const development = (await api.call('GET', `/developments/${developmentId}`)).body;
    expect(development.recordedBy).toBe(keys.find((k) => k.role === 'editor')!.name);
    expect(development.corrections[0].recordedBy).toBe(keys.find((k) => k.role === 'admin')!.name);
    expect(JSON.stringify(development)).not.toContain(TEST_KEY);
    expect(JSON.stringify(development)).not.toContain(ADMIN);
  });
});

describe('keys kept in the key file', () => {
  it('keys made before roles keep working: the first-start key is an admin, the others editors, named as stored', async () => {
    const dir = tempDir('roles-file');
    const made = 'tl_first-start-key-0123456789';
    const other = 'tl_older-key-0123456789abcdef';
    writeFileSync(
      join(dir.path, 'api-keys.json'),
      JSON.stringify({
        keys: [
          { id: 'key:aaaaaaaaaaaa', sha256: hashKey(made).toString('hex'), label: 'made at first start' },
          { id: 'key:bbbbbbbbbbbb', sha256: hashKey(other).toString('hex'), name: 'Newsroom desk' },
        ],
      }),
    );
    const api = await startApp({ TIMELINE_API_KEYS: '' }, dir.path);
    try {
      expect((await api.call('GET', '/keys/me', undefined, as(made))).body.role).toBe('admin');
      expect((await api.call('GET', '/keys/me', undefined, as(other))).body).toEqual({
        id: 'key:bbbbbbbbbbbb',
        name: 'Newsroom desk',
        role: 'editor',
      });
      expect((await api.call('POST', '/entities', entities, as(other))).status).toBe(201);
      const recorded = await api.call('POST', '/developments', facilityOpened({ id: randomUUID() }), as(other));
      expect(recorded.status).toBe(201);
      expect((await api.call('GET', `/developments/${recorded.body.id}`)).body.recordedBy).toBe('Newsroom desk');
    } finally {
      await api.close();
      dir.cleanup();
    }
  });
});

describe('limits on keys', () => {
  it('listing and reading webhooks does not spend the write allowance', async () => {
    const api = await startApp({ ...WEBHOOKS, TIMELINE_WRITE_RATE: '3' });
    try {
      for (let i = 0; i < 10; i++) expect((await api.call('GET', '/webhooks')).status).toBe(200);
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await api.call('POST', '/entities', entities)).status);
      expect(statuses).toEqual([201, 200, 200, 429]); // the same entities again: retries, each spending the allowance
    } finally {
      await api.close();
    }
  });

  it('caps the webhooks of one key (TIMELINE_WEBHOOKS_PER_KEY); another key still registers its own', async () => {
    const api = await startApp({
      ...WEBHOOKS,
      TIMELINE_WEBHOOKS_PER_KEY: '2',
      TIMELINE_API_KEYS: `${TEST_KEY},reader:${READER}`,
    });
    try {
      expect((await api.call('POST', '/webhooks', hook)).status).toBe(201);
      expect((await api.call('POST', '/webhooks', hook)).status).toBe(201);
      const third = await api.call('POST', '/webhooks', hook);
      expect([third.status, third.body.code, third.body.limit]).toEqual([409, 'WEBHOOK_LIMIT_REACHED', 2]);
      expect((await api.call('GET', '/webhooks')).body.webhooks).toHaveLength(2);
      expect((await api.call('POST', '/webhooks', hook, as(READER))).status).toBe(201);
    } finally {
      await api.close();
    }
  });

  it('limits wrong keys per client: past the allowance every attempt from it is 429, even with a right key', async () => {
    const api = await startApp({ TIMELINE_AUTH_FAILURE_RATE: '3' });
    try {
      const wrong = as('wrong-key-0123456789abcdef');
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await api.call('POST', '/entities', entities, wrong)).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
      const right = await api.call('POST', '/entities', entities);
      expect([right.status, right.body.code]).toEqual([429, 'RATE_LIMITED']);
      expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
      // Requests with no key at all are not guesses; reads need no key.
      expect((await api.call('GET', '/timeline', undefined, { authorization: '' })).status).toBe(200);
    } finally {
      await api.close();
    }
  });
});
