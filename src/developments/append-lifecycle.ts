import { randomUUID } from 'node:crypto';
import type { DevelopmentState } from '../../events/index.js';
import { conflict, preconditionFailed } from '../errors/problems.js';
import { DEVELOPMENT_STREAM } from '../read-model/developments-table.js';
import type { ReadModel } from '../read-model/read-model.js';
import { ConcurrencyError, DuplicateEventIdError } from '../store/errors.js';
import type { EventStore, StoredEvent } from '../store/event-store.js';

export interface LifecycleResult {
  id: string;
  revision: number;
  position: string;
  recordedAt: string;
  duplicate: boolean;
}

/**
 * Appends a correction or retraction with optimistic concurrency: the expected revision is the
 * client's `If-Match` when given, else the revision just read. A retry carrying the same event id
 * is answered as the first attempt was, whatever the stream's revision is now.
 */
export async function appendLifecycle(
  store: EventStore,
  readModel: ReadModel,
  current: { state: DevelopmentState; events: StoredEvent[] },
  event: { id?: string; type: 'DevelopmentCorrected' | 'DevelopmentRetracted'; data: unknown; principal: string },
  ifMatch: number | undefined,
): Promise<LifecycleResult> {
  const { state, events } = current;
  const retry = event.id !== undefined && events.some((e) => e.id === event.id);
  if (!retry) {
    if (ifMatch !== undefined && ifMatch !== state.revision) {
      throw preconditionFailed(`If-Match is revision ${ifMatch}, the development is at revision ${state.revision}`, state.revision);
    }
    if (state.retracted) throw conflict('DEVELOPMENT_RETRACTED', `development ${state.id} was retracted: ${state.retracted.reason}`);
  }
  try {
    const result = await store.append(
      `${DEVELOPMENT_STREAM}${state.id}`,
      [{ id: event.id ?? randomUUID(), type: event.type, data: event.data, metadata: { recordedBy: event.principal } }],
      retry ? 'any' : (ifMatch ?? state.revision),
    );
    await readModel.waitFor(result.position);
    return { id: state.id, revision: result.revision, position: result.position, recordedAt: result.recordedAt, duplicate: result.duplicate };
  } catch (error) {
    if (error instanceof ConcurrencyError) {
      const actual = error.actual === 'no_stream' ? null : error.actual;
      throw ifMatch !== undefined
        ? preconditionFailed(`If-Match is revision ${ifMatch}, the development is now at revision ${actual}`, actual)
        : conflict('CONCURRENCY_CONFLICT', 'the development changed while this request was handled; read it again and retry', { currentRevision: actual });
    }
    if (error instanceof DuplicateEventIdError) throw conflict('ID_CONFLICT', `id ${error.eventId} is already used by different content`);
    throw error;
  }
}
