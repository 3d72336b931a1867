import type { z } from 'zod';
import { join } from 'node:path';
import { checkDevelopment, developmentStream, entityStream } from '../../events/index.js';
import {
  footprintValue,
  PROJECTIONS,
  ROW_VALUES,
  type RowExpectation,
  type RowValues,
  VIEW_NAMES,
  type ViewName,
} from '../../projections/index.js';
import type { RowExpectation as FoldedExpectation } from '../../src/views/engine/fold.js';
import type { ExpectationStatus } from '../../src/views/read/view-rows.js';
import { openReadModel, type ReadModelParts } from '../../src/views/build/open-read-model.js';
import { ViewReader, type RowQuery } from '../../src/views/read/view-reader.js';
import { SqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { allDevelopments, seedEntities } from '../seed/seed-data.js';
import { tempDir } from '../support/temp-dir.js';

/** The days the seed's rows are read on: before most of it, within it, and long after its last report. */
const DAYS = ['2008-12-31', '2020-01-01', '2025-06-30', '2026-06-30', '2030-12-31'];

/** The ways a row is asked for: what may have happened, what surely had, what the sources had published. */
const READINGS: { name: string; query: (asOf: string) => Partial<RowQuery> }[] = [
  { name: 'possible', query: () => ({}) },
  { name: 'certain', query: () => ({ certainOnly: true }) },
  { name: 'published', query: (asOf) => ({ publishedBy: asOf }) },
];

/** The issues of a value its view's schema refuses, by path: none when it fits. */
function misfits(schema: z.ZodType, value: unknown): string[] {
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe("each view's row schema, owned by its projection", () => {
  const dir = tempDir('row-schemas');
  let store: SqliteEventStore;
  let parts: ReadModelParts;
  let reader: ViewReader;

  beforeAll(async () => {
    store = new SqliteEventStore(join(dir.path, 'events.db'));
    for (const entity of seedEntities())
      await store.append(
        entityStream(entity.entityId),
        [{ id: crypto.randomUUID(), type: 'EntityRegistered', data: entity }],
        'no_stream',
      );
    for (const record of allDevelopments()) {
      const checked = checkDevelopment(record);
      if (!checked.ok) throw new Error(`seed record ${record.id}: ${JSON.stringify(checked.errors)}`);
      await store.append(
        developmentStream(record.id),
        [{ id: record.id, type: checked.value.type, data: checked.value.body }],
        'no_stream',
      );
    }
    parts = openReadModel(join(dir.path, 'read-model.db'), store);
    parts.readModel.start();
    await parts.readModel.catchUp();
    await parts.ready();
    reader = new ViewReader(parts.views);
  }, 120_000);

  afterAll(async () => {
    await parts.readModel.stop();
    parts.readModel.close();
    await store.close();
    dir.cleanup();
  });

  it('is the schema each stored view is served by, and one for every view a client can ask for', () => {
    expect(Object.keys(ROW_VALUES).sort()).toEqual([...VIEW_NAMES].sort());
    for (const projection of PROJECTIONS) expect(ROW_VALUES[projection.name as ViewName]).toBe(projection.value);
    expect(ROW_VALUES.footprint).toBe(footprintValue);
  });

  it.each(DAYS)('fits every row of every view of the seed timeline as of %s', (asOf) => {
    let rows = 0;
    for (const view of VIEW_NAMES) {
      for (const reading of READINGS) {
        const page = reader.page(view, { asOf, limit: 10_000, ...reading.query(asOf) });
        expect(page.more).toBe(false);
        const refused = page.rows.flatMap((row) =>
          misfits(ROW_VALUES[view as ViewName], row.value).map(
            (issue) => `${view} ${row.key} (${reading.name}) ${issue}`,
          ),
        );
        expect(refused).toEqual([]);
        rows += page.rows.length;
      }
    }
    if (asOf >= '2020-01-01') expect(rows).toBeGreaterThan(20);
  });

  it('reads every view of the seed with rows in it on some day, so that no schema goes unchecked', () => {
    const empty = VIEW_NAMES.filter((view) =>
      DAYS.every((asOf) => reader.page(view, { asOf, limit: 1 }).rows.length === 0),
    );
    expect(empty).toEqual([]);
    const carried = (field: string) =>
      VIEW_NAMES.filter((view) =>
        reader.page(view, { asOf: '2030-12-31', limit: 10_000 }).rows.some((row) => row.value[field] !== undefined),
      );
    expect(carried('expectations').length).toBeGreaterThan(0);
    expect(carried('datesInWords').length).toBeGreaterThan(0);
  });

  it('refuses a row with a field its projection does not describe, at the top and in a nested record', () => {
    for (const view of VIEW_NAMES) {
      const [row] = reader.page(view, { asOf: '2030-12-31', limit: 1 }).rows;
      const value = row!.value;
      const schema = ROW_VALUES[view as ViewName];
      expect(misfits(schema, value)).toEqual([]);
      expect(misfits(schema, { ...value, surprise: 1 })).not.toEqual([]);
      const nested = Object.entries(value).find(([, v]) => v !== null && typeof v === 'object' && !Array.isArray(v));
      if (nested && nested[0] !== 'datesInWords' && nested[0] !== 'facilities') {
        expect(misfits(schema, { ...value, [nested[0]]: { ...(nested[1] as object), surprise: 1 } })).not.toEqual([]);
      }
    }
  });

  it("refuses a value of the wrong kind in a field: a policy's inForce as words, a facility's status unknown", () => {
    const [policy] = reader.page('policies', { asOf: '2030-12-31', limit: 1 }).rows;
    expect(misfits(ROW_VALUES.policies, { ...policy!.value, inForce: 'yes' })).not.toEqual([]);
    const [facility] = reader.page('facilities', { asOf: '2030-12-31', limit: 1 }).rows;
    expect(misfits(ROW_VALUES.facilities, { ...facility!.value, status: 'demolished' })).not.toEqual([]);
  });

  it('types an expectation the way the engine makes it, with the status it is answered with', () => {
    // The projections' row expectation holds exactly the fields of the engine's, and each of its values is one of the engine's.
    type Answered = FoldedExpectation & { status: ExpectationStatus; statusText: string };
    const sameFields: [keyof Answered] extends [keyof RowExpectation]
      ? [keyof RowExpectation] extends [keyof Answered]
        ? true
        : false
      : false = true;
    const narrower = (e: RowExpectation): Answered => e;
    expect(sameFields).toBe(true);
    expect(typeof narrower).toBe('function');
    // A value type per view, for the page: a facility's steps are dates by step, never free keys.
    const steps: RowValues['facilities']['steps'] = { announced: '2024', operating: '2026' };
    expect(Object.keys(steps)).toEqual(['announced', 'operating']);
  });
});
