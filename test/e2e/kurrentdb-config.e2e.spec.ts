import { loadConfig } from '../../src/config.js';
import { startApp } from '../support/app.js';

describe('TIMELINE_STORE=kurrentdb', () => {
  it('needs KURRENTDB_URL', () => {
    expect(() => loadConfig({ TIMELINE_STORE: 'kurrentdb' })).toThrow(/KURRENTDB_URL is required/);
    expect(() => loadConfig({ TIMELINE_STORE: 'mysql' })).toThrow(
      /TIMELINE_STORE must be sqlite, kurrentdb or postgres/,
    );
  });

  it('starts the service on the KurrentDB adapter, and readiness says when the server cannot be reached', async () => {
    const api = await startApp({ TIMELINE_STORE: 'kurrentdb', KURRENTDB_URL: 'kurrentdb://127.0.0.1:1?tls=false' });
    try {
      expect((await api.call('GET', '/health')).status).toBe(200);
      const ready = await api.call('GET', '/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.status).toBe('unavailable');
    } finally {
      await api.close();
    }
  }, 60_000);
});
