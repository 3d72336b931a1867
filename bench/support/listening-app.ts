import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { ReadModel } from '../../src/read-model/read-model.js';

export interface ListeningApp {
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * The real application listening on a free loopback port, storing in `dataDir`, accepting
 * writes with `apiKey`, with the write rate limit at its maximum so it never throttles a run.
 */
export async function startListeningApp(dataDir: string, apiKey: string): Promise<ListeningApp> {
  const config = loadConfig({
    TIMELINE_DATA_DIR: dataDir,
    TIMELINE_API_KEYS: apiKey,
    TIMELINE_SEED: 'false',
    TIMELINE_WRITE_RATE: '1000000',
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
  });
  const app = await createApp(config);
  await app.init();
  await app.get(ReadModel).catchUp();
  await app.listen({ port: config.port, host: config.host });
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
}
