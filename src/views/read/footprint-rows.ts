import {
  isPlanned,
  MAX_FACILITIES_LISTED,
  presenceOf,
  presenceOfSummary,
  type AnyProjection,
  type RowPlacement,
} from '../../../projections/index.js';
import { Problem } from '../../errors/problems.js';
import { type Certainty, type Evidence, type EvidenceCore, lastReported, withWords } from '../engine/evidence.js';
import { END_OF_TIME } from '../engine/fold.js';
import type { ViewEngine } from '../build/view-engine.js';
import type { PairFilter, PairPlacement, PairSummary, RowFilter } from '../store/temporal-store.js';
import type { ViewRow } from './view-rows.js';
import { runNow, type Steps } from './paced.js';

export interface FootprintQuery extends RowFilter {
  publishedBy?: string;
}

/** A row placing the organisation in the country, on an earlier reading or the publication axis. */
interface Contribution {
  placement: RowPlacement;
  /** Without words: a row may combine thousands of them, and only the combination is put in words. */
  evidence: EvidenceCore;
  developments: string[];
}

/** A placement read from the index, with the view of the row it comes from. */
type IndexedPlacement = RowPlacement & { vw: number };

/** A footprint row lists at most this many developments (an organisation with thousands of plants in a country). */
const MAX_DEVELOPMENTS = 100;
/**
 * A pair's placements are listed in the page's query when it has at most this many; one seen with
 * more (twenty thousand plants of one organisation in one country) is summed up from then on, its
 * first facilities and placements read on their own. Listing costs about 0.75 µs a placement (made
 * as JSON in SQL, then read); summing up, about a quarter of that, two queries, and a temporary
 * index for each pair of the page (1.4 ms for a page of 100): it pays from a few thousand.
 */
const LISTED = 2_000;
/** Pairs kept as summed up at most (each adds two parameters to the page's query). */
const MAX_BIG = 256;

/**
 * The footprint view, derived when asked: one row per organisation and country, from the
 * placements of the facilities, licensing and acquisitions rows that hold on the date. The current
 * answer reads the placements index; an earlier transaction time or the publication axis folds
 * the contributing rows instead.
 */
export class FootprintRows {
  /**
   * A pair seen with more placements than this is read summed up from then on (`big`), its
   * placements a page at a time (a test sets it low).
   */
  listed = LISTED;
  /**
   * The pairs seen with more than `listed` placements, by `organisation@country`, at most MAX_BIG:
   * they choose how a page is read, never what it answers.
   */
  private readonly big = new Map<string, readonly [organisation: string, country: string]>();

  /** @param rowsOf every row of a stored view as of a reading, a page at a time (`ViewReader`). */
  constructor(
    private readonly engine: ViewEngine,
    private readonly rowsOf: (view: string, q: Omit<FootprintQuery, 'limit' | 'afterKey'>) => Steps<ViewRow[]>,
  ) {}

  page(f: FootprintQuery): { rows: ViewRow[]; more: boolean } {
    return runNow(this.steps(f));
  }

  /** The same, in steps (a page of contributing rows at a time): see `paced.ts`. */
  *steps(f: FootprintQuery): Steps<{ rows: ViewRow[]; more: boolean }> {
    assertFootprintServed(this.engine);
    if (!f.knownAt && !f.publishedBy) return this.fromIndex(f);
    const groups = yield* this.fromRows(f);
    if (f.status === 'present' || f.status === 'planned') {
      for (const [key, contributions] of groups) if (presenceIn(contributions) !== f.status) groups.delete(key);
    }
    // Each key split once: tens of thousands of groups on an earlier reading are sorted here.
    const keys = [...groups.keys()]
      .map((key) => [...splitKey(key), key] as const)
      .sort(([oa, ca], [ob, cb]) => comparePairs(oa, ca, [ob, cb]))
      .map(([, , key]) => key);
    const page = keys.slice(0, f.limit);
    const rows = page.map((key) => this.toRow(key, groups.get(key)!));
    return { rows, more: keys.length > f.limit };
  }

