import { entityStream } from '../../events/index.js';
import type { EntitiesTable } from '../read-model/entities-table.js';
import type { EventStore } from '../store/event-store.js';

/**
 * The references among `refs` that name no registered entity. The read model answers first; the
 * log confirms the rest, since an entity registered a moment ago (answered 202) may not be there yet.
 */
export async function unregistered(
  entities: EntitiesTable,
  store: EventStore,
  refs: Iterable<string>,
): Promise<string[]> {
  const unknown = entities.unknown(refs);
  const logged = await Promise.all(unknown.map(async (ref) => (await store.readStream(entityStream(ref))).length > 0));
  return unknown.filter((_, i) => !logged[i]);
}
