import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { BULK_MIN, openReadModel, type ReadModelParts } from '../../src/views/build/open-read-model.js';
import { compare } from '../../src/views/build/verify.js';
import { facility, policy, type Step, World } from '../support/world.js';

/**
 * A log of BULK_MIN + 200 developments with one hot key: plants of one organisation in one country,
 * each announced, begun and opened on its own days, some corrected and one retracted; and a policy.
 */
function largeLog(): Step[] {
  const steps: Step[] = [];
  const plants = Math.ceil((BULK_MIN + 200) / 3);
  for (let i = 0; i < plants; i++) {
    const data = { facilityId: `byd-plant-${i}`, country: 'HU' };
    const year = 2010 + (i % 12);
    const month = String(1 + (i % 9)).padStart(2, '0');
    const announced = randomUUID();
    steps.push(
      { record: facility('FacilityAnnounced', `${year}-${month}`, data, announced) },
      { record: facility('FacilityConstructionStarted', `${year + 1}-${month}`, data) },
      { record: facility('FacilityOpened', `${year + 2}`, data) },
    );
    if (i % 50 === 0) steps.push({ correct: announced, changes: { date: `${year}-${month}-15` } });
  }
  const retracted = randomUUID();
  steps.push({ record: policy('2021-03', {}, retracted) }, { retract: retracted });
  steps.push({ record: policy('2022-05', { policyId: 'fyp-15b' }) });
  return steps;
}

async function close(parts: ReadModelParts): Promise<void> {
  await parts.readModel.stop();
  parts.readModel.close();
}

describe('the views of a large arrival of developments', () => {
  it('are built in one pass after an import as large as the timeline, equal to folding each development in as it came', async () => {
    const world = await World.open();
    const bulk = openReadModel(join(world.dir, 'bulk.db'), world.store);
    try {
      await bulk.ready();
      expect(bulk.deferViews(BULK_MIN - 1)).toBe(false);
      expect(bulk.deferViews(BULK_MIN + 200)).toBe(true);
      // Set to be built: they answer 503 (not stale rows) until then.
      expect(bulk.views.servingVw('facilities')).toBeUndefined();

      await world.given(...largeLog());
      await bulk.readModel.catchUp();
      await bulk.ready();

      expect(bulk.views.servingVw('facilities')).toBeDefined();
      expect(world.view('facilities', { asOf: '2030-01-01', subject: 'org:byd' }).size).toBe(
        Math.ceil((BULK_MIN + 200) / 3),
      );
      expect(compare(world.parts.views.store, bulk.views.store)).toEqual([]);
      // A later import smaller than the timeline is folded in development by development.
      expect(bulk.deferViews(BULK_MIN + 200)).toBe(false);
    } finally {
      await close(bulk);
      await world.close();
    }
  }, 120_000);

  it('are built in one pass when the service starts far behind the log, equal to folding each development in', async () => {
    const world = await World.open();
    const file = join(world.dir, 'behind.db');
    let behind = openReadModel(file, world.store);
    try {
      await behind.ready();
      await close(behind);
      await world.given(...largeLog());

      behind = openReadModel(file, world.store);
      expect(behind.views.servingVw('facilities')).toBeDefined();
      await behind.start();
      expect(behind.views.servingVw('facilities')).toBeUndefined();
      await behind.ready();
      expect(behind.views.servingVw('facilities')).toBeDefined();
      expect(compare(world.parts.views.store, behind.views.store)).toEqual([]);

      // A few developments behind: the views keep answering and fold them in as they come.
      await close(behind);
      await world.given({ record: facility('FacilityClosed', '2030', { facilityId: 'byd-plant-0', country: 'HU' }) });
      behind = openReadModel(file, world.store);
      await behind.start();
      expect(behind.views.servingVw('facilities')).toBeDefined();
      await behind.ready();
      expect(compare(world.parts.views.store, behind.views.store)).toEqual([]);
    } finally {
      await close(behind);
      await world.close();
    }
  }, 120_000);
});