  /**
   * The current answer from the placements index: the page's pairs summed up in SQL in one pass,
   * each with its evidence (a pair may have thousands of placements) and its placements, for what
   * places the organisation there and the developments behind it. A pair seen before with more
   * than `listed` comes summed up instead, and its first placements and facilities are read on
   * their own.
   */
  private fromIndex(f: FootprintQuery): { rows: ViewRow[]; more: boolean } {
    const vws = this.engine.footprintVws();
    const filter: PairFilter = {
      asOf: f.asOf,
      vws,
      certainOnly: f.certainOnly ?? false,
      ...(f.country ? { country: f.country } : {}),
      ...(f.subject ? { subject: f.subject } : {}),
      ...(f.origin ? { origin: f.origin } : {}),
      ...(f.status && f.status !== 'present' && f.status !== 'planned' ? { mode: f.status } : {}),
      ...(f.afterKey ? { after: splitKey(f.afterKey) } : {}),
    };
    const store = this.engine.store;
    const summed = [...this.big.values()].filter(
      ([organisation, country]) => (!f.country || country === f.country) && (!f.subject || organisation === f.subject),
    );
    const pairs = store.footprintPairs({
      ...filter,
      ...(f.status === 'present' || f.status === 'planned' ? { presence: f.status } : {}),
      limit: f.limit + 1,
      summed,
    });
    const page = pairs.slice(0, f.limit);
    const placements = new Map(
      page.map((pair) => {
        const key = `${pair.organisation}@${pair.country}`;
        if (!pair.summed && pair.placements_present + pair.placements_planned > this.listed && this.big.size < MAX_BIG)
          this.big.set(key, [pair.organisation, pair.country]);
        const { organisation, country } = pair;
        const list = pair.summed
          ? store
              .placementsOfPair(filter, organisation, country, 0, MAX_DEVELOPMENTS)
              .map(({ vw, key, via, mode }): IndexedPlacement => ({ organisation, country, vw, key, via, mode }))
          : (JSON.parse(pair.placements) as [number, string, PairPlacement['via'], string][]).map(
              ([vw, key, via, mode]): IndexedPlacement => ({ organisation, country, vw, key, via, mode }),
            );
        return [key, list];
      }),
    );
    // The developments of each pair's first rows, for the whole page in one query per view; a pair
    // whose first rows list fewer than MAX_DEVELOPMENTS reads its next ones.
    const found = this.developmentsOfPlacements(
      [...placements.values()].flatMap((list) => list.slice(0, MAX_DEVELOPMENTS)),
      f,
    );
    const rows = page.map((pair) => {
      const key = `${pair.organisation}@${pair.country}`;
      const list = placements.get(key)!;
      const origin = this.engine.context.homeCountry(pair.organisation);
      const next = (from: number): readonly { vw: number; key: string }[] =>
        !pair.summed
          ? list.slice(from, from + MAX_DEVELOPMENTS)
          : from === 0
            ? list
            : store.placementsOfPair(filter, pair.organisation, pair.country, from, MAX_DEVELOPMENTS);
      const presence = pair.summed
        ? presenceOfSummary(pair.organisation, pair.country, {
            modes: JSON.parse(pair.modes!) as string[],
            acquisitions: JSON.parse(pair.acquisitions!) as string[],
            subsidiaries: JSON.parse(pair.subsidiaries!) as string[],
            facilityCount: pair.facility_count!,
            firstFacilities: store.firstFacilitiesOfPair(
              filter,
              pair.organisation,
              pair.country,
              MAX_FACILITIES_LISTED,
            ),
          })
        : presenceOf(pair.organisation, pair.country, list);
      return {
        key,
        ...evidenceFromParts(summedEvidence(pair, pair.placements_present > 0 ? 'present' : 'planned')),
        ...this.listDevelopments(this.developmentLists(next, found, f)),
        value: { ...presence, ...(origin ? { origin } : {}) },
      };
    });
    return { rows, more: pairs.length > f.limit };
  }

  /**
   * The developments of a pair's rows in order: those of its first rows (read for the whole page),
   * then, a hundred rows at a time, of the next ones, read only while the list asks for more.
   */
  private *developmentLists(
    placementsFrom: (from: number) => readonly { vw: number; key: string }[],
    found: Map<number, Map<string, string[]>>,
    f: FootprintQuery,
  ): Generator<string[]> {
    for (let from = 0; ; from += MAX_DEVELOPMENTS) {
      const part = placementsFrom(from);
      const developments = from === 0 ? found : this.developmentsOfPlacements(part, f);
      for (const p of part) yield developments.get(p.vw)!.get(p.key)!;
      if (part.length < MAX_DEVELOPMENTS) return;
    }
  }

