import type { CommandBus } from '@nestjs/cqrs';
import { existsSync } from 'node:fs';
import type { Logger } from 'pino';
import { importRecords, type ImportSummary } from '../import/importer.js';
import { readRecords } from '../import/read-records.js';
import type { EventStore } from '../store/event-store.js';

/** Imports the seed timeline into an empty store; a store that already holds events is left alone. */
export async function seedIfEmpty(
  store: EventStore,
  commands: CommandBus,
  seedDir: string,
  log: Logger,
): Promise<ImportSummary | undefined> {
  if ((await store.head()) !== undefined) return undefined;
  if (!existsSync(seedDir)) {
    log.warn({ seedDir }, 'seed directory not found; starting with an empty timeline');
    return undefined;
  }
  const summary = await importRecords(readRecords(seedDir), commands, 'seed');
  log.info(
    { accepted: summary.accepted, duplicate: summary.duplicate, rejected: summary.rejected.length },
    'seed timeline imported',
  );
  for (const r of summary.rejected) log.error(r, 'seed record rejected');
  return summary;
}
