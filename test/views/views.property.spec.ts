import fc from 'fast-check';
import { join } from 'node:path';
import {
  dateOf,
  evolveDevelopment,
  lastReportOf,
  parseEdtf,
  timingOf,
  type DevelopmentState,
} from '../../events/index.js';
import { facilities, type AnyProjection, type ProjectionContext } from '../../projections/index.js';
import { projected } from '../../src/views/engine/projected.js';
import { verifyReadModel } from '../../src/views/build/verify.js';
import { facility, World, type Step } from '../support/world.js';

/**
 * The engine against a naive oracle: for any facility developments recorded in any order, with
 * qualified and open-start dates, sources published at various times, expectations, corrections
 * and retractions, every view as of every boundary day (possible and certain series, with and
 * without a publication cut-off, and the derived footprint) equals folding the developments by
 * hand; every earlier answer is reproduced with knownAt; and a rebuild equals the incremental rows.
 */

const FIXED_PROBES = ['2017-06-30', '2021-06-30', '2027-01-01'];
const HOME: Record<string, string> = { 'org:byd': 'CN' };
const context: ProjectionContext = {
  homeCountry: (ref) => HOME[ref] ?? (ref.startsWith('country:') ? ref.slice(8) : undefined),
};

function shift(day: string, by: number): string {
  return new Date(Date.parse(day) + by * 86_400_000).toISOString().slice(0, 10);
}

/** The days around every date used: where answers change, and where certainty does. */
function probesFor(dates: string[]): string[] {
  const days = dates.flatMap((d) => {
    const parsed = parseEdtf(d);
    if (!parsed.ok) return [];
    const { earliest, latest } = parsed.value;
    return [shift(earliest, -1), earliest, shift(latest, -1), latest, shift(latest, 1)];
  });
  return [...new Set([...FIXED_PROBES, ...days])].sort();
}

const TYPES = ['FacilityAnnounced', 'FacilityConstructionStarted', 'FacilityOpened', 'FacilityClosed'];
const FACILITIES = ['f-one', 'f-two', 'f-three'];
const year = fc.integer({ min: 2018, max: 2026 });
const month = fc.integer({ min: 1, max: 12 }).map((m) => String(m).padStart(2, '0'));
const plainDate = fc.oneof(
  year.map(String),
  fc.tuple(year, month).map(([y, m]) => `${y}-${m}`),
  fc.tuple(year, month, fc.integer({ min: 1, max: 28 })).map(([y, m, d]) => `${y}-${m}-${String(d).padStart(2, '0')}`),
  fc.tuple(year, fc.constantFrom(33, 34, 35, 36, 40, 41)).map(([y, g]) => `${y}-${g}`),
);
const date = fc.oneof(
  { weight: 5, arbitrary: plainDate },
  { weight: 2, arbitrary: fc.tuple(plainDate, fc.constantFrom('?', '~', '%')).map(([d, q]) => `${d}${q}`) },
  { weight: 1, arbitrary: fc.tuple(year, month).map(([y, m]) => `../${y}-${m}`) },
);
/** Days after the development's first possible day that its source was published; null: no publication date. */
const publishedAfter = fc.option(fc.integer({ min: 0, max: 900 }), { nil: null });

const operation = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('record' as const),
      type: fc.constantFrom(...TYPES),
      date,
      publishedAfter,
      facilityId: fc.constantFrom(...FACILITIES),
      country: fc.constantFrom('HU', 'BR'),
      expects: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('redate' as const), target: fc.nat(), date, publishedAfter }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('move' as const),
      target: fc.nat(),
      facilityId: fc.constantFrom(...FACILITIES),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('retract' as const), target: fc.nat() }) },
);

function sourcesFor(date: string, after: number | null) {
  const source = { title: 'A report', url: 'https://example.org/report', quote: 'as reported' };
  if (after === null) return [source];
  const earliest = dateOf({ date }).earliest;
  return [{ ...source, published: shift(earliest, after) }];
}

interface Known {
  state: DevelopmentState;
  seq: number;
}
interface OracleRow {
  value: unknown;
  certainty: string;
  developments: string[];
}

const validOrder = (a: Known & { t: ReturnType<typeof timingOf> }, b: Known & { t: ReturnType<typeof timingOf> }) =>
  a.t.earliest < b.t.earliest
    ? -1
    : a.t.earliest > b.t.earliest
      ? 1
      : a.t.latest < b.t.latest
        ? -1
        : a.t.latest > b.t.latest
          ? 1
          : a.seq - b.seq;

