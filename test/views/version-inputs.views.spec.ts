import { versionInputsOf, versionInputsOn } from '../../src/views/store/version-inputs.js';
import { facility, World } from '../support/world.js';

/**
 * A bulk build folds development versions read by number: on a worker's own read-only connection
 * to the read model's file (off the event loop), or on the service's. Both read the same.
 */
describe('the development versions a bulk build folds', () => {
  let world: World;
  beforeAll(async () => {
    world = await World.open();
    const data = { facilityId: 'plant-1', owner: 'org:one', country: 'HU' };
    await world.given(
      { record: facility('FacilityAnnounced', '2019-04?', data) },
      { record: facility('FacilityOpened', '2021', data) },
    );
  }, 60_000);
  afterAll(() => world.close());

  it("read from the file on a connection of the reader's own, as on the service's", () => {
    const store = world.parts.views.store;
    const source = store.versionSource();
    expect(source.file).toBe(world.parts.readModel.db.name);
    const own = versionInputsOf(source.file!);
    const service = versionInputsOn(world.parts.readModel.db);
    try {
      const last = store.lastVersion();
      expect(last).toBeGreaterThanOrEqual(2);
      const rows = store.versionsAfter(0, last, last);
      expect(rows.map((r) => r.vid)).toEqual(Array.from({ length: last }, (_, n) => n + 1));
      for (const stored of rows) {
        const vid = stored.vid;
        const expected = {
          state: stored.state,
          earliest: stored.earliest,
          latest: stored.latest,
          certainFrom: stored.certain_from,
          publishedFrom: stored.published_from,
        };
        expect(own.get(vid)).toEqual(expected);
        expect(service.get(vid)).toEqual(expected);
      }
      // A number the read model does not hold is said, not folded as nothing.
      expect(() => own.get(last + 1)).toThrow(`development version ${last + 1} is not in the read model`);
    } finally {
      own.close();
      service.close();
    }
  });
});
