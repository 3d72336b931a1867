import { developmentStream } from '../../events/index.js';
import { randomUUID } from 'node:crypto';
import type { DevelopmentState } from '../../events/index.js';
import { fromStoreError } from '../errors/store-errors.js';
import type { ReadModel } from '../read-model/read-model.js';
import type { EventStore, StoredEvent } from '../store/event-store.js';
import { decideLifecycle } from './decide.js';

export interface LifecycleResult {
  id: string;
  revision: number;
  position: string;
  recordedAt: string;
  duplicate: boolean;
  /** False when the write is stored but the views did not show it yet when it was answered. */
  viewsCurrent: boolean;
}

/**
 * Appends a correction or retraction with optimistic concurrency, as `decideLifecycle` rules, then
 * waits up to `ackWaitMs` for the read model to show it.
 */
export async function appendLifecycle(
  store: EventStore,
  readModel: ReadModel,
  ackWaitMs: number,
  current: { state: DevelopmentState; events: StoredEvent[] },
  event: { id?: string; type: 'DevelopmentCorrected' | 'DevelopmentRetracted'; data: unknown; principal: string },
  ifMatch: number | undefined,
): Promise<LifecycleResult> {
  const { state, events } = current;
  const decision = decideLifecycle(
    state,
    events.map((e) => e.id),
    { eventId: event.id, ifMatch },
  );
  if (!decision.ok) throw decision.rejection;
  const result = await store
    .append(
      developmentStream(state.id),
      [{ id: event.id ?? randomUUID(), type: event.type, data: event.data, metadata: { recordedBy: event.principal } }],
      decision.expectedRevision,
    )
    .catch((error: unknown) => {
      throw fromStoreError(error, { ifMatch });
    });
  const viewsCurrent = await readModel.reached(result.position, ackWaitMs);
  return {
    id: state.id,
    revision: result.revision,
    position: result.position,
    recordedAt: result.recordedAt,
    duplicate: result.duplicate,
    viewsCurrent,
  };
}
