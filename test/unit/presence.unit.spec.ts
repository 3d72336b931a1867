import fc from 'fast-check';
import { isPlanned, MAX_FACILITIES_LISTED, presenceOf, type RowPlacement } from '../../projections/index.js';

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
});
