import fc from 'fast-check';
import { dateOf, evolveDevelopment, type DevelopmentState } from '../../events/index.js';
import { facilities, footprint, type Projection } from '../../projections/index.js';
import { projected } from '../../src/views/view-engine.js';
import { verifyReadModel } from '../../src/views/verify.js';
import { facility, World, type Step } from '../support/world.js';
import { join } from 'node:path';

const FIXED_PROBES = ['2017-06-30', '2021-06-30', '2027-01-01'];

/** The days around every date used: where answers change, and where certainty does. */
function probesFor(dates: string[]): string[] {
  const shift = (day: string, by: number) => new Date(Date.parse(day) + by * 86_400_000).toISOString().slice(0, 10);
  const days = dates.flatMap((d) => {
    const { earliest, latest } = dateOf({ date: d });
    return [shift(earliest, -1), earliest, shift(latest, -1), latest, shift(latest, 1)];
  });
  return [...new Set([...FIXED_PROBES, ...days])].sort();
}
const TYPES = ['FacilityAnnounced', 'FacilityConstructionStarted', 'FacilityOpened', 'FacilityClosed'];
const FACILITIES = ['f-one', 'f-two', 'f-three'];

const date = fc.oneof(
  fc.integer({ min: 2018, max: 2026 }).map(String),
  fc.tuple(fc.integer({ min: 2018, max: 2026 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
  fc.tuple(fc.integer({ min: 2018, max: 2026 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
    .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
  fc.tuple(fc.integer({ min: 2018, max: 2026 }), fc.constantFrom(33, 34, 35, 36, 40, 41)).map(([y, g]) => `${y}-${g}`),
);

const operation = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('record' as const), type: fc.constantFrom(...TYPES), date, facilityId: fc.constantFrom(...FACILITIES), country: fc.constantFrom('HU', 'BR') }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('redate' as const), target: fc.nat(), date }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('move' as const), target: fc.nat(), facilityId: fc.constantFrom(...FACILITIES) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('retract' as const), target: fc.nat() }) },
);

/** The view as of D by brute force: fold each key's current developments, in valid-time order, up to D. */
function naive(projection: Projection, developments: { state: DevelopmentState; seq: number }[], asOf: string, certainOnly = false) {
  const members = new Map<string, { state: DevelopmentState; seq: number }[]>();
  for (const d of developments) {
    if (d.state.retracted || !projection.handles.includes(d.state.type)) continue;
    for (const key of projection.keysOf(projected(d.state), { homeCountry: () => undefined })) members.set(key, [...(members.get(key) ?? []), d]);
  }
  const rows = new Map<string, { value: unknown; certainty: string; developments: string[] }>();
  for (const [key, list] of members) {
    const ordered = list
      .map((d) => ({ ...d, date: dateOf(d.state) }))
      .sort((a, b) => (a.date.earliest < b.date.earliest ? -1 : a.date.earliest > b.date.earliest ? 1 : a.date.latest < b.date.latest ? -1 : a.date.latest > b.date.latest ? 1 : a.seq - b.seq))
      .filter((d) => (certainOnly ? d.date.latest : d.date.earliest) <= asOf);
    if (ordered.length === 0) continue;
    const value = ordered.reduce<unknown>((s, d) => projection.evolve(s, projected(d.state), key, { homeCountry: () => undefined }), null);
    if (value === null) continue;
    const certain = ordered.every((d) => d.date.latest <= asOf);
    rows.set(key, { value, certainty: certain ? 'certain' : 'possible', developments: [...new Set(ordered.map((d) => d.state.id))] });
  }
  return rows;
}

describe('views, for any developments recorded in any order with corrections and retractions', () => {
  it('equal a naive replay as of every date, reproduce any earlier answer with knownAt, and equal a rebuild', async () => {
    await fc.assert(fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 25 }), async (operations) => {
      const world = await World.open();
      const PROBES = probesFor(operations.flatMap((o) => ('date' in o ? [o.date] : [])));
      try {
        const recorded: { id: string; seq: number }[] = [];
        const snapshots: { knownAt: string; asOf: string; view: string; certainOnly: boolean; answer: string }[] = [];
        for (const o of operations) {
          let step: Step | undefined;
          if (o.op === 'record') {
            const development = facility(o.type, o.date, { facilityId: o.facilityId, country: o.country });
            recorded.push({ id: development.id, seq: recorded.length + 1 });
            step = { record: development };
          } else if (recorded.length > 0) {
            const target = recorded[o.target % recorded.length]!.id;
            const events = await world.store.readStream(`development-${target}`);
            const state = events.reduce<DevelopmentState | undefined>((s, e) => evolveDevelopment(s, { ...e, streamId: target }), undefined)!;
            if (state.retracted) continue;
            step = o.op === 'retract' ? { retract: target }
              : o.op === 'redate' ? { correct: target, changes: { date: o.date } }
              : { correct: target, changes: { data: { facilityId: o.facilityId } } };
          }
          if (!step) continue;
          const [knownAt] = await world.given(step);
          for (const view of ['facilities', 'footprint']) {
            for (const asOf of PROBES) {
              for (const certainOnly of [false, true]) {
                snapshots.push({ knownAt: knownAt!, asOf, view, certainOnly, answer: JSON.stringify([...world.view(view, { asOf, certainOnly })]) });
              }
            }
          }
        }
        const developments = await Promise.all(recorded.map(async ({ id, seq }) => {
          const events = await world.store.readStream(`development-${id}`);
          return { seq, state: events.reduce<DevelopmentState | undefined>((s, e) => evolveDevelopment(s, { ...e, streamId: id }), undefined)! };
        }));
        for (const projection of [facilities, footprint] as Projection[]) {
          for (const asOf of PROBES) {
            const engine = new Map([...world.view(projection.name, { asOf })].map(([k, r]) => [k, { value: r.value, certainty: r.certainty, developments: r.developments }]));
            expect(engine).toEqual(naive(projection, developments, asOf));
            const certain = new Map([...world.view(projection.name, { asOf, certainOnly: true })].map(([k, r]) => [k, { value: r.value, certainty: r.certainty, developments: r.developments }]));
            expect(certain).toEqual(naive(projection, developments, asOf, true));
          }
        }
        for (const s of snapshots) expect(JSON.stringify([...world.view(s.view, { asOf: s.asOf, knownAt: s.knownAt, certainOnly: s.certainOnly })])).toBe(s.answer);
        expect(await verifyReadModel(world.store, world.parts.readModel.db, join(world.dir, 'rebuilt.db'))).toEqual([]);
      } finally {
        await world.close();
      }
    }), { numRuns: 40 });
  }, 300_000);
});
