import fc from 'fast-check';
import { checkDevelopment, dateOf, evolveDevelopment, timingOf } from '../../events/index.js';
import { facilities, investments, type AnyProjection } from '../../projections/index.js';
import { versionsOf, type Member, type RowVersion } from '../../src/views/engine/fold.js';
import { keyHistory, type MembershipChange, type VersionInput } from '../../src/views/engine/key-history.js';
import { rowChanges, type KeyRow } from '../../src/views/engine/key-rows.js';
import { memberOf } from '../../src/views/engine/keying.js';

/**
 * The bulk build's replay of a key (`keyHistory`, which refolds only from a key's earliest change
 * and compares only the rows that changed) against the plain rule it must equal: after each
 * instant, fold the live members whole (`versionsOf`) and write what changed (`rowChanges`), as
 * applying the changes one by one does.
 */

const context = { homeCountry: (ref: string) => (ref === 'org:byd' ? 'CN' : undefined) };

/** A projection that cannot fold a development marked `boom` into an empty state: its members are set aside. */
const fragile: AnyProjection = {
  ...facilities,
  evolve: (state, development, key, ctx) => {
    if (development.summary === 'boom' && state === null) throw new Error('cannot start from this development');
    return facilities.evolve(state, development, key, ctx);
  },
};

/** The reference: every live member folded after each instant, every stored row compared. */
function reference(
  projection: AnyProjection,
  key: string,
  changes: readonly MembershipChange[],
  versions: ReadonlyMap<number, VersionInput>,
) {
  const live = new Map<number, Member>();
  let rows: (KeyRow & { version: RowVersion })[] = [];
  const done: (KeyRow & { version: RowVersion })[] = [];
  const failures = new Map<number, { error: string; since: string }>();
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i]!;
    const at = change.recordedAt;
    if (change.op === 0) {
      live.delete(change.seq);
      failures.delete(change.seq);
    } else live.set(change.seq, memberOf(change.seq, versions.get(change.vid)!));
    if (changes[i + 1]?.recordedAt === at) continue;
    const fold = versionsOf(projection, key, [...live.values()], context);
    const failing = new Map(fold.failed.map((f) => [f.seq, f.error]));
    for (const seq of live.keys()) {
      const error = failing.get(seq);
      if (error === undefined) failures.delete(seq);
      else failures.set(seq, { error, since: failures.get(seq)?.since ?? at });
    }
    const dropped = new Set<KeyRow>();
    for (const c of rowChanges(rows, fold.versions, at)) {
      if (c.kind === 'close') c.row.recordedTo = at;
      else if (c.kind === 'delete') dropped.add(c.row);
      else if (c.kind === 'insert') rows.push({ ...c.version, recordedFrom: at, recordedTo: null, version: c.version });
    }
    for (const row of rows) if (row.recordedTo !== null) done.push(row);
    rows = rows.filter((row) => row.recordedTo === null && !dropped.has(row));
  }
  return {
    rows: [...done, ...rows].map((r) => rowText(r.version, r.recordedFrom, r.recordedTo)).sort(),
    failures: [...failures].map(([seq, f]) => `${seq} ${f.since} ${f.error}`).sort(),
  };
}

function rowText(v: RowVersion, from: string, to: string | null): string {
  return [v.validFrom, v.validTo, v.certainFrom, v.certainTo, v.since, v.reported, from, to, v.json].join(' ');
}

const year = fc.integer({ min: 2018, max: 2026 });
const month = fc.integer({ min: 1, max: 12 }).map((m) => String(m).padStart(2, '0'));
const plain = fc.oneof(
  year.map(String),
  fc.tuple(year, month).map(([y, m]) => `${y}-${m}`),
  fc.tuple(year, month, fc.integer({ min: 1, max: 28 })).map(([y, m, d]) => `${y}-${m}-${String(d).padStart(2, '0')}`),
);
const date = fc.oneof(
  { weight: 4, arbitrary: plain },
  // A month whose last day is also a publication date below: two edges of evidence on one day, given differently.
  { weight: 1, arbitrary: fc.constant('2026-06') },
  { weight: 2, arbitrary: fc.tuple(plain, fc.constantFrom('?', '~')).map(([d, q]) => `${d}${q}`) },
);
/** Published on the last day of 2026-06 (where the development's date allows). */
const SAME_DAY = -1;
/** Days after the development's first possible day that its source was published; undefined: no publication date. */
const published = fc.option(fc.oneof(fc.integer({ min: 0, max: 900 }), fc.constant(SAME_DAY)), { nil: undefined });
const FACILITY_TYPES = ['FacilityAnnounced', 'FacilityConstructionStarted', 'FacilityOpened', 'FacilityClosed'];

const development = fc.record({
  type: fc.constantFrom(...FACILITY_TYPES),
  date,
  published,
  expects: fc.boolean(),
  boom: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
});
type Drawn = typeof development extends fc.Arbitrary<infer T> ? T : never;
interface Operation {
  op: 'join' | 'revise' | 'leave';
  target?: number;
  development?: Drawn;
}

function publishedOn(date: string, after: number): string {
  const earliest = Date.parse(dateOf({ date }).earliest);
  if (after === SAME_DAY && earliest <= Date.parse('2026-06-30')) return '2026-06-30';
  if (after === SAME_DAY) after = 0;
  return new Date(earliest + after * 86_400_000).toISOString().slice(0, 10);
}

