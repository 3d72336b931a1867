import { refused } from '../errors/rejection.js';
import type { EventStore, Position } from '../store/event-store.js';

/**
 * Where a feed resumes: after the client's position (`Last-Event-ID` or `from`), else after the
 * head. A position the log does not reach is refused: resuming there would silently skip every
 * development recorded up to it (the log was restored from an older backup, or the id is wrong).
 */
export async function resumePosition(
  store: EventStore,
  given: string | undefined,
  field: string,
): Promise<Position | undefined> {
  const head = await store.head();
  if (given === undefined) return head;
  let ahead: boolean;
  try {
    const compared = head === undefined ? (given === '0' ? 0 : 1) : store.comparePositions(given, head);
    if (Number.isNaN(compared)) throw new RangeError(given);
    ahead = compared > 0;
  } catch {
    throw refused('BAD_POSITION', `${field} is not a position of this log`, [
      { path: field, code: 'invalid', message: 'not a position' },
    ]);
  }
  if (!ahead) return given;
  throw refused(
    'POSITION_AHEAD_OF_LOG',
    `${field} ${given} is beyond the end of the log (${head ?? 'empty'}): resume from ${head ?? '0'} or earlier`,
    [{ path: field, code: 'ahead_of_log', message: 'beyond the last position of the log' }],
    { head: head ?? null },
  );
}
