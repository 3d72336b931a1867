import { evolveDevelopment, type DevelopmentState, developmentStream } from '../../events/index.js';
import { missing } from '../errors/rejection.js';
import type { EventStore, StoredEvent } from '../store/event-store.js';

/** Reads a development's stream and folds it; NOT_FOUND when there is none. */
export async function loadDevelopment(
  store: EventStore,
  id: string,
  knownAt?: string,
): Promise<{ state: DevelopmentState; events: StoredEvent[] }> {
  const all = await store.readStream(developmentStream(id));
  const events = knownAt ? all.filter((e) => e.recordedAt <= knownAt) : all;
  const state = events.reduce<DevelopmentState | undefined>(
    (s, e) => evolveDevelopment(s, { ...e, streamId: id }),
    undefined,
  );
  if (!state) throw missing('development', id);
  return { state, events };
}
