import { evolveDevelopment, type DevelopmentState } from '../../events/index.js';
import { notFound } from '../errors/problems.js';
import { DEVELOPMENT_STREAM } from '../read-model/developments-table.js';
import type { EventStore, StoredEvent } from '../store/event-store.js';

/** Reads a development's stream and folds it; 404 when there is none. */
export async function loadDevelopment(
  store: EventStore, id: string, knownAt?: string,
): Promise<{ state: DevelopmentState; events: StoredEvent[] }> {
  const all = await store.readStream(`${DEVELOPMENT_STREAM}${id}`);
  const events = knownAt ? all.filter((e) => e.recordedAt <= knownAt) : all;
  const state = events.reduce<DevelopmentState | undefined>(
    (s, e) => evolveDevelopment(s, { ...e, streamId: id }), undefined);
  if (!state) throw notFound('development', id);
  return { state, events };
}
