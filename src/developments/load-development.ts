import { evolveDevelopment, type DevelopmentState } from '../../events/index.js';
import { missing } from '../errors/rejection.js';
import { DEVELOPMENT_STREAM } from '../read-model/developments-table.js';
import type { EventStore, StoredEvent } from '../store/event-store.js';

/** Reads a development's stream and folds it; NOT_FOUND when there is none. */
export async function loadDevelopment(
  store: EventStore,
  id: string,
  knownAt?: string,
): Promise<{ state: DevelopmentState; events: StoredEvent[] }> {
  const all = await store.readStream(`${DEVELOPMENT_STREAM}${id}`);
  const events = knownAt ? all.filter((e) => e.recordedAt <= knownAt) : all;
  const state = events.reduce<DevelopmentState | undefined>(
    (s, e) => evolveDevelopment(s, { ...e, streamId: id }),
    undefined,
  );
  if (!state) throw missing('development', id);
  return { state, events };
}