  /** The developments of some rows as of the reading, by view and key, in one query per view. */
  private developmentsOfPlacements(
    placements: readonly { vw: number; key: string }[],
    f: FootprintQuery,
  ): Map<number, Map<string, string[]>> {
    const keys = new Map<number, Set<string>>();
    for (const p of placements) {
      const set = keys.get(p.vw);
      if (set) set.add(p.key);
      else keys.set(p.vw, new Set([p.key]));
    }
    const found = new Map<number, Map<string, string[]>>();
    for (const [vw, set] of keys)
      found.set(vw, this.engine.store.developmentsOfKeys(vw, [...set], f.asOf, f.knownAt, f.certainOnly ?? false));
    return found;
  }

  /** The first MAX_DEVELOPMENTS distinct developments of lists read in order, and whether there are more. */
  private listDevelopments(lists: Iterable<string[]>): { developments: string[]; moreDevelopments?: true } {
    const ids = new Set<string>();
    for (const list of lists) {
      for (const id of list) {
        if (ids.has(id)) continue;
        if (ids.size === MAX_DEVELOPMENTS) return { developments: [...ids], moreDevelopments: true };
        ids.add(id);
      }
    }
    return { developments: [...ids] };
  }

  private *fromRows(f: FootprintQuery): Steps<Map<string, Contribution[]>> {
    const groups = new Map<string, Contribution[]>();
    const after = f.afterKey ? splitKey(f.afterKey) : undefined;
    for (const projection of this.engine.projections.filter((p) => p.placements)) {
      const vw = this.engine.servingVw(projection.name);
      if (vw === undefined) continue;
      const rows = yield* this.rowsOf(projection.name, { ...f, origin: undefined, status: undefined });
      for (const [n, row] of rows.entries()) {
        if (n % 200 === 199) yield;
        const evidence = {
          certainty: row.certainty,
          validFrom: row.validFrom,
          validTo: row.validTo,
          since: row.since.date,
          lastReported: row.lastReported,
        };
        for (const placement of placementsOf(projection, row, this.engine)) {
          const origin = this.engine.context.homeCountry(placement.organisation);
          if (f.country && placement.country !== f.country) continue;
          if (f.subject && placement.organisation !== f.subject) continue;
          if (f.origin && origin !== f.origin) continue;
          if (!matchesStatus(placement.mode, f.status) || !counts(placement, f)) continue;
          if (after && comparePairs(placement.organisation, placement.country, after) <= 0) continue;
          add(groups, {
            placement: { ...placement, key: row.key },
            evidence,
            developments: row.developments,
          });
        }
      }
    }
    return groups;
  }

  private toRow(key: string, contributions: Contribution[]): ViewRow {
    const [organisation, country] = splitKey(key);
    const origin = this.engine.context.homeCountry(organisation);
    const presence = presenceIn(contributions);
    // Certain presence needs its own evidence: a plan beside it does not make it less (or more) certain.
    const making = contributions.filter((c) => isPlanned(c.placement) === (presence === 'planned'));
    return {
      key,
      ...evidenceFromParts(foldedEvidence(making.map((c) => c.evidence))),
      ...this.listDevelopments(contributions.map((c) => c.developments)),
      value: {
        ...presenceOf(
          organisation,
          country,
          contributions.map((c) => c.placement),
        ),
        ...(origin ? { origin } : {}),
      },
    };
  }
}

/**
 * The footprint is derived from the views that place organisations: while one of them is being built
 * it would answer "nobody is present" for what it has not read yet, so it answers 503 as they do.
 */
export function assertFootprintServed(engine: ViewEngine): void {
  const building = engine.projections.filter((p) => p.placements && engine.servingVw(p.name) === undefined);
  if (building.length > 0)
    throw new Problem(
      503,
      'VIEW_REBUILDING',
      'Service unavailable',
      `view footprint is derived from ${building.map((p) => p.name).join(', ')}, being built from the log; try again shortly`,
    );
}

