import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { EventStore, NewEvent, StoredEvent } from '../../src/store/event-store.js';
import { migrateLog } from '../../src/store/migrate.js';
import { SqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { tempDir } from '../support/temp-dir.js';

const event = (type: string, data: unknown): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: { recordedBy: 'seed' },
});

/** 23 events in 6 streams, interleaved, written by single, multi-event and multi-stream appends. */
async function fill(store: EventStore): Promise<void> {
  let tick = 0;
  for (let round = 0; round < 3; round++) {
    for (let d = 0; d < 4; d++) {
      await store.append(
        `development-${d}`,
        [event('DevelopmentRecorded', { d, round, tick: tick++ })],
        round === 0 ? 'no_stream' : round - 1,
      );
    }
  }
  await store.append('development-0', [event('SourceAdded', { n: 1 }), event('SourceAdded', { n: 2 })], 2);
  await store.appendMany([
    { stream: 'entity-a', events: [event('EntityRegistered', { name: 'A' })], expectedRevision: 'no_stream' },
    { stream: 'entity-b', events: [event('EntityRegistered', { name: 'B' })], expectedRevision: 'no_stream' },
  ]);
  for (let i = 0; i < 7; i++) await store.append('development-3', [event('SourceAdded', { i })], 2 + i);
}

const shape = (events: StoredEvent[]) =>
  events.map(({ id, stream, revision, type, data }) => ({ id, stream, revision, type, data }));

describe('migrateLog (SQLite files to SQLite files)', () => {
  const dirs: (() => void)[] = [];
  const stores: EventStore[] = [];
  const open = (name: string): SqliteEventStore => {
    const dir = tempDir('migrate');
    dirs.push(dir.cleanup);
    const store = new SqliteEventStore(join(dir.path, `${name}.db`));
    stores.push(store);
    return store;
  };
  let source: SqliteEventStore;
  let sourceEvents: StoredEvent[];

  beforeAll(async () => {
    source = open('source');
    await fill(source);
    sourceEvents = await source.readAll();
    expect(sourceEvents).toHaveLength(23);
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    dirs.forEach((cleanup) => cleanup());
  });

  it('copies every event in order with its id, stream and revision, and the original time as metadata', async () => {
    const target = open('target');
    const progress: number[] = [];
    const result = await migrateLog(source, target, { batchSize: 5, onProgress: (copied) => progress.push(copied) });
    expect(result).toEqual({ copied: 23, skipped: 0 });
    expect(progress).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    const copiedEvents = await target.readAll();
    expect(shape(copiedEvents)).toEqual(shape(sourceEvents));
    expect(copiedEvents.map((e) => e.metadata)).toEqual(
      sourceEvents.map((e) => ({ ...e.metadata, recordedAt: e.recordedAt })),
    );
  });

  it('copies nothing new when run again', async () => {
    const target = open('target-twice');
    await migrateLog(source, target, { batchSize: 4 });
    const before = await target.readAll();
    expect(await migrateLog(source, target, { batchSize: 7 })).toEqual({ copied: 0, skipped: 23 });
    expect(await target.readAll()).toEqual(before);
  });

  it('resumes an interrupted run and completes it', async () => {
    const target = open('target-interrupted');
    const stopAfter = (n: number) => (copied: number) => {
      if (copied === n) throw new Error(`stopped after ${n}`);
    };
    await expect(migrateLog(source, target, { batchSize: 6, onProgress: stopAfter(10) })).rejects.toThrow(
      'stopped after 10',
    );
    expect(await target.readAll()).toHaveLength(10);
    expect(await migrateLog(source, target, { batchSize: 6 })).toEqual({ copied: 13, skipped: 10 });
    expect(shape(await target.readAll())).toEqual(shape(sourceEvents));
  });
});
