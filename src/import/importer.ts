import type { CommandBus } from '@nestjs/cqrs';
import { RegisterEntities } from '../entities/register-entities.command.js';
import { Rejection, type ItemError } from '../errors/rejection.js';
import { RecordDevelopments } from '../developments/record/record-developments.command.js';
import { withImportedId } from './imported-id.js';
import type { SourceRecord } from './read-records.js';

export interface ImportSummary {
  accepted: number;
  duplicate: number;
  rejected: { origin: string; reason: string }[];
}

const BATCH = 500;

export const isEntityRecord = (r: SourceRecord) =>
  typeof r.value === 'object' && r.value !== null && 'entityId' in r.value;

/** The records that parsed, in the order they are imported: entities first (developments refer to them). */
export function inImportOrder(records: SourceRecord[]): SourceRecord[] {
  const usable = records.filter((r) => !r.parseError);
  return [...usable.filter(isEntityRecord), ...usable.filter((r) => !isEntityRecord(r))];
}

/**
 * Where an import's records come from. It is read twice, once for the entities and once for the
 * developments, so that a file of millions of developments is never held whole.
 */
export interface RecordSource {
  /** Every record, in the source's order; each call reads the source again. */
  records(): Iterable<SourceRecord>;
}

export interface ImportOptions {
  onProgress?: (done: number, total: number) => void;
  /** Called with how many developments follow, once the entities are imported and before any development. */
  beforeDevelopments?: (count: number) => void;
}

/**
 * Imports entities first (developments refer to them), then developments, in batches. A batch that
 * fails on some items is retried without them, so one bad record rejects only itself.
 */
export async function importRecords(
  source: SourceRecord[] | RecordSource,
  commands: CommandBus,
  principal: string,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const { onProgress, beforeDevelopments } = options;
  const records = Array.isArray(source) ? () => source : () => source.records();
  const summary: ImportSummary = { accepted: 0, duplicate: 0, rejected: [] };
  let total = 0;
  let developments = 0;
  let batch: SourceRecord[] = [];
  const flush = async (entities: boolean) => {
    if (batch.length > 0) await importBatch(batch, entities, commands, principal, summary);
    batch = [];
  };
  // The first pass: unreadable records, the entities, and how many developments follow.
  for (const r of records()) {
    total += 1;
    if (r.parseError) summary.rejected.push({ origin: r.origin, reason: r.parseError });
    else if (!isEntityRecord(r)) developments += 1;
    else {
      batch.push(r);
      if (batch.length === BATCH) await flush(true);
    }
  }
  await flush(true);
  let done = total - developments;
  onProgress?.(done, total);
  beforeDevelopments?.(developments);
  for (const r of records()) {
    if (r.parseError || isEntityRecord(r)) continue;
    batch.push(r);
    if (batch.length === BATCH) {
      await flush(false);
      done += BATCH;
      onProgress?.(done, total);
    }
  }
  done += batch.length;
  await flush(false);
  onProgress?.(done, total);
  return summary;
}

async function importBatch(
  batch: SourceRecord[],
  entities: boolean,
  commands: CommandBus,
  principal: string,
  summary: ImportSummary,
): Promise<void> {
  let pending = batch;
  while (pending.length > 0) {
    const values = pending.map((r) => (entities ? r.value : withImportedId(r.value)));
    try {
      const { results } = entities
        ? await commands.execute(new RegisterEntities(values, principal))
        : await commands.execute(new RecordDevelopments(values, principal));
      for (const result of results) summary[result.duplicate ? 'duplicate' : 'accepted'] += 1;
      return;
    } catch (error) {
      const failed = failedItems(error, pending.length);
      if (!failed) throw error;
      for (const [index, reason] of failed) summary.rejected.push({ origin: pending[index]!.origin, reason });
      pending = pending.filter((_, i) => !failed.has(i));
    }
  }
}

/** The items a batch failed on, with a reason each; undefined when the error is not about items. */
function failedItems(error: unknown, size: number): Map<number, string> | undefined {
  if (!(error instanceof Rejection)) return undefined;
  const errors = (error.details.errors ?? []) as ItemError[];
  const failed = new Map<number, string>();
  for (const e of errors) {
    const index = size === 1 ? 0 : e.index;
    if (index === undefined) continue;
    failed.set(index, [failed.get(index), `${e.path}: ${e.message}`].filter(Boolean).join('; '));
  }
  if (failed.size === 0 && size === 1) failed.set(0, error.message);
  return failed.size > 0 ? failed : undefined;
}
