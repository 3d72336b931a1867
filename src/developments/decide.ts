import type { DevelopmentState } from '../../events/index.js';
import { Rejection } from '../errors/rejection.js';
import type { ExpectedRevision } from '../store/event-store.js';

export interface LifecycleCommand {
  /** The client's id for the correction or retraction event, which makes a retry recognisable. */
  eventId?: string;
  /** The revision the client's If-Match names. */
  ifMatch?: number;
}

/** Append with this expected revision, or refuse. */
export type LifecycleDecision =
  | { ok: true; expectedRevision: ExpectedRevision; retry: boolean }
  | { ok: false; rejection: Rejection };

/**
 * Whether a correction or retraction may be appended to a development, given what its stream holds:
 * - a retry (an event id the stream already holds) is appended as `any`, and the store answers it as
 *   the first attempt was, whatever happened to the development since;
 * - an If-Match that is not the current revision is refused (412);
 * - a retracted development takes no further correction or retraction;
 * - otherwise it is appended at the revision the client saw (If-Match) or the one just read.
 */
export function decideLifecycle(
  state: DevelopmentState,
  eventIds: readonly string[],
  command: LifecycleCommand,
): LifecycleDecision {
  if (command.eventId !== undefined && eventIds.includes(command.eventId))
    return { ok: true, expectedRevision: 'any', retry: true };
  if (command.ifMatch !== undefined && command.ifMatch !== state.revision) {
    return {
      ok: false,
      rejection: new Rejection(
        'REVISION_MISMATCH',
        `If-Match is revision ${command.ifMatch}, the development is at revision ${state.revision}`,
        { currentRevision: state.revision },
      ),
    };
  }
  if (state.retracted) {
    return {
      ok: false,
      rejection: new Rejection(
        'DEVELOPMENT_RETRACTED',
        `development ${state.id} was retracted: ${state.retracted.reason}`,
      ),
    };
  }
  return { ok: true, expectedRevision: command.ifMatch ?? state.revision, retry: false };
}