/** A development version of the key, as the bulk build hands it to the fold. */
function versionOf(kind: 'facility' | 'figure', d: Drawn, n: number): VersionInput {
  const source = {
    title: 'A report',
    url: `https://example.org/${n}`,
    quote: 'as reported',
    ...(d.published === undefined ? {} : { published: publishedOn(d.date, d.published) }),
  };
  const input =
    kind === 'facility'
      ? {
          type: d.type,
          date: d.date,
          summary: d.boom ? 'boom' : d.type,
          subjects: ['org:byd'],
          sources: [source],
          data: { facilityId: 'f', owner: 'org:byd', kind: 'plant', country: 'HU' },
          ...(d.expects ? { expectations: [{ type: 'FacilityOpened', date: '2024-41~' }] } : {}),
        }
      : {
          type: 'InvestmentReported',
          date: d.date,
          summary: 'A figure',
          subjects: ['country:CN'],
          sources: [source],
          data: {
            series: 's',
            measure: 'flow',
            label: 'outward flow',
            // A flow covers a month or a year, never a day.
            period: d.date.replace(/^(\d{4}-\d{2})-\d{2}/, '$1'),
            value: { value: n, currency: 'USD', unit: 'million' },
          },
        };
  const checked = checkDevelopment(input);
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  const state = evolveDevelopment(undefined, {
    type: input.type,
    data: checked.value.body,
    revision: 0,
    recordedAt: '2026-01-01T00:00:00.000Z',
    position: String(n),
    streamId: `d-${n}`,
  })!;
  return { state: JSON.stringify(state), ...timingOf(state) };
}

const operation = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('join' as const), development }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('revise' as const), target: fc.nat(), development }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('leave' as const), target: fc.nat() }) },
);
const script = fc.array(fc.record({ operation, sameInstant: fc.integer({ min: 0, max: 3 }).map((n) => n === 0) }), {
  minLength: 1,
  maxLength: 40,
});

/** A key's membership changes in log order: joins, revisions (leave and join again), leaves, some sharing an instant. */
function historyOf(kind: 'facility' | 'figure', steps: readonly { operation: Operation; sameInstant: boolean }[]) {
  const changes: MembershipChange[] = [];
  const versions = new Map<number, VersionInput>();
  const live: number[] = [];
  let seq = 0;
  let vid = 0;
  let tick = 0;
  for (const { operation: o, sameInstant } of steps) {
    if (!sameInstant || tick === 0) tick += 1;
    const recordedAt = new Date(Date.UTC(2026, 0, 1, 0, 0, tick)).toISOString();
    const join = (s: number) => {
      vid += 1;
      versions.set(vid, versionOf(kind, o.development!, vid));
      changes.push({ vid, seq: s, op: 1, recordedAt });
    };
    if (o.op === 'join') {
      seq += 1;
      live.push(seq);
      join(seq);
    } else if (live.length > 0) {
      const s = live[o.target! % live.length]!;
      const current = [...changes].reverse().find((c) => c.seq === s)!;
      changes.push({ vid: current.vid, seq: s, op: 0, recordedAt });
      if (o.op === 'revise') join(s);
      else live.splice(live.indexOf(s), 1);
    }
  }
  return { changes, versions };
}

function compare(
  projection: AnyProjection,
  kind: 'facility' | 'figure',
  steps: readonly { operation: Operation; sameInstant: boolean }[],
) {
  const { changes, versions } = historyOf(kind, steps);
  const history = keyHistory(projection, kind === 'facility' ? 'f' : 's', changes, versions, context);
  const expected = reference(projection, kind === 'facility' ? 'f' : 's', changes, versions);
  expect(history.rows.map((r) => rowText(r.version, r.recordedFrom, r.recordedTo)).sort()).toEqual(expected.rows);
  expect(history.failures.map((f) => `${f.seq} ${f.recordedAt} ${f.error}`).sort()).toEqual(expected.failures);
}

describe("a key's history replayed for a bulk build", () => {
  it('stores the rows that folding every live member after each instant stores: facilities, with expectations', () => {
    fc.assert(
      fc.property(script, (steps) => compare(facilities, 'facility', steps)),
      { numRuns: 300 },
    );
  });

  it('stores the same rows for figure series, whose certain series is seldom a prefix', () => {
    fc.assert(
      fc.property(script, (steps) => compare(investments, 'figure', steps)),
      { numRuns: 300 },
    );
  });

  it('stores the same rows and failures when some members cannot be folded and are set aside', () => {
    fc.assert(
      fc.property(script, (steps) => compare(fragile, 'facility', steps)),
      { numRuns: 300 },
    );
  });

  it('refolds a long series in time linear in its length when its figures come in order', () => {
    // 2,000 figures, one per instant: the whole series folded after each would be 2 million member folds.
    const steps = Array.from({ length: 2_000 }, (_, i) => ({
      operation: {
        op: 'join' as const,
        development: {
          type: 'FacilityOpened',
          date: `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}${i % 7 === 6 ? '~' : ''}`,
          published: undefined,
          expects: false,
          boom: false,
        },
      },
      sameInstant: false,
    }));
    const { changes, versions } = historyOf('figure', steps);
    let evolved = 0;
    const counting: AnyProjection = {
      ...investments,
      evolve: (state, d, key, ctx) => {
        evolved += 1;
        return investments.evolve(state, d, key, ctx);
      },
    };
    const history = keyHistory(counting, 's', changes, versions, context);
    expect(history.rows.length).toBeGreaterThan(4_000);
    // Each figure is folded into the possible series, the certain series and the step it ends: a few folds each.
    expect(evolved).toBeLessThan(2_000 * 6);
  });
});