/** The view as of D by brute force: each key's developments (published by P), in valid-time order, folded up to D. */
function naive(
  projection: AnyProjection,
  developments: Known[],
  asOf: string,
  certainOnly: boolean,
  publishedBy?: string,
): Map<string, OracleRow> {
  const members = new Map<string, (Known & { t: ReturnType<typeof timingOf> })[]>();
  for (const d of developments) {
    if (d.state.retracted || !projection.handles.includes(d.state.type)) continue;
    const t = timingOf(d.state);
    if (publishedBy && (t.publishedFrom === null || t.publishedFrom > publishedBy)) continue;
    for (const key of projection.keysOf(projected(d.state), context))
      members.set(key, [...(members.get(key) ?? []), { ...d, t }]);
  }
  const rows = new Map<string, OracleRow>();
  for (const [key, list] of [...members].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const ordered = list
      .sort(validOrder)
      .filter((d) => (certainOnly ? d.t.certainFrom !== null && d.t.certainFrom <= asOf : d.t.earliest <= asOf));
    if (ordered.length === 0) continue;
    const state = ordered.reduce<unknown>((s, d) => projection.evolve(s, projected(d.state), key, context), null);
    if (state === null) continue;
    const expectations = ordered.flatMap((setter) =>
      (setter.state.expectations ?? []).map((e) => {
        const due = parseEdtf(e.date, { openEnd: true });
        const meeting = ordered.find((m) => m !== setter && m.state.type === e.type);
        const dueDay = due.ok ? due.value.latest : '9999-12-31';
        const status = meeting
          ? meeting.t.earliest <= dueDay
            ? 'met'
            : 'met-late'
          : asOf > dueDay
            ? 'overdue'
            : 'pending';
        return {
          type: e.type,
          date: e.date,
          status,
          setBy: setter.state.id,
          ...(meeting ? { metBy: meeting.state.id } : {}),
        };
      }),
    );
    // The edge of the row's evidence: the latest report among its developments (published by P).
    const reported = ordered.reduce((day, d) => {
      const r = lastReportOf(d.state, publishedBy).day;
      return r > day ? r : day;
    }, '');
    const covered = asOf <= reported;
    if (certainOnly && !covered) continue;
    const certain = covered && ordered.every((d) => d.t.certainFrom !== null && d.t.certainFrom <= asOf);
    rows.set(key, {
      value: { ...(state as object), ...(expectations.length ? { expectations } : {}) },
      certainty: certain ? 'certain' : covered ? 'possible' : 'unconfirmed',
      developments: ordered.map((d) => d.state.id),
    });
  }
  return rows;
}

/**
 * The footprint by brute force, from the presence rule itself: an organisation is present in a
 * country while a facility of its own there is under construction or operating; an announced one is
 * only planned presence (and never counts for what had surely happened); a closed one places no one.
 */
function naiveFootprint(
  developments: Known[],
  asOf: string,
  certainOnly: boolean,
  publishedBy?: string,
): Map<string, OracleRow> {
  const rows = naive(facilities, developments, asOf, certainOnly, publishedBy);
  type Facility = { owner: string; country: string; kind: string; status: string };
  const groups = new Map<string, { key: string; row: OracleRow; value: Facility }[]>();
  for (const [key, row] of rows) {
    const value = row.value as Facility;
    if (value.status === 'closed' || value.status === 'cancelled') continue;
    if (certainOnly && value.status === 'announced') continue;
    const pair = `${value.owner}@${value.country}`;
    groups.set(pair, [...(groups.get(pair) ?? []), { key, row, value }]);
  }
  const footprint = new Map<string, OracleRow>();
  for (const [pair, list] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [organisation, country] = pair.split('@') as [string, string];
    const present = list.filter((l) => l.value.status === 'under-construction' || l.value.status === 'operating');
    const facilitiesThere = Object.fromEntries(
      list.map(({ key, value }) => [key, { kind: value.kind, status: value.status }]),
    );
    footprint.set(pair, {
      value: {
        organisation,
        country,
        presence: present.length > 0 ? 'present' : 'planned',
        facilities: facilitiesThere,
        acquisitions: [],
        subsidiaries: [],
        modes: [...new Set(list.map(({ value }) => `${value.kind}:${value.status}`))].sort(),
        origin: HOME[organisation],
      },
      certainty: (() => {
        const making = present.length > 0 ? present : list;
        if (making.every((l) => l.row.certainty === 'certain')) return 'certain';
        return making.some((l) => l.row.certainty === 'possible') ? 'possible' : 'unconfirmed';
      })(),
      developments: [...new Set(list.flatMap((l) => l.row.developments))],
    });
  }
  return footprint;
}

