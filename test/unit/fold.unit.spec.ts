import { checkDevelopment, type DevelopmentState } from '../../events/index.js';
import { facilities } from '../../projections/index.js';
import { END_OF_TIME, versionsOf, type Member } from '../../src/views/engine/fold.js';
import { rowChanges, type KeyRow } from '../../src/views/engine/key-rows.js';
import { projected } from '../../src/views/engine/projected.js';

const context = { homeCountry: () => 'CN' };
let seq = 0;

/** A facility member, as the store hands members to the fold. */
function member(type: string, date: string, certainFrom: string | null, extra: Record<string, unknown> = {}): Member {
  const input = {
    type,
    date,
    summary: type,
    subjects: ['org:byd'],
    sources: [{ title: 't', url: 'https://x.org', quote: 'q' }],
    data: { facilityId: 'f', owner: 'org:byd', kind: 'plant', country: 'HU' },
    ...extra,
  };
  const checked = checkDevelopment(input);
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  seq += 1;
  const state = {
    id: `d${seq}`,
    type,
    ...checked.value.body,
    revision: 0,
    recordedAt: '',
    position: '',
    corrections: [],
  } as DevelopmentState;
  const development = projected(state);
  return { seq, earliest: development.date.earliest, latest: development.date.latest, certainFrom, development };
}

const intervals = (members: Member[]) =>
  versionsOf(facilities, 'f', members, context).versions.map((v) => ({
    possible: v.validFrom && [v.validFrom, v.validTo],
    certain: v.certainFrom && [v.certainFrom, v.certainTo],
    status: (JSON.parse(v.json) as { status: string }).status,
  }));

describe('the pure fold of a key', () => {
  it('gives one version per distinct first day, each until the next, and shares it with the certain series when the certain set is a prefix', () => {
    const announced = member('FacilityAnnounced', '2023-05', '2023-05-31');
    const opened = member('FacilityOpened', '2025', '2025-12-31');
    expect(intervals([opened, announced])).toEqual([
      // No source gives a publication date: each certain interval ends with the date it rests on.
      { possible: ['2023-05-01', '2025-01-01'], certain: ['2023-05-31', '2023-06-01'], status: 'announced' },
      { possible: ['2025-01-01', END_OF_TIME], certain: ['2025-12-31', '2026-01-01'], status: 'operating' },
    ]);
  });

  it('keeps a version of its own for a certain set that is not a prefix of the valid-time order', () => {
    const construction = member('FacilityConstructionStarted', '2024?', null);
    const opened = member('FacilityOpened', '2025-03', '2025-03-31');
    expect(intervals([construction, opened])).toEqual([
      { possible: ['2024-01-01', '2025-03-01'], certain: null, status: 'under-construction' },
      { possible: ['2025-03-01', END_OF_TIME], certain: null, status: 'operating' },
      { possible: null, certain: ['2025-03-31', '2025-04-01'], status: 'operating' },
    ]);
  });

  it('folds members sharing a first day into one version', () => {
    const a = member('FacilityAnnounced', '2024', '2024-12-31');
    const b = member('FacilityConstructionStarted', '2024', '2024-12-31');
    expect(intervals([a, b])).toEqual([
      { possible: ['2024-01-01', END_OF_TIME], certain: ['2024-12-31', '2025-01-01'], status: 'under-construction' },
    ]);
  });

  it('sets aside a member evolve throws on, and folds the others as if it were not there', () => {
    const fragile = {
      ...facilities,
      evolve: (s: unknown, d: Member['development'], k: string, c: typeof context) => {
        if (d.summary === 'FacilityClosed') throw new Error('no closures');
        return facilities.evolve(s, d, k, c);
      },
    };
    const result = versionsOf(
      fragile,
      'f',
      [member('FacilityOpened', '2020', '2020-12-31'), member('FacilityClosed', '2022', '2022-12-31')],
      context,
    );
    expect(result.failed).toEqual([{ seq: expect.any(Number), error: 'no closures' }]);
    expect(result.versions.map((v) => (JSON.parse(v.json) as { status: string }).status)).toEqual(['operating']);
  });

  it('marks an expectation met by a member of the expected type, on time or late', () => {
    const expectations = [{ type: 'FacilityOpened', date: '2025-41' }];
    const building = member('FacilityConstructionStarted', '2024', '2024-12-31', { expectations });
    const late = member('FacilityOpened', '2026-02', '2026-02-28');
    const [before, after] = versionsOf(facilities, 'f', [building, late], context).versions;
    expect(before!.expectations).toEqual([
      expect.objectContaining({ due: '2025-12-31', setBy: building.development.id }),
    ]);
    expect(before!.expectations[0]).not.toHaveProperty('met');
    expect(after!.expectations[0]!.met).toEqual({ by: late.development.id, date: '2026-02', onTime: false });
  });
});

describe('writing a key at a transaction time', () => {
  const version = (validFrom: string, json: string) => ({
    validFrom,
    validTo: END_OF_TIME,
    certainFrom: null,
    certainTo: null,
    since: validFrom,
    reported: validFrom,
    json,
    indexed: { countries: [], subjects: [] },
    placements: [],
    expectations: [],
  });
  const stored = (validFrom: string, json: string, recordedFrom: string, recordedTo: string | null = null): KeyRow => ({
    validFrom,
    validTo: END_OF_TIME,
    certainFrom: null,
    certainTo: null,
    since: validFrom,
    reported: validFrom,
    json,
    recordedFrom,
    recordedTo,
  });

  it('keeps what still holds, closes what was superseded earlier, drops what this same instant wrote, reopens what it closed', () => {
    const kept = stored('2020-01-01', 'a', 't1');
    const superseded = stored('2021-01-01', 'b', 't1');
    const writtenNow = stored('2022-01-01', 'c', 't2');
    const closedNow = stored('2023-01-01', 'd', 't1', 't2');
    const changes = rowChanges(
      [kept, superseded, writtenNow, closedNow],
      [version('2020-01-01', 'a'), version('2023-01-01', 'd'), version('2024-01-01', 'e')],
      't2',
    );
    expect(
      changes.map((c) => (c.kind === 'insert' ? `insert ${c.version.json}` : `${c.kind} ${c.row.json}`)).sort(),
    ).toEqual(['close b', 'delete c', 'insert e', 'reopen d']);
  });
});
