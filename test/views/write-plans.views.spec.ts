import type Database from 'better-sqlite3';
import { queryPlan as plan } from '../support/query-plan.js';
import { World } from '../support/world.js';

/**
 * What a development written on a running service does to the views is a handful of index
 * lookups per row: no statement the temporal store writes with may read a view's tables whole, or
 * all of one view (an index searched by the view alone), which at a million developments costs
 * tens of milliseconds per development. Checked on SQLite's own plan of every such statement, and of
 * the one that reads the developments of a page of rows (thousands of members for a footprint page:
 * one lookup per member in another table was most of such a page's time at a million).
 */
const VIEW_TABLES =
  /\b(view_members|view_versions|view_refs|view_placements|view_expectations|view_counts|view_states|footprint_edges|footprint_pairs|footprint_counts)\b/;

describe('the statements of the temporal store', () => {
  let world: World;
  beforeAll(async () => {
    world = await World.open();
  });
  afterAll(() => world.close());

  it('that a write runs search the views by more than the view: none reads a view whole', () => {
    const store = world.parts.views.store as unknown as {
      s: Record<string, Database.Statement>;
      footprint: { s: Record<string, Database.Statement> };
    };
    const db = world.parts.readModel.db;
    const whole: string[] = [];
    // The temporal store's own statements, and those that keep the footprint's counts with the placements.
    for (const [name, statement] of [...Object.entries(store.s), ...Object.entries(store.footprint.s)]) {
      if (!/^\s*(SELECT|UPDATE|DELETE|INSERT)/i.test(statement.source)) continue;
      for (const step of plan(db, statement.source)) {
        if (!VIEW_TABLES.test(step)) continue;
        // A scan of a view table, or a search whose only condition is the view's number.
        if (/^SCAN /.test(step) || /\(vw=\?\)$/.test(step)) whole.push(`${name}: ${step}`);
      }
    }
    expect(whole).toEqual([]);
  });

  it('read the developments of a page of rows from the members alone, in the order the answer gives: no lookup per member, no sort', () => {
    const store = world.parts.views.store as unknown as { r: Record<string, Database.Statement> };
    const steps = plan(world.parts.readModel.db, store.r.developments!.source);
    // The members searched by view and key, the page's keys, the view's set-aside developments (almost never any).
    expect(steps[0]).toBe('SEARCH m USING PRIMARY KEY (vw=? AND key=?)');
    const read = steps.filter((step) => /^(SEARCH|SCAN) /.test(step)).map((step) => step.split(' ')[1]);
    expect(read).toEqual(['m', 'json_each', 'view_failures', 'f']);
    expect(steps.filter((step) => /TEMP B-TREE/.test(step))).toEqual([]);
  });
});
