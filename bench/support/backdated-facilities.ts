import type Database from 'better-sqlite3';
import { checkDevelopment } from '../../events/index.js';
import { uuidFromName } from '../../src/ids.js';
import { DEVELOPMENT_STREAM } from '../../src/read-model/developments-table.js';
import type { ReadModel } from '../../src/read-model/read-model.js';
import type { EventStore } from '../../src/store/event-store.js';
import { BENCH_PRINCIPAL } from './synthetic-developments.js';
import type { SeededRandom } from './seeded-random.js';

export interface FacilityKey {
  facilityId: string;
  owner: string;
  kind: string;
  country: string;
  /** First possible day of the facility's earliest development. */
  firstDay: string;
  members: number;
}

/**
 * `count` facilities at random among those with at least two developments, the first dated
 * within `recentYears` of the latest development the view has.
 */
export function recentFacilities(db: Database.Database, vw: number, recentYears: number, count: number, random: SeededRandom): FacilityKey[] {
  const latestDay = db.prepare<[number], { day: string | null }>(
    'SELECT max(earliest) AS day FROM view_members WHERE vw = ? AND recorded_to IS NULL').get(vw)?.day;
  if (!latestDay) return [];
  const from = `${Number(latestDay.slice(0, 4)) - recentYears}${latestDay.slice(4)}`;
  const keys = db.prepare<[number, string], { key: string; first: string; members: number }>(
    `SELECT key, min(earliest) AS first, count(*) AS members FROM view_members WHERE vw = ? AND recorded_to IS NULL
     GROUP BY key HAVING first >= ? AND members >= 2`).all(vw, from);
  const latest = db.prepare<[number, string], { state: string }>(
    `SELECT s.state FROM view_versions v JOIN view_states s ON s.sid = v.sid
     WHERE v.vw = ? AND v.key = ? AND v.recorded_to IS NULL ORDER BY v.valid_from DESC LIMIT 1`);
  return random.sample(keys, count).map(({ key, first, members }) => {
    const { owner, kind, country } = JSON.parse(latest.get(vw, key)!.state) as { owner: string; kind: string; country: string };
    return { facilityId: key, owner, kind, country, firstDay: first, members };
  });
}

/**
 * Records that the facility was announced `yearsEarlier` years before its first known development,
 * and times it from the append until the read model reflects it.
 */
export async function timeBackdatedAnnouncement(store: EventStore, readModel: ReadModel, facility: FacilityKey, yearsEarlier: number): Promise<number> {
  const monthDay = facility.firstDay.slice(4) === '-02-29' ? '-02-28' : facility.firstDay.slice(4);
  const date = `${Number(facility.firstDay.slice(0, 4)) - yearsEarlier}${monthDay}`;
  const id = uuidFromName(`temporal:backdated:${facility.facilityId}:${date}`);
  const input = {
    id, type: 'FacilityAnnounced', date,
    summary: `${facility.owner} had announced ${facility.facilityId} years before construction`,
    subjects: [facility.owner, `country:${facility.country}`],
    sources: [{ title: 'Company archive', url: 'https://news.example.com/archive', quote: 'The project was first announced a decade earlier.' }],
    data: { facilityId: facility.facilityId, owner: facility.owner, kind: facility.kind, country: facility.country },
  };
  const checked = checkDevelopment(input);
  if (!checked.ok) throw new Error(`backdated announcement fails the catalogue: ${JSON.stringify(checked.errors)}`);
  const { type, body } = checked.value;
  const started = performance.now();
  const result = await store.append(`${DEVELOPMENT_STREAM}${id}`, [{ id, type, data: body, metadata: { recordedBy: BENCH_PRINCIPAL } }], 'no_stream');
  await readModel.waitFor(result.position);
  return performance.now() - started;
}
