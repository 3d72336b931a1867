import { streamSubject } from '../../events/index.js';
import { ConcurrencyError, DuplicateEventIdError } from '../store/errors.js';
import { Rejection } from './rejection.js';

export interface StoreErrorContext {
  /** The ids of a batch in order, so that a conflict names its item. */
  ids?: readonly string[];
  /** The revision named by the client's If-Match, when it gave one. */
  ifMatch?: number;
}

/**
 * The one translation of the event store's refusals into rejections: an id already used by other
 * content, a stream that moved on. Any other error is handed back unchanged.
 */
export function fromStoreError(error: unknown, context: StoreErrorContext = {}): unknown {
  if (error instanceof ConcurrencyError) {
    const current = error.actual === 'no_stream' ? null : error.actual;
    return context.ifMatch !== undefined
      ? new Rejection(
          'REVISION_MISMATCH',
          `If-Match is revision ${context.ifMatch}, the development is now at revision ${current}`,
          { currentRevision: current },
        )
      : new Rejection(
          'CONCURRENCY_CONFLICT',
          'the development changed while this request was handled; read it again and retry',
          { currentRevision: current },
        );
  }
  if (error instanceof DuplicateEventIdError) {
    if (error.kind === 'entity') {
      return new Rejection('ENTITY_EXISTS', `${streamSubject(error.stream)} is already registered with other details`);
    }
    const index = context.ids?.indexOf(error.eventId) ?? -1;
    return new Rejection('ID_CONFLICT', `id ${error.eventId} is already recorded with different content`, {
      errors: [
        {
          ...(index >= 0 ? { index } : {}),
          path: 'id',
          code: 'conflict',
          message: 'this id is already recorded with different content',
        },
      ],
    });
  }
  return error;
}
