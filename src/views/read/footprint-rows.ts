import { isPlanned, presenceOf, type AnyProjection, type RowPlacement } from '../../../projections/index.js';
import { Problem } from '../../errors/problems.js';
import { type Certainty, type Evidence, type EvidenceCore, evidenceCoreOf, withWords } from '../engine/evidence.js';
import type { ViewEngine } from '../build/view-engine.js';
import type { RowFilter } from '../store/temporal-store.js';
import type { ViewRow } from './view-rows.js';
import { runNow, type Steps } from './paced.js';

export interface FootprintQuery extends RowFilter {
  publishedBy?: string;
}

/** A row placing the organisation in the country; its developments are read when the footprint row is. */
interface Contribution {
  placement: RowPlacement;
  vw: number;
  /** Without words: a row may combine thousands of them, and only the combination is put in words. */
  evidence: EvidenceCore;
  developments?: string[];
}

/** A footprint row lists at most this many developments (an organisation with thousands of plants in a country). */
const MAX_DEVELOPMENTS = 100;

/**
 * The footprint view, derived when asked: one row per organisation and country, from the
 * placements of the facilities, licensing and acquisitions rows that hold on the date. The current
 * answer reads the placements index; an earlier transaction time or the publication axis folds
 * the contributing rows instead.
 */
export class FootprintRows {
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
    const groups = f.knownAt || f.publishedBy ? yield* this.fromRows(f) : this.fromIndex(f);
    if (f.status === 'present' || f.status === 'planned') {
      for (const [key, contributions] of groups) if (presenceIn(contributions) !== f.status) groups.delete(key);
    }
    // Each key split once: tens of thousands of groups on an earlier reading are sorted here.
    const keys = [...groups.keys()]
      .map((key) => [...splitKey(key), key] as const)
      .sort(([oa, ca], [ob, cb]) => comparePairs(oa, ca, [ob, cb]))
      .map(([, , key]) => key);
    const page = keys.slice(0, f.limit);
    // A row lists at most MAX_DEVELOPMENTS: its first that many contributing rows are enough to read.
    this.readDevelopments(
      page.flatMap((key) => groups.get(key)!.slice(0, MAX_DEVELOPMENTS)),
      f,
    );
    const rows = page.map((key) => this.toRow(key, groups.get(key)!, f));
    return { rows, more: keys.length > f.limit };
  }

  private fromIndex(f: FootprintQuery): Map<string, Contribution[]> {
    const live = new Set(this.engine.projections.map((p) => this.engine.servingVw(p.name)));
    const groups = new Map<string, Contribution[]>();
    // Pairs the page can show: a pair counts once every placement of it is read, if it has one the
    // filters keep and (status=present|planned) it is present or planned as asked.
    let pairs = 0;
    const close = (pair: string) => {
      const group = groups.get(pair);
      if (!group) return;
      if ((f.status === 'present' || f.status === 'planned') && presenceIn(group) !== f.status) groups.delete(pair);
      else pairs += 1;
    };
    let last: string | undefined;
    let full = false;
    const placements = this.engine.store.placementsAsOf({
      ...f,
      ...(f.afterKey ? { after: splitKey(f.afterKey) } : {}),
    });
    for (const [country, organisation, vw, key, via, mode, ...evidence] of placements) {
      const pair = `${organisation}@${country}`;
      if (pair !== last) {
        if (last !== undefined) close(last);
        // One pair past the page says whether there are more.
        if (pairs > f.limit) {
          full = true;
          break;
        }
        last = pair;
      }
      if (!live.has(vw) || !matchesStatus(mode, f.status) || !counts({ mode }, f)) continue;
      const [valid_from, valid_to, certain_from, certain_to, since, reported] = evidence;
      add(groups, {
        placement: { organisation, country, via, mode, key },
        vw,
        evidence: evidenceCoreOf(
          { valid_from, valid_to, certain_from, certain_to, since: since!, reported: reported! },
          f.asOf,
          f.certainOnly ?? false,
        ),
      });
    }
    if (!full && last !== undefined) close(last);
    return groups;
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
            vw,
            evidence,
            developments: row.developments,
          });
        }
      }
    }
    return groups;
  }

  private toRow(key: string, contributions: Contribution[], f: FootprintQuery): ViewRow {
    const [organisation, country] = splitKey(key);
    const origin = this.engine.context.homeCountry(organisation);
    const presence = presenceIn(contributions);
    // Certain presence needs its own evidence: a plan beside it does not make it less (or more) certain.
    const making = contributions.filter((c) => isPlanned(c.placement) === (presence === 'planned'));
    return {
      key,
      ...combinedEvidence(making.map((c) => c.evidence)),
      ...this.developmentsOf(contributions, f),
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

  /** Reads, in a few queries, the developments of the rows the page's contributions come from. */
  private readDevelopments(contributions: Contribution[], f: FootprintQuery): void {
    const byVw = new Map<number, Contribution[]>();
    for (const c of contributions) {
      if (c.developments) continue;
      const list = byVw.get(c.vw);
      if (list) list.push(c);
      else byVw.set(c.vw, [c]);
    }
    for (const [vw, list] of byVw) {
      const keys = [...new Set(list.map((c) => c.placement.key))];
      const found = this.engine.store.developmentsOfKeys(vw, keys, f.asOf, f.knownAt, f.certainOnly ?? false);
      for (const c of list) c.developments = found.get(c.placement.key) ?? [];
    }
  }

  /** The developments behind the rows that place the organisation there, in their order, up to MAX_DEVELOPMENTS. */
  private developmentsOf(
    contributions: Contribution[],
    f: FootprintQuery,
  ): { developments: string[]; moreDevelopments?: true } {
    const ids = new Set<string>();
    for (const c of contributions) {
      const found =
        c.developments ??
        this.engine.store
          .developmentsOfKeys(c.vw, [c.placement.key], f.asOf, f.knownAt, f.certainOnly ?? false)
          .get(c.placement.key)!;
      for (const id of found) {
        if (ids.size === MAX_DEVELOPMENTS) return { developments: [...ids], moreDevelopments: true };
        ids.add(id);
      }
    }
    return { developments: [...ids] };
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
 * A footprint row's evidence from the rows that place the organisation there: certain only when
 * every one is, possible when any still is, otherwise unconfirmed; the latest start and report.
 */
function combinedEvidence(all: readonly EvidenceCore[]): Evidence {
  let latest = all[0]!;
  let to: string | null = latest.validTo;
  let reported = latest.lastReported;
  let certain = true;
  let possible = false;
  for (const e of all) {
    if (e.validFrom > latest.validFrom) latest = e;
    if (e.validTo !== null && (to === null || e.validTo < to)) to = e.validTo;
    if (e.lastReported.day > reported.day) reported = e.lastReported;
    if (e.certainty !== 'certain') certain = false;
    if (e.certainty === 'possible') possible = true;
  }
  const certainty: Certainty = certain ? 'certain' : possible ? 'possible' : 'unconfirmed';
  return withWords(
    { certainty, validFrom: latest.validFrom, validTo: to, since: latest.since, lastReported: reported },
    'present',
  );
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
