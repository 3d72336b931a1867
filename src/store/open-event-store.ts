import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { EventStore } from './event-store.js';
import { SqliteEventStore } from './sqlite/sqlite-event-store.js';

/** The event store the configuration names: the embedded SQLite file, a KurrentDB or a PostgreSQL server. */
export async function openEventStore(
  config: Pick<Config, 'store' | 'dataDir' | 'kurrentDbUrl' | 'databaseUrl'>,
  log?: Logger,
): Promise<EventStore> {
  if (config.store === 'kurrentdb') {
    // Loaded only when chosen, so the embedded default never starts the gRPC client.
    const { KurrentDbEventStore } = await import('./kurrentdb/kurrentdb-event-store.js');
    return new KurrentDbEventStore(config.kurrentDbUrl!, { log });
  }
  if (config.store === 'postgres') {
    const { PostgresEventStore } = await import('./postgres/postgres-event-store.js');
    return new PostgresEventStore(config.databaseUrl!, { log });
  }
  return new SqliteEventStore(join(config.dataDir, 'events.db'), { log });
}
