import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { pino } from 'pino';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { READ_MODEL } from '../../src/tokens.js';
import type { ReadModelParts } from '../../src/views/build/open-read-model.js';
import { tempDir } from './temp-dir.js';

export const TEST_KEY = 'test-key-0123456789abcdef';

export interface RunningApp {
  app: NestFastifyApplication;
  url: string;
  dataDir: string;
  /** fetch against the listening server, JSON in and out, with the write key unless `auth: false`. */
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; headers: Headers; body: any }>;
  close(): Promise<void>;
}

/** Starts the real service on a loopback port with a fresh data directory. */
export async function startApp(env: Record<string, string> = {}, dataDir?: string): Promise<RunningApp> {
  const dir = dataDir ? { path: dataDir, cleanup: () => {} } : tempDir('e2e');
  const config = loadConfig({
    TIMELINE_DATA_DIR: dir.path,
    TIMELINE_API_KEYS: TEST_KEY,
    TIMELINE_SEED: 'false',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const app = await createApp(config, pino({ level: 'silent' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  // Views answer once built; a store that cannot be reached is for the test to see (readiness says so).
  await app
    .get<ReadModelParts>(READ_MODEL)
    .ready()
    .catch(() => undefined);
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  return {
    app,
    url,
    dataDir: dir.path,
    async call(method, path, body, headers = {}) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          authorization: `Bearer ${TEST_KEY}`,
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      return { status: response.status, headers: response.headers, body: parsed };
    },
    async close() {
      await app.close();
      if (!dataDir) dir.cleanup();
    },
  };
}
