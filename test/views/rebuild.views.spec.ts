import { defineProjection, facilities, PROJECTIONS, type AnyProjection } from '../../projections/index.js';
import { facility, World } from '../support/world.js';

describe('a changed view definition', () => {
  it('is rebuilt from the history while the old rows keep serving, then replaces them', async () => {
    const world = await World.open();
    try {
      await world.given(
        { record: facility('FacilityAnnounced', '2020') },
        { record: facility('FacilityOpened', '2022-05', { facilityId: 'byd-camacari', country: 'BR' }) },
      );
      const revised: AnyProjection = defineProjection({
        ...facilities,
        version: facilities.version + 1,
        evolve: (state, development, key, context) => ({
          ...(facilities.evolve(state, development, key, context) as object),
          revised: true,
        }),
      });
      const before = world.parts.views.servingVw('facilities');
      const parts = await world.reopen(PROJECTIONS.map((p) => (p.name === 'facilities' ? revised : p)));
      expect(parts.views.pending().map((p) => p.projection.name)).toEqual(['facilities']);
      expect(parts.views.servingVw('facilities')).toBe(before);
      expect(world.view('facilities', { asOf: '2023-01-01' }).get('byd-camacari')?.value).not.toHaveProperty('revised');

      await parts.ready();
      expect(parts.views.servingVw('facilities')).not.toBe(before);
      const rows = world.view('facilities', { asOf: '2023-01-01' });
      expect([...rows.values()].map((r) => r.value.revised)).toEqual([true, true]);
      const old = parts.readModel.db.prepare('SELECT count(*) AS n FROM view_versions WHERE vw = ?').get(before) as {
        n: number;
      };
      expect(old.n).toBe(0);

      parts.readModel.start();
      await world.given({ record: facility('FacilityClosed', '2024', { facilityId: 'byd-camacari', country: 'BR' }) });
      expect(world.view('facilities', { asOf: '2025-01-01' }).get('byd-camacari')?.value).toMatchObject({
        status: 'closed',
        revised: true,
      });
    } finally {
      await world.close();
    }
  });
});

describe('the footprint while a view it derives from is built', () => {
  it('answers 503, as that view does, instead of an empty footprint', async () => {
    const world = await World.open();
    try {
      await world.given({
        record: facility('FacilityOpened', '2022-05', { facilityId: 'byd-camacari', country: 'BR' }),
      });
      expect(world.view('footprint', { asOf: '2023-01-01' }).size).toBe(1);
      world.parts.views.markForBuild(PROJECTIONS.filter((p) => p.name === 'facilities'));
      expect(() => world.view('footprint', { asOf: '2023-01-01' })).toThrow(
        expect.objectContaining({ status: 503, code: 'VIEW_REBUILDING' }),
      );
      await world.parts.ready();
      expect(world.view('footprint', { asOf: '2023-01-01' }).size).toBe(1);
    } finally {
      await world.close();
    }
  });
});
