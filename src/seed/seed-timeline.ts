import type { CommandBus } from '@nestjs/cqrs';
import { existsSync } from 'node:fs';
import type { Logger } from 'pino';
import { developmentStream, entityStream } from '../../events/index.js';
import { importRecords, inImportOrder, isEntityRecord, type ImportSummary } from '../import/importer.js';
import { readRecords, type SourceRecord } from '../import/read-records.js';
import type { EventStore } from '../store/event-store.js';

/** Who the seed's events are recorded by. */
export const SEED_PRINCIPAL = 'seed';

/**
 * Imports the seed timeline into an empty store, or completes a seed that a crash interrupted; a
 * store that holds anything else is left alone. The import is idempotent (fixed ids), so going
 * through it again stores only what is missing.
 */
export async function seedTimeline(
  store: EventStore,
  commands: CommandBus,
  seedDir: string,
  log: Logger,
): Promise<ImportSummary | undefined> {
  const empty = (await store.head()) === undefined;
  if (!existsSync(seedDir)) {
    if (empty) log.warn({ seedDir }, 'seed directory not found; starting with an empty timeline');
    return undefined;
  }
  const records = readRecords(seedDir);
  if (!empty) {
    if (!(await seedInterrupted(store, records))) return undefined;
    log.warn({ seedDir }, 'the seed timeline was interrupted before it was complete; completing it');
  }
  const summary = await importRecords(records, commands, SEED_PRINCIPAL);
  log.info(
    { accepted: summary.accepted, duplicate: summary.duplicate, rejected: summary.rejected.length },
    'seed timeline imported',
  );
  for (const r of summary.rejected) log.error(r, 'seed record rejected');
  return summary;
}

/**
 * The log begins with the seed's events but lacks its last record. Each batch of the import is
 * stored all-or-nothing and in order, so the last record's stream is the seed's completion marker.
 */
async function seedInterrupted(store: EventStore, records: SourceRecord[]): Promise<boolean> {
  const [first] = await store.readAll({ limit: 1 });
  if (first?.metadata.recordedBy !== SEED_PRINCIPAL) return false;
  const last = inImportOrder(records).at(-1);
  const stream = last && streamOf(last);
  return stream !== undefined && (await store.readStream(stream)).length === 0;
}

function streamOf(record: SourceRecord): string | undefined {
  const value = record.value as { entityId?: unknown; id?: unknown };
  if (isEntityRecord(record)) return entityStream(String(value.entityId));
  return typeof value.id === 'string' ? developmentStream(value.id) : undefined;
}
