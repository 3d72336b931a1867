import type Database from 'better-sqlite3';
import type { ReadModel } from '../../src/read-model/read-model.js';
import type { EventStore } from '../../src/store/event-store.js';
import type { ViewEngine } from '../../src/views/build/view-engine.js';
import { servingView } from '../../src/views/read/view-rows.js';
import {
  earlierAcquisitionAnnouncement,
  earlierAnnouncement,
  earlierDate,
  earlierEnd,
  earlierFigure,
  largestKeys,
  pickKeys,
  timeAppend,
  unrecordedFacility,
  yearsAfter,
  type AppendTiming,
  type Backdated,
} from './backdated-developments.js';
import type { Result } from './benchmark.js';
import { percentile, round } from './latency.js';
import { logPhase } from './progress.js';
import type { SeededRandom } from './seeded-random.js';
import type { SyntheticWorld } from './synthetic-world.js';

const PER_KIND = 20;
const YEARS_BEFORE = 10;
/** Backdated facilities are among those first heard of in the last years the read model covers. */
const RECENT_YEARS = 4;

/**
 * With the read model live, developments dated long before the rows they change, for every view
 * and on the hot organisation's facilities in its home country; each timed from its append to
 * `readModel.waitFor(position)`, when every view has applied it.
 */
export async function backdatedAppends(
  store: EventStore,
  readModel: ReadModel,
  engine: ViewEngine,
  world: SyntheticWorld,
  random: SeededRandom,
): Promise<Result> {
  const planned = plan(readModel.db, engine, world, random);
  const byKind = new Map<string, { ms: number[]; members: number[] }>();
  const all: AppendTiming[] = [];
  const hot: number[] = [];
  for (const development of planned.developments) {
    const timing = await timeAppend(store, readModel, development);
    const { ms } = timing;
    all.push(timing);
    if (development.kind.startsWith('hot-')) hot.push(ms);
    const entry = byKind.get(development.kind) ?? { ms: [], members: [] };
    entry.ms.push(ms);
    entry.members.push(development.members);
    byKind.set(development.kind, entry);
  }
  const kinds = [...byKind].map(
    ([kind, e]) =>
      `${kind} ${e.ms.length}: p50 ${round(percentile(e.ms, 50), 1)} ms, ` +
      `max ${round(Math.max(...e.ms), 1)} ms (rows of ${percentile(e.members, 50)} developments at the median, ` +
      `${Math.max(...e.members)} at most)`,
  );
  logPhase(`backdated: ${kinds.join('; ')}`);
  const { ref, homeCountry } = world.hotOrganisation;
  const p = (pick: (t: AppendTiming) => number, n: number) => round(percentile(all.map(pick), n));
  return {
    figures: {
      backdatedP50Ms: p((t) => t.ms, 50),
      backdatedP99Ms: p((t) => t.ms, 99),
      backdatedApplyP99Ms: p((t) => t.applyMs, 99),
      backdatedP99CpuMs: p((t) => t.cpuMs, 99),
      backdatedHotKeyP99Ms: round(percentile(hot, 99)),
    },
    targets: { backdatedP99Ms: { value: 50, op: '<=' }, backdatedHotKeyP99Ms: { value: 50, op: '<=' } },
    notes: [
      `backdated: ${all.length} appends, each timed from append (a durable commit to the event log) to ` +
        `readModel.waitFor(position), i.e. applied to every view (ApplyP99Ms: from the append's acknowledgement on; ` +
        `P99CpuMs: the CPU time of the process meanwhile): ${kinds.join('; ')}`,
      `facility: announced ${YEARS_BEFORE} years before the first development of a facility first heard of in the last ` +
        `${RECENT_YEARS} years; hot-facility the same for ${ref}'s facilities in ${homeCountry} (${planned.hotKeys} of ` +
        `them: the footprint's largest key); hot-new-facility a facility of it opened ${YEARS_BEFORE}+ years before the head; ` +
        "hot-correction moves the date of one of its facilities' developments 5 years back; investment a figure dated " +
        `before the first of the ${PER_KIND} largest series; licensing, policy, agreement: an end a year after the start ` +
        'of a row begun 5+ years before the head; acquisition an announcement a year before completion',
    ],
  };
}

function plan(
  db: Database.Database,
  engine: ViewEngine,
  world: SyntheticWorld,
  random: SeededRandom,
): { developments: Backdated[]; hotKeys: number } {
  const vw = (view: string) => servingView(engine, view).vw;
  const latestDay = db
    .prepare<[], { day: string }>('SELECT max(earliest) AS day FROM view_members WHERE recorded_to IS NULL')
    .get()!.day;
  const early = yearsAfter(latestDay, -5);
  const hot = world.hotOrganisation;
  const hotKeys = db
    .prepare<[number, string, string], { key: string }>(
      "SELECT DISTINCT key FROM view_placements WHERE vw = ? AND organisation = ? AND country = ? AND via = 'facility'",
    )
    .all(vw('facilities'), hot.ref, hot.homeCountry)
    .map((r) => r.key);
  const n = PER_KIND;
  const hotFacilities = pickKeys(db, vw('facilities'), random, 2 * n, { keys: hotKeys });
  const recent = yearsAfter(latestDay, -RECENT_YEARS);
  const recentFacilities = pickKeys(db, vw('facilities'), random, n, { minMembers: 2, firstFrom: recent });
  const ended = (view: string, keep: (state: Record<string, unknown>) => boolean) =>
    pickKeys(db, vw(view), random, 4 * n, { firstTo: early })
      .filter((k) => keep(k.state))
      .slice(0, n);
  const developments = [
    ...recentFacilities.map((k) => earlierAnnouncement('facility', k, YEARS_BEFORE)),
    ...hotFacilities.slice(0, n).map((k) => earlierAnnouncement('hot-facility', k, YEARS_BEFORE)),
    ...Array.from({ length: n }, (_, i) =>
      unrecordedFacility(i, hot.ref, hot.homeCountry, yearsAfter(latestDay, -YEARS_BEFORE - (i % 5))),
    ),
    ...hotFacilities.slice(n).map((k, i) => earlierDate(db, vw('facilities'), k, 5, i)),
    ...largestKeys(db, vw('investments'), n).map(earlierFigure),
    ...ended('licensing', () => true).map((k) => earlierEnd('licensing', k)),
    ...ended('policies', (s) => s.kind !== 'export-control').map((k) => earlierEnd('policy', k)),
    ...ended('agreements', (s) => s.kind === 'agreement').map((k) => earlierEnd('agreement', k)),
    ...pickKeys(db, vw('acquisitions'), random, n, {}).map(earlierAcquisitionAnnouncement),
  ];
  return { developments, hotKeys: hotKeys.length };
}
