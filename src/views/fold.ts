import { parseEdtf } from '../../events/index.js';
import type { AnyProjection, Indexed, Placement, ProjectedDevelopment, ProjectionContext } from '../../projections/index.js';

/** The end of valid time: a row that nothing has superseded is valid until then. */
export const END_OF_TIME = '9999-12-31';

/** A development in one key of one view, with the days that place it in time. */
export interface Member {
  seq: number;
  earliest: string;
  latest: string;
  /** First day it had surely happened; null: not (yet) by any day. */
  certainFrom: string | null;
  development: ProjectedDevelopment;
}

/** An expectation one of a row's developments set, and whether another of them met it. */
export interface RowExpectation {
  type: string;
  date: string;
  dateText: string;
  note?: string;
  /** Id of the development that set it. */
  setBy: string;
  /** Last day it is due on. */
  due: string;
  met?: { by: string; date: string; onTime: boolean };
}

/**
 * One version of a row: its state and the intervals of valid time in which it is the row of the
 * possible series (every development whose first day has come) and of the certain series (only
 * those that had surely happened). An interval is null where the version is not in that series.
 */
export interface RowVersion {
  validFrom: string | null;
  validTo: string | null;
  certainFrom: string | null;
  certainTo: string | null;
  /** The row's value as stored: the projection's state with the expectations of its developments. */
  json: string;
  indexed: Indexed;
  placements: Placement[];
  expectations: RowExpectation[];
}

export interface Fold {
  versions: RowVersion[];
  /** Developments `evolve` threw on: set aside for this view, left out of every version. */
  failed: { seq: number; error: string }[];
}

/** Valid-time order: first possible day, then last, then recording order. */
export function byValidTime(a: Member, b: Member): number {
  return a.earliest < b.earliest ? -1 : a.earliest > b.earliest ? 1
    : a.latest < b.latest ? -1 : a.latest > b.latest ? 1 : a.seq - b.seq;
}

/**
 * The versions of one row from its members: a pure calculation. The possible series changes on
 * members' first days, the certain series on their certain-from days; a certain set that is a
 * prefix of the valid-time order shares the possible series' version.
 */
export function versionsOf(projection: AnyProjection, key: string, members: readonly Member[], context: ProjectionContext): Fold {
  let ordered = [...members].sort(byValidTime);
  const failed: Fold['failed'] = [];
  for (;;) {
    try {
      return { versions: computeVersions(projection, key, ordered, context), failed };
    } catch (error) {
      if (!(error instanceof EvolveError)) throw error;
      // Set the member aside and fold again without it: the result must not depend on where it failed.
      failed.push({ seq: error.seq, error: error.message });
      ordered = ordered.filter((m) => m.seq !== error.seq);
    }
  }
}

class EvolveError extends Error {
  constructor(readonly seq: number, cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

function computeVersions(projection: AnyProjection, key: string, ordered: Member[], context: ProjectionContext): RowVersion[] {
  const evolve = (state: unknown, member: Member): unknown => {
    try {
      return projection.evolve(state, member.development, key, context);
    } catch (error) {
      throw new EvolveError(member.seq, error);
    }
  };
  const after: unknown[] = [];
  ordered.forEach((member, i) => after.push(evolve(i === 0 ? null : after[i - 1], member)));

  // Rows by the set of members they fold: `p<n>` for the first n in valid-time order.
  const rows = new Map<string, { subset: Member[]; state: unknown; version: Omit<RowVersion, 'json' | 'indexed' | 'placements' | 'expectations'> }>();
  const empty = () => ({ validFrom: null, validTo: null, certainFrom: null, certainTo: null });
  for (let i = 0; i < ordered.length; i++) {
    const day = ordered[i]!.earliest;
    if (ordered[i + 1]?.earliest === day) continue;
    const row = { subset: ordered.slice(0, i + 1), state: after[i], version: empty() as RowVersion };
    row.version.validFrom = day;
    row.version.validTo = ordered[i + 1]?.earliest ?? END_OF_TIME;
    rows.set(`p${i + 1}`, row);
  }

  const certain = ordered.map((member, index) => ({ member, index })).filter((m) => m.member.certainFrom !== null)
    .sort((a, b) => (a.member.certainFrom! < b.member.certainFrom! ? -1 : a.member.certainFrom! > b.member.certainFrom! ? 1 : a.index - b.index));
  const included = new Set<number>();
  for (let j = 0; j < certain.length; j++) {
    const day = certain[j]!.member.certainFrom!;
    included.add(certain[j]!.index);
    if (certain[j + 1]?.member.certainFrom === day) continue;
    const to = certain[j + 1]?.member.certainFrom ?? END_OF_TIME;
    const gap = firstMissing(included, ordered.length);
    let id: string;
    let state: unknown;
    let subset: Member[];
    if (gap === included.size) {
      id = `p${gap}`;
      state = after[gap - 1];
      subset = ordered.slice(0, gap);
    } else {
      // Not a prefix: fold from the longest prefix it contains, then the rest of it in valid-time order.
      subset = ordered.filter((_, i) => included.has(i));
      id = `s${[...included].sort((a, b) => a - b).join(',')}`;
      state = gap === 0 ? null : after[gap - 1];
      for (let i = gap + 1; i < ordered.length; i++) if (included.has(i)) state = evolve(state, ordered[i]!);
    }
    const row = rows.get(id) ?? { subset, state, version: empty() as RowVersion };
    row.version.certainFrom = day;
    row.version.certainTo = to;
    rows.set(id, row);
  }

  const versions: RowVersion[] = [];
  for (const { subset, state, version } of rows.values()) {
    if (state === null || state === undefined) continue;
    const expectations = expectationsOf(subset);
    versions.push({
      ...version,
      json: JSON.stringify(expectations.length > 0 ? { ...(state as object), expectations } : state),
      indexed: projection.indexed(state, key),
      placements: projection.placements?.(state, key, context) ?? [],
      expectations,
    });
  }
  return versions;
}

function firstMissing(included: ReadonlySet<number>, length: number): number {
  for (let i = 0; i < length; i++) if (!included.has(i)) return i;
  return length;
}

/** The expectations the members set, each met by a later-or-any member of the expected type among them. */
export function expectationsOf(subset: readonly Member[]): RowExpectation[] {
  return subset.flatMap((setter) => setter.development.expectations.map((e) => {
    const date = parseEdtf(e.date, { openEnd: true });
    const due = date.ok ? date.value.latest : END_OF_TIME;
    const meeting = subset.find((m) => m !== setter && m.development.type === e.type);
    return {
      type: e.type,
      date: e.date,
      dateText: date.ok ? date.value.text : e.date,
      ...(e.note ? { note: e.note } : {}),
      setBy: setter.development.id,
      due,
      ...(meeting ? { met: { by: meeting.development.id, date: meeting.development.date.edtf, onTime: meeting.earliest <= due } } : {}),
    };
  }));
}
