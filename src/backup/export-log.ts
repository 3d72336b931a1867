import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { EventStore, Position } from '../store/event-store.js';
import { toLogRecord } from './log-record.js';

/** Writes every stored event, in position order, as JSON Lines; returns how many. */
export async function exportLog(store: EventStore, out: Writable, pageSize = 1000): Promise<number> {
  let after: Position | undefined;
  let written = 0;
  for (;;) {
    const page = await store.readAll({ after, limit: pageSize });
    if (page.length === 0) return written;
    const text = page.map((event) => `${JSON.stringify(toLogRecord(event))}\n`).join('');
    if (!out.write(text)) await once(out, 'drain');
    written += page.length;
    after = page[page.length - 1]!.position;
  }
}
