import type { EventStore } from '../../src/store/event-store.js';

export interface LogRead {
  events: number;
  ms: number;
  eventsPerSec: number;
}

/**
 * Reads the whole log through the store port, in pages as the catch-up subscription reads it;
 * the port parses each event's JSON (data and metadata). Nothing built from the log can go faster
 * than this, so it is the ceiling for the rebuild rate.
 */
export async function readWholeLog(store: EventStore, pageSize = 500): Promise<LogRead> {
  const started = performance.now();
  let events = 0;
  let after: string | undefined;
  for (;;) {
    const page = await store.readAll({ after, limit: pageSize });
    if (page.length === 0) break;
    events += page.length;
    after = page[page.length - 1]!.position;
  }
  const ms = performance.now() - started;
  return { events, ms, eventsPerSec: (events / ms) * 1000 };
}
