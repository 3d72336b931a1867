import type { Position } from '../event-store.js';

const POSITION = /^\d{1,19}$/;

/** A position this adapter issued: the event's number in the log, in decimal. */
export function parsePosition(position: Position): bigint {
  if (!POSITION.test(position)) throw new RangeError(`not a PostgreSQL log position: "${position}"`);
  return BigInt(position);
}

export function comparePositions(a: Position, b: Position): number {
  const x = parsePosition(a);
  const y = parsePosition(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
