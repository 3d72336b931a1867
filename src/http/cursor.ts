import { refused } from '../errors/rejection.js';

/**
 * The one cursor codec of every paged answer. A cursor is opaque to clients: the list it belongs to
 * and where the page ended there (`[list, position]`, JSON in base64url). A cursor this service did
 * not issue, or issued for another list, is refused with BAD_CURSOR wherever it is given.
 */
export type CursorList = 'rows' | 'timeline' | 'expectations';

/** The longest cursor any list issues, with room to spare: a longer one was not issued here. */
export const MAX_CURSOR_LENGTH = 500;

export function encodeCursor(list: CursorList, position: unknown): string {
  return Buffer.from(JSON.stringify([list, position])).toString('base64url');
}

/** The position a cursor of `list` holds, as `read` accepts it (undefined: not one); else BAD_CURSOR. */
export function decodeCursor<T>(list: CursorList, cursor: string, read: (position: unknown) => T | undefined): T {
  const position = cursorEnvelope(cursor);
  const value = position && position[0] === list ? read(position[1]) : undefined;
  if (value === undefined) throw badCursor();
  return value;
}

/** True when the text is a cursor of some list (what the query parameter checks before any route reads it). */
export function isCursor(cursor: unknown): boolean {
  return typeof cursor === 'string' && cursorEnvelope(cursor) !== undefined;
}

export const CURSOR_MESSAGE = 'cursor must be the nextCursor of a previous page, as given';

function cursorEnvelope(cursor: string): [CursorList, unknown] | undefined {
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown;
    return Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string'
      ? (parsed as [CursorList, unknown])
      : undefined;
  } catch {
    return undefined;
  }
}

function badCursor() {
  return refused('BAD_CURSOR', 'cursor is not one this service issued for this list', [
    { path: 'cursor', code: 'isCursor', message: CURSOR_MESSAGE },
  ]);
}

/** Readers of the positions each list keeps in its cursors. */
export const positions = {
  /** A row key (a view's rows, in key order). */
  key: (p: unknown) => (typeof p === 'string' ? p : undefined),
  /** An offset into a sorted list. */
  offset: (p: unknown) => (Number.isSafeInteger(p) && (p as number) >= 0 ? (p as number) : undefined),
  /** The timeline's order: earliest day, latest day, recording order. */
  timeline: (p: unknown) =>
    Array.isArray(p) && p.length === 3 && typeof p[0] === 'string' && typeof p[1] === 'string' && Number.isInteger(p[2])
      ? (p as [string, string, number])
      : undefined,
};
