import fc from 'fast-check';
import {
  isPlanned,
  MAX_FACILITIES_LISTED,
  presenceOf,
  presenceOfSummary,
  type RowPlacement,
} from '../../projections/index.js';

/** The rule `presenceOf` keeps, written plainly: every facility id sorted, the first listed. */
function plainly(organisation: string, country: string, placements: readonly RowPlacement[]) {
  const facilities = new Map<string, { kind: string; status: string }>();
  const acquisitions: string[] = [];
  const subsidiaries: string[] = [];
  for (const p of placements) {
    if (p.via === 'facility') {
      const [kind = '', status = ''] = p.mode.split(':');
      facilities.set(p.key, { kind, status });
    } else {
      const list = p.via === 'acquisition' ? acquisitions : subsidiaries;
      if (!list.includes(p.key)) list.push(p.key);
    }
  }
  const ids = [...facilities.keys()].sort();
  return {
    organisation,
    country,
    presence: placements.some((p) => !isPlanned(p)) ? 'present' : 'planned',
    facilities: Object.fromEntries(ids.slice(0, MAX_FACILITIES_LISTED).map((id) => [id, facilities.get(id)!])),
    ...(ids.length > MAX_FACILITIES_LISTED ? { moreFacilities: ids.length - MAX_FACILITIES_LISTED } : {}),
    acquisitions: acquisitions.sort(),
    subsidiaries: subsidiaries.sort(),
    modes: [...new Set(placements.map((p) => p.mode))].sort(),
  };
}

const placement = fc.record({
  organisation: fc.constant('org:byd'),
  country: fc.constant('HU'),
  via: fc.constantFrom('facility', 'facility', 'facility', 'acquisition', 'ownership'),
  mode: fc.constantFrom('plant:announced', 'plant:operating', 'plant:under-construction', 'acquirer', 'owner'),
  key: fc.integer({ min: 0, max: 400 }).map((n) => `f-${n}`),
});

describe('how one organisation is present in one country', () => {
  it('lists the first facilities by id and counts the rest, as sorting every id would, for any placements', () => {
    fc.assert(
      fc.property(fc.array(placement, { maxLength: 600, size: 'max' }), (placements) => {
        expect(presenceOf('org:byd', 'HU', placements as RowPlacement[])).toEqual(
          plainly('org:byd', 'HU', placements as RowPlacement[]),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('reads the same from a summary of the placements as the index sums them up, for any placements', () => {
    fc.assert(
      fc.property(fc.array(placement, { maxLength: 600, size: 'max' }), (placements) => {
        // As `footprintPairs` and `firstFacilitiesOfPair` give them: distinct values in any order
        // (reversed here), the first facilities by id with the mode of their last placement.
        const distinct = (values: string[]) => [...new Set(values)].reverse();
        const lastMode = new Map<string, string>();
        for (const p of placements) if (p.via === 'facility') lastMode.set(p.key, p.mode);
        const summary = {
          modes: distinct(placements.map((p) => p.mode)),
          acquisitions: distinct(placements.filter((p) => p.via === 'acquisition').map((p) => p.key)),
          subsidiaries: distinct(placements.filter((p) => p.via === 'ownership').map((p) => p.key)),
          facilityCount: lastMode.size,
          firstFacilities: [...lastMode]
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .slice(0, MAX_FACILITIES_LISTED)
            .map(([key, mode]) => [key, mode] as const),
        };
        expect(presenceOfSummary('org:byd', 'HU', summary)).toEqual(
          presenceOf('org:byd', 'HU', placements as RowPlacement[]),
        );
      }),
      { numRuns: 200 },
    );
  });
});