function placementsOf(projection: AnyProjection, row: ViewRow, engine: ViewEngine) {
  const { expectations: _expectations, ...state } = row.value;
  return projection.placements!(state, row.key, engine.context);
}

/**
 * What the rows that make a footprint row (its presence, or its plans when only plans place it
 * there) say of their evidence together: the row is certain only when every one is, possible when
 * any still is, otherwise unconfirmed; it starts with the latest of them (on the same day, the
 * greatest date as given), ends with the earliest, and was last reported when the latest was.
 */
interface EvidenceParts {
  allCertain: boolean;
  anyPossible: boolean;
  validFrom: string;
  since: string;
  /** The earliest end: END_OF_TIME when none ends. */
  validTo: string;
  /** The last report as given (the latest by its last day, then by the date as given). */
  reported: string;
}

function evidenceFromParts(parts: EvidenceParts): Evidence {
  const certainty: Certainty = parts.allCertain ? 'certain' : parts.anyPossible ? 'possible' : 'unconfirmed';
  return withWords(
    {
      certainty,
      validFrom: parts.validFrom,
      validTo: parts.validTo === END_OF_TIME ? null : parts.validTo,
      since: parts.since,
      lastReported: lastReported(parts.reported),
    },
    'present',
  );
}

/** The parts from each row's evidence (an earlier reading, or the publication axis). */
function foldedEvidence(all: readonly EvidenceCore[]): EvidenceParts {
  let latest = all[0]!;
  let to = END_OF_TIME;
  let reported = latest.lastReported;
  let allCertain = true;
  let anyPossible = false;
  for (const e of all) {
    if (e.validFrom > latest.validFrom || (e.validFrom === latest.validFrom && e.since > latest.since)) latest = e;
    if (e.validTo !== null && e.validTo < to) to = e.validTo;
    const r = e.lastReported;
    if (r.day > reported.day || (r.day === reported.day && r.date > reported.date)) reported = r;
    if (e.certainty !== 'certain') allCertain = false;
    if (e.certainty === 'possible') anyPossible = true;
  }
  return {
    allCertain,
    anyPossible,
    validFrom: latest.validFrom,
    since: latest.since,
    validTo: to,
    reported: reported.date,
  };
}

/** The parts as the placements index sums them up for a pair (`footprintPairs`). */
function summedEvidence(pair: PairSummary, making: 'present' | 'planned'): EvidenceParts {
  const [validFrom, since] = pair[`latest_${making}`]!.split('\t') as [string, string];
  const reported = pair[`reported_${making}`]!;
  return {
    allCertain: pair[`all_certain_${making}`] === 1,
    anyPossible: pair[`any_possible_${making}`] === 1,
    validFrom,
    since,
    validTo: pair[`valid_to_${making}`]!,
    reported: reported.slice(reported.indexOf('\t') + 1),
  };
}

function add(groups: Map<string, Contribution[]>, c: Contribution): void {
  const key = `${c.placement.organisation}@${c.placement.country}`;
  const group = groups.get(key);
  if (group) group.push(c);
  else groups.set(key, [c]);
}

/** A footprint `status` names a mode (`acquirer`), a facility status (`operating`), or `present` / `planned`. */
function matchesStatus(mode: string, status: string | undefined): boolean {
  return !status || status === 'present' || status === 'planned' || mode === status || mode.endsWith(`:${status}`);
}

/** What had surely happened is presence only: a plan is never certain presence. */
function counts(placement: { mode: string }, f: FootprintQuery): boolean {
  return !(f.certainOnly && isPlanned(placement));
}

function presenceIn(contributions: Contribution[]): 'present' | 'planned' {
  return contributions.some((c) => !isPlanned(c.placement)) ? 'present' : 'planned';
}

/** Footprint keys `organisation@country` order by organisation, then country (as the index does). */
function comparePairs(organisation: string, country: string, [ob, cb]: [string, string]): number {
  return organisation < ob ? -1 : organisation > ob ? 1 : country < cb ? -1 : country > cb ? 1 : 0;
}

function splitKey(key: string): [string, string] {
  const at = key.lastIndexOf('@');
  return [key.slice(0, at), key.slice(at + 1)];
}