/** What the engine answers, in the oracle's terms. */
function answer(
  world: World,
  view: string,
  asOf: string,
  certainOnly: boolean,
  publishedBy?: string,
): Map<string, OracleRow> {
  return new Map(
    [...world.view(view, { asOf, certainOnly, publishedBy })].map(([key, r]) => {
      // Dates in words are presentation, derived from the value's own dates.
      const { datesInWords: _words, ...value } = r.value as Record<string, unknown> & {
        expectations?: Record<string, unknown>[];
      };
      const expectations = value.expectations?.map((e) => ({
        type: e.type,
        date: e.date,
        status: e.status,
        setBy: e.setBy,
        ...((e.met as { by?: string } | undefined)?.by ? { metBy: (e.met as { by: string }).by } : {}),
      }));
      return [
        key,
        {
          value: { ...value, ...(expectations ? { expectations } : {}) },
          certainty: r.certainty,
          developments: r.developments,
        },
      ];
    }),
  );
}

describe('views, for any developments recorded in any order with corrections and retractions', () => {
  it('equal a naive replay as of every date in both series and on the publication axis, reproduce any earlier answer with knownAt, and equal a rebuild', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 20 }), async (operations) => {
        const world = await World.open();
        const probes = probesFor(operations.flatMap((o) => ('date' in o ? [o.date] : [])));
        const cutOffs = [probes[Math.floor(probes.length / 3)]!, probes[Math.floor((2 * probes.length) / 3)]!];
        try {
          const recorded: { id: string; seq: number }[] = [];
          const snapshots: { knownAt: string; asOf: string; view: string; certainOnly: boolean; answer: string }[] = [];
          for (const o of operations) {
            let step: Step | undefined;
            if (o.op === 'record') {
              const development = {
                ...facility(o.type, o.date, { facilityId: o.facilityId, country: o.country }),
                sources: sourcesFor(o.date, o.publishedAfter),
                ...(o.expects
                  ? { expectations: [{ type: 'FacilityOpened', date: '2024-41~', note: 'due late 2024' }] }
                  : {}),
              };
              recorded.push({ id: development.id, seq: recorded.length + 1 });
              step = { record: development };
            } else if (recorded.length > 0) {
              const target = recorded[o.target % recorded.length]!.id;
              const events = await world.store.readStream(`development-${target}`);
              const state = events.reduce<DevelopmentState | undefined>(
                (s, e) => evolveDevelopment(s, { ...e, streamId: target }),
                undefined,
              )!;
              if (state.retracted) continue;
              step =
                o.op === 'retract'
                  ? { retract: target }
                  : o.op === 'redate'
                    ? { correct: target, changes: { date: o.date, sources: sourcesFor(o.date, o.publishedAfter) } }
                    : { correct: target, changes: { data: { facilityId: o.facilityId } } };
            }
            if (!step) continue;
            const [knownAt] = await world.given(step);
            for (const view of ['facilities', 'footprint']) {
              for (const asOf of probes) {
                for (const certainOnly of [false, true]) {
                  snapshots.push({
                    knownAt: knownAt!,
                    asOf,
                    view,
                    certainOnly,
                    answer: JSON.stringify([...world.view(view, { asOf, certainOnly })]),
                  });
                }
              }
            }
          }
          const developments = await Promise.all(
            recorded.map(async ({ id, seq }) => {
              const events = await world.store.readStream(`development-${id}`);
              return {
                seq,
                state: events.reduce<DevelopmentState | undefined>(
                  (s, e) => evolveDevelopment(s, { ...e, streamId: id }),
                  undefined,
                )!,
              };
            }),
          );
          for (const asOf of probes) {
            for (const certainOnly of [false, true]) {
              for (const publishedBy of [undefined, ...cutOffs]) {
                expect(answer(world, 'facilities', asOf, certainOnly, publishedBy)).toEqual(
                  naive(facilities, developments, asOf, certainOnly, publishedBy),
                );
                expect(answer(world, 'footprint', asOf, certainOnly, publishedBy)).toEqual(
                  naiveFootprint(developments, asOf, certainOnly, publishedBy),
                );
              }
            }
          }
          for (const s of snapshots) {
            expect(
              JSON.stringify([...world.view(s.view, { asOf: s.asOf, knownAt: s.knownAt, certainOnly: s.certainOnly })]),
            ).toBe(s.answer);
          }
          expect(await verifyReadModel(world.store, world.parts.views.store, join(world.dir, 'rebuilt.db'))).toEqual(
            [],
          );
        } finally {
          await world.close();
        }
      }),
      { numRuns: 40 },
    );
  }, 600_000);
});
