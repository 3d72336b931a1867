import { CommandBus } from '@nestjs/cqrs';
import { pino, type Logger } from 'pino';
import { createApp } from './app.js';
import { FIRST_START_LABEL, KeyFile } from './auth/key-file.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { ReadModelAheadError } from './read-model/log-check.js';
import { ReadModel } from './read-model/read-model.js';
import { seedTimeline } from './seed/seed-timeline.js';
import { EVENT_STORE, type EventStore } from './store/event-store.js';
import { READ_MODEL } from './tokens.js';
import type { ReadModelParts } from './views/build/open-read-model.js';

/** Shutdown ends streams and drains requests; should anything still hold it, the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 9000;

async function main(): Promise<void> {
  let config: Config;
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
  firstKey(config, log);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () =>
      setTimeout(() => {
        log.error({ signal }, `shutdown did not finish in ${SHUTDOWN_DEADLINE_MS} ms; exiting`);
        process.exit(1);
      }, SHUTDOWN_DEADLINE_MS).unref(),
    );
  }
  const app = await createApp(config, log);
  await app.init();
  try {
    await app.get(ReadModel).catchUp();
    const store = app.get<EventStore>(EVENT_STORE);
    const empty = (await store.head()) === undefined;
    if (config.seed) await seedTimeline(store, app.get(CommandBus), config.seedDir, log);
    // On a new data directory the views are built before the first answer; otherwise they are built
    // (or rebuilt) while the service answers, 503 for a view until it has been built once.
    if (empty) await app.get<ReadModelParts>(READ_MODEL).ready();
  } catch (error) {
    // Serve anyway: readiness says what is wrong, writes are stored and answered 202, and the read model keeps retrying.
    log.error({ err: error }, 'the read model could not catch up with the log at start; serving, not ready');
  }
  await app.listen({ port: config.port, host: config.host });
  log.info({ port: config.port, dataDir: config.dataDir, store: config.store }, 'timeline service listening');
}

/**
 * With no key configured and no key file, the first start makes one admin key and shows it, once.
 * Keys made before roles get the role they act as written into the file, and the log says so.
 */
function firstKey(config: Config, log: Logger): void {
  const file = new KeyFile(config.dataDir);
  if (config.apiKeys.length > 0 || file.exists()) {
    for (const key of file.recordRoles())
      log.info({ key: key.id, role: key.role }, `key ${key.id} was made before roles: it is now an ${key.role}`);
    return;
  }
  const { key, stored } = file.create('admin', { label: FIRST_START_LABEL });
  process.stdout.write(
    `\nGenerated admin key ${stored.id} (shown once, stored hashed in ${file.path}):\n\n  ${key}\n\n` +
      'Make keys for people with `timeline keys create --role editor --name NAME` (or reader, admin).\n\n',
  );
}

main().catch((error: unknown) => {
  if (error instanceof ReadModelAheadError) process.stderr.write(`refusing to start: ${error.message}\n`);
  else process.stderr.write(`failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
