import type Database from 'better-sqlite3';
import { checkDevelopment, DevelopmentCorrected } from '../../events/index.js';
import { uuidFromName } from '../../src/ids.js';
import { DEVELOPMENT_STREAM } from '../../events/index.js';
import type { ReadModel } from '../../src/read-model/read-model.js';
import type { AppendRequest, EventStore } from '../../src/store/event-store.js';
import { BENCH_PRINCIPAL } from './synthetic-developments.js';
import type { SeededRandom } from './seeded-random.js';

/** What a backdated development does, and to which view. */
export type BackdatedKind =
  | 'facility'
  | 'hot-facility'
  | 'hot-new-facility'
  | 'hot-correction'
  | 'investment'
  | 'licensing'
  | 'policy'
  | 'agreement'
  | 'acquisition';

export interface Backdated {
  kind: BackdatedKind;
  request: AppendRequest;
  /** Current developments in the row it changes (0 for a new row). */
  members: number;
}

interface KeyInfo {
  key: string;
  /** First possible day of the row's earliest development. */
  first: string;
  members: number;
  state: Record<string, unknown>;
}

const SOURCE = {
  title: 'Company archive',
  url: 'https://news.example.com/archive',
  quote: 'The records show it happened earlier than reported.',
};

interface KeyFilter {
  minMembers?: number;
  firstFrom?: string;
  firstTo?: string;
  /** Only these keys. */
  keys?: readonly string[];
}

/**
 * Rows of a view at random: those among `keys` (all when absent) with at least `minMembers`
 * current developments whose first is within [`firstFrom`, `firstTo`], with their latest state.
 */
export function pickKeys(
  db: Database.Database,
  vw: number,
  random: SeededRandom,
  count: number,
  filter: KeyFilter,
): KeyInfo[] {
  const { minMembers = 1, firstFrom = '0000-01-01', firstTo = '9999-12-31', keys } = filter;
  const all = db
    .prepare<[number, string, string, number], { key: string; first: string; members: number }>(
      `SELECT key, min(earliest) AS first, count(*) AS members FROM view_members WHERE vw = ? AND recorded_to IS NULL
     GROUP BY key HAVING first >= ? AND first <= ? AND members >= ?`,
    )
    .all(vw, firstFrom, firstTo, minMembers);
  const allowed = keys ? new Set(keys) : undefined;
  return random
    .sample(
      all.filter((k) => !allowed || allowed.has(k.key)),
      count,
    )
    .flatMap((k) => withState(db, vw, k));
}

/** The `count` rows of a view with the most current developments. */
export function largestKeys(db: Database.Database, vw: number, count: number): KeyInfo[] {
  return db
    .prepare<[number, number], { key: string; first: string; members: number }>(
      `SELECT key, min(earliest) AS first, count(*) AS members FROM view_members WHERE vw = ? AND recorded_to IS NULL
     GROUP BY key ORDER BY members DESC LIMIT ?`,
    )
    .all(vw, count)
    .flatMap((k) => withState(db, vw, k));
}

/** The row's state in its latest current version (none if it has no current version). */
function withState(db: Database.Database, vw: number, k: Omit<KeyInfo, 'state'>): KeyInfo[] {
  const latest = db
    .prepare<[number, string], { state: string }>(
      `SELECT s.state FROM view_versions v JOIN view_states s ON s.sid = v.sid
     WHERE v.vw = ? AND v.key = ? AND v.recorded_to IS NULL AND v.valid_from IS NOT NULL
     ORDER BY v.valid_from DESC LIMIT 1`,
    )
    .get(vw, k.key);
  return latest ? [{ ...k, state: JSON.parse(latest.state) as Record<string, unknown> }] : [];
}

/** The same day `years` years later (earlier when negative); 29 February becomes the 28th. */
export function yearsAfter(day: string, years: number): string {
  const monthDay = day.slice(4) === '-02-29' ? '-02-28' : day.slice(4);
  return `${Number(day.slice(0, 4)) + years}${monthDay}`;
}

/** A new development, checked against the catalogue as the API would check it. */
function newDevelopment(kind: BackdatedKind, members: number, input: Record<string, unknown>): Backdated {
  const id = uuidFromName(`temporal:backdated:${kind}:${JSON.stringify(input)}`);
  const checked = checkDevelopment({ id, ...input, sources: [SOURCE] });
  if (!checked.ok) throw new Error(`backdated ${kind} fails the catalogue: ${JSON.stringify(checked.errors)}`);
  const { type, body } = checked.value;
  return {
    kind,
    members,
    request: {
      stream: `${DEVELOPMENT_STREAM}${id}`,
      expectedRevision: 'no_stream',
      events: [{ id, type, data: body, metadata: { recordedBy: BENCH_PRINCIPAL } }],
    },
  };
}

/** A facility announced `years` years before its first known development. */
export function earlierAnnouncement(kind: BackdatedKind, k: KeyInfo, years: number): Backdated {
  const {
    facilityId,
    owner,
    kind: facilityKind,
    country,
  } = k.state as Record<'facilityId' | 'owner' | 'kind' | 'country', string>;
  return newDevelopment(kind, k.members, {
    type: 'FacilityAnnounced',
    date: yearsAfter(k.first, -years),
    summary: `${owner} had announced ${facilityId} years before construction`,
    subjects: [owner, `country:${country}`],
    data: { facilityId, owner, kind: facilityKind, country },
  });
}

