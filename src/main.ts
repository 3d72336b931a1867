import { CommandBus } from '@nestjs/cqrs';
import { pino } from 'pino';
import { ApiKeys } from './auth/api-keys.js';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { seedIfEmpty } from './seed/seed-timeline.js';
import { EVENT_STORE, type EventStore } from './store/event-store.js';
import { ReadModel } from './read-model/read-model.js';
import { READ_MODEL } from './tokens.js';
import type { ReadModelParts } from './views/open-read-model.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = pino({ level: config.logLevel });
  const app = await createApp(config, log);
  await app.init();
  const generated = app.get(ApiKeys).generatedKey;
  if (generated) {
    process.stdout.write(`\nGenerated write key (shown once, stored hashed in ${config.dataDir}/api-keys.json):\n\n  ${generated}\n\n`);
  }
  await app.get(ReadModel).catchUp();
  const store = app.get<EventStore>(EVENT_STORE);
  const empty = (await store.head()) === undefined;
  if (config.seed) await seedIfEmpty(store, app.get(CommandBus), config.seedDir, log);
  // On a new data directory the views are built before the first answer; otherwise they are built
  // (or rebuilt) while the service answers, 503 for a view until it has been built once.
  if (empty) await app.get<ReadModelParts>(READ_MODEL).ready();
  await app.listen({ port: config.port, host: config.host });
  log.info({ port: config.port, dataDir: config.dataDir, store: config.store }, 'timeline service listening');
}

main().catch((error: unknown) => {
  process.stderr.write(`failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
