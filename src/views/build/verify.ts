import type { EventStore } from '../../store/event-store.js';
import { openReadModel } from './open-read-model.js';
import { CANONICAL_TABLES, type TemporalStore } from '../store/temporal-store.js';

export interface Difference {
  table: string;
  live?: unknown;
  rebuilt?: unknown;
}

/**
 * Rebuilds the read model from the log into `scratchFile` and compares it row for row with
 * `live`. Returns the first differences found (empty: identical).
 */
export async function verifyReadModel(
  store: EventStore,
  live: TemporalStore,
  scratchFile: string,
  max = 20,
): Promise<Difference[]> {
  const scratch = openReadModel(scratchFile, store);
  scratch.readModel.start();
  await scratch.ready();
  await scratch.readModel.stop();
  try {
    return compare(live, scratch.views.store, max);
  } finally {
    scratch.readModel.close({ scratch: true });
  }
}

export function compare(live: TemporalStore, rebuilt: TemporalStore, max = 20): Difference[] {
  const differences: Difference[] = [];
  for (const table of CANONICAL_TABLES) {
    const a = live.canonical(table);
    const b = rebuilt.canonical(table);
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (JSON.stringify(a[i]) !== JSON.stringify(b[i])) {
        differences.push({ table, live: a[i], rebuilt: b[i] });
        if (differences.length >= max) return differences;
      }
    }
  }
  return differences;
}