/** A facility of `owner` in `country` that no one had recorded, operating since `date`. */
export function unrecordedFacility(n: number, owner: string, country: string, date: string): Backdated {
  return newDevelopment('hot-new-facility', 0, {
    type: 'FacilityOpened',
    date,
    summary: `${owner} had been operating a store in ${country} since ${date}`,
    subjects: [owner, `country:${country}`],
    data: { facilityId: `backdated-facility-${n}`, owner, kind: 'store', country },
  });
}

/** A figure of the series for a period a year before its first one. */
export function earlierFigure(k: KeyInfo): Backdated {
  const s = k.state as {
    series: string;
    measure: string;
    label: string;
    investor?: string;
    destination?: string;
    latest: { value: unknown };
  };
  const subjects = [s.investor, s.destination].filter((x): x is string => x !== undefined);
  const date = yearsAfter(k.first, -1);
  return newDevelopment('investment', k.members, {
    type: 'InvestmentReported',
    date,
    summary: `${s.label}: an earlier figure`,
    subjects: subjects.length > 0 ? subjects : ['gov:cn'],
    data: {
      series: s.series,
      measure: s.measure,
      label: s.label,
      period: String(Number(date.slice(0, 4)) - 1),
      value: s.latest.value,
      ...(s.investor ? { investor: s.investor } : {}),
      ...(s.destination ? { destination: s.destination } : {}),
    },
  });
}

/** The end of a licence, an agreement or a policy a year after it began (long before the log's head). */
export function earlierEnd(kind: 'licensing' | 'policy' | 'agreement', k: KeyInfo): Backdated {
  const date = yearsAfter(k.first, 1);
  const reason = 'it ended early; recorded from a later report';
  if (kind === 'licensing') {
    const { dealId, licensor, licensee } = k.state as { dealId: string; licensor: string; licensee: string };
    return newDevelopment(kind, k.members, {
      type: 'LicensingDealTerminated',
      date,
      summary: `${licensor} and ${licensee} end licence ${dealId}`,
      subjects: [licensor, licensee],
      data: { dealId, reason },
    });
  }
  if (kind === 'policy') {
    const { policyId, issuer } = k.state as { policyId: string; issuer: string };
    return newDevelopment(kind, k.members, {
      type: 'PolicyRepealed',
      date,
      summary: `${issuer} repeals ${policyId}`,
      subjects: [issuer],
      data: { policyId, reason },
    });
  }
  const { agreementId, parties } = k.state as { agreementId: string; parties: string[] };
  return newDevelopment(kind, k.members, {
    type: 'AgreementTerminated',
    date,
    summary: `${agreementId} terminated`,
    subjects: parties,
    data: { agreementId, reason },
  });
}

/** An acquisition announced a year before it was completed. */
export function earlierAcquisitionAnnouncement(k: KeyInfo): Backdated {
  const { acquisitionId, acquirer, target, stake } = k.state as Record<
    'acquisitionId' | 'acquirer' | 'target',
    string
  > & { stake?: number };
  return newDevelopment('acquisition', k.members, {
    type: 'AcquisitionAnnounced',
    date: yearsAfter(k.first, -1),
    summary: `${acquirer} announces it will acquire ${target}`,
    subjects: [acquirer, target],
    data: { acquisitionId, acquirer, target, ...(stake ? { stake } : {}) },
  });
}

/** Moves the date of one development of a facility `years` earlier, as a correction of a misread year does. */
export function earlierDate(db: Database.Database, vw: number, k: KeyInfo, years: number, n: number): Backdated {
  const member = db
    .prepare<[number, string], { id: string; revision: number; earliest: string }>(
      `SELECT d.id, v.revision, m.earliest FROM view_members m JOIN developments d ON d.seq = m.seq
     JOIN development_versions v ON v.vid = d.vid
     WHERE m.vw = ? AND m.key = ? AND m.recorded_to IS NULL ORDER BY m.earliest DESC LIMIT 1`,
    )
    .get(vw, k.key)!;
  const data = {
    changes: { date: yearsAfter(member.earliest, -years) },
    reason: 'The year was misread from the source.',
  };
  const checked = DevelopmentCorrected.safeParse(data);
  if (!checked.success) throw new Error(`backdated correction fails the catalogue: ${checked.error.message}`);
  const id = uuidFromName(`temporal:backdated:correction:${member.id}:${n}`);
  return {
    kind: 'hot-correction',
    members: k.members,
    request: {
      stream: `${DEVELOPMENT_STREAM}${member.id}`,
      expectedRevision: member.revision,
      events: [{ id, type: 'DevelopmentCorrected', data, metadata: { recordedBy: BENCH_PRINCIPAL } }],
    },
  };
}

export interface AppendTiming {
  /** From the append to `waitFor` resolving. */
  ms: number;
  /** Of which: from the append's acknowledgement (a durable commit) to `waitFor` resolving. */
  applyMs: number;
  /** CPU time the process spent meanwhile. */
  cpuMs: number;
}

/** Appends one development and waits until the read model (every view) reflects it. */
export async function timeAppend(
  store: EventStore,
  readModel: ReadModel,
  { request }: Backdated,
): Promise<AppendTiming> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await store.append(request.stream, request.events, request.expectedRevision);
  const acknowledged = performance.now();
  await readModel.waitFor(result.position, 60_000);
  const done = performance.now();
  const { user, system } = process.cpuUsage(cpu);
  return { ms: done - started, applyMs: done - acknowledged, cpuMs: (user + system) / 1000 };
}
