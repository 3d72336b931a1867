import { lastReportOf, parseEdtf } from '../../../events/index.js';
import type {
  AnyProjection,
  Indexed,
  Placement,
  ProjectedDevelopment,
  ProjectionContext,
} from '../../../projections/index.js';

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
  /** Last day its evidence covers and that edge as given (EDTF); by default from all its sources. */
  reported?: { day: string; date: string };
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
  /** The date, as given (EDTF), of the development that began this state: the last of its set in valid-time order. */
  since: string;
  /**
   * The edge of the version's evidence (EDTF): the latest publication among the sources of its
   * developments. The certain interval ends the day after it; past it the row is unconfirmed.
   */
  reported: string;
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
  return a.earliest < b.earliest
    ? -1
    : a.earliest > b.earliest
      ? 1
      : a.latest < b.latest
        ? -1
        : a.latest > b.latest
          ? 1
          : a.seq - b.seq;
}

/** A row's value with what is derived from it. */
export type RowValue = Pick<RowVersion, 'json' | 'indexed' | 'placements' | 'expectations' | 'since' | 'reported'>;

/** The edge of a set of members' evidence: its last day and that day as given (EDTF). */
export interface Report {
  day: string;
  date: string;
}

/** The edge of a member's evidence. */
export function reportOf(member: Member): Report {
  return member.reported ?? lastReportOf({ date: member.development.date.edtf, sources: member.development.sources });
}

/** The later of two reports (the first on a tie). */
export function later(a: Report | undefined, b: Report): Report {
  return a === undefined || b.day > a.day ? b : a;
}

/** The day after an ISO day. */
export function dayAfter(day: string): string {
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/**
 * The versions of one row from its members: a pure calculation. The possible series changes on
 * members' first days, the certain series on their certain-from days; a certain set that is a
 * prefix of the valid-time order shares the possible series' version.
 */
export function versionsOf(
  projection: AnyProjection,
  key: string,
  members: readonly Member[],
  context: ProjectionContext,
): Fold {
  let ordered = [...members].sort(byValidTime);
  const failed: Fold['failed'] = [];
  const evolve = evolverOf(projection, key, context);
  for (;;) {
    try {
      return { versions: computeVersions(projection, key, ordered, context, evolve), failed };
    } catch (error) {
      if (!(error instanceof EvolveError)) throw error;
      // Set the member aside and fold again without it: the result must not depend on where it failed.
      failed.push({ seq: error.seq, error: error.message });
      ordered = ordered.filter((m) => m.seq !== error.seq);
    }
  }
}

/** A member the projection could not fold. */
export class EvolveError extends Error {
  constructor(
    readonly seq: number,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

export type Intervals = Pick<RowVersion, 'validFrom' | 'validTo' | 'certainFrom' | 'certainTo'>;
/** Rows by the set of members they fold: `p<n>` for the first n in valid-time order, `s<j>` for the certain set of step j. */
type Rows = Map<string, { value: RowValue | null; intervals: Intervals }>;
export type Evolve = (state: unknown, member: Member) => unknown;

/** The projection's `evolve` for one key; what it throws names the member. */
export function evolverOf(projection: AnyProjection, key: string, context: ProjectionContext): Evolve {
  return (state, member) => {
    try {
      return projection.evolve(state, member.development, key, context);
    } catch (error) {
      throw new EvolveError(member.seq, error);
    }
  };
}

const noIntervals = (): Intervals => ({ validFrom: null, validTo: null, certainFrom: null, certainTo: null });

/** The fold of one key: its states, then its possible and certain series, each a small pure step. */
function computeVersions(
  projection: AnyProjection,
  key: string,
  ordered: Member[],
  context: ProjectionContext,
  evolve: Evolve,
): RowVersion[] {
  const after: unknown[] = [];
  for (let i = 0; i < ordered.length; i++) after.push(evolve(i === 0 ? null : after[i - 1], ordered[i]!));
  const values = new RowValues(projection, key, context, ordered, after);
  const rows: Rows = new Map();
  possibleSeries(ordered, values, rows);
  certainSeries(ordered, after, evolve, values, rows);
  const versions: RowVersion[] = [];
  for (const { value, intervals } of rows.values()) if (value) versions.push(versionOf(intervals, value));
  return versions;
}

/** A version from its intervals and its value (one shape for every version: cheaper than spreading both). */
export function versionOf(intervals: Intervals, value: RowValue): RowVersion {
  return {
    validFrom: intervals.validFrom,
    validTo: intervals.validTo,
    certainFrom: intervals.certainFrom,
    certainTo: intervals.certainTo,
    since: value.since,
    reported: value.reported,
    json: value.json,
    indexed: value.indexed,
    placements: value.placements,
    expectations: value.expectations,
  };
}

/** Row values: those of prefixes of the valid-time order and of other member sets. */
class RowValues {
  private readonly prefixRows = new Map<number, RowValue | null>();
  /** The edge of the evidence of each prefix of the valid-time order. */
  private readonly prefixReport: Report[] = [];
  private readonly anyExpectations: boolean;

  constructor(
    private readonly projection: AnyProjection,
    private readonly key: string,
    private readonly context: ProjectionContext,
    private readonly ordered: readonly Member[],
    private readonly after: readonly unknown[],
  ) {
    this.anyExpectations = ordered.some((m) => m.development.expectations.length > 0);
    for (let i = 0; i < ordered.length; i++)
      this.prefixReport.push(later(this.prefixReport[i - 1], reportOf(ordered[i]!)));
  }

  /** The row of the first n members. */
  prefix(n: number): RowValue | null {
    let row = this.prefixRows.get(n);
    if (row === undefined) {
      row = this.of(() => this.ordered.slice(0, n), this.after[n - 1], this.ordered[n - 1]!, this.prefixReport[n - 1]!);
      this.prefixRows.set(n, row);
    }
    return row;
  }

  /** The row of a set of members whose last state is `state`. */
  of(subset: () => Member[], state: unknown, last: Member, report: Report): RowValue | null {
    return rowValueOf(
      this.projection,
      this.key,
      this.context,
      () => (this.anyExpectations ? subset() : []),
      state,
      last,
      report,
    );
  }
}

/**
 * The row of a set of members (`subset`, in valid-time order, asked for only to gather their
 * expectations) whose last state is `state`; null when the fold removed the row.
 */
export function rowValueOf(
  projection: AnyProjection,
  key: string,
  context: ProjectionContext,
  subset: () => readonly Member[],
  state: unknown,
  last: Member,
  report: Report,
): RowValue | null {
  if (state === null || state === undefined) return null;
  const expectations = expectationsOf(subset());
  return {
    json: JSON.stringify(expectations.length > 0 ? { ...(state as object), expectations } : state),
    indexed: projection.indexed(state, key),
    placements: projection.placements?.(state, key, context) ?? [],
    expectations,
    since: last.development.date.edtf,
    reported: report.date,
  };
}

/** The possible series: a version from each member's first day (the last of a day's members) to the next's. */
function possibleSeries(ordered: readonly Member[], values: RowValues, rows: Rows): void {
  for (let i = 0; i < ordered.length; i++) {
    const day = ordered[i]!.earliest;
    if (ordered[i + 1]?.earliest === day) continue;
    rows.set(`p${i + 1}`, {
      value: values.prefix(i + 1),
      intervals: { ...noIntervals(), validFrom: day, validTo: ordered[i + 1]?.earliest ?? END_OF_TIME },
    });
  }
}

/**
 * The certain series: members join in order of their certain-from day; the set is folded in
 * valid-time order, again only from the first member that joined out of order. A set that is a
 * prefix of the valid-time order shares the possible series' version. Certain only while its
 * evidence covers the day: past its last report the row is unconfirmed.
 */
function certainSeries(
  ordered: readonly Member[],
  after: readonly unknown[],
  evolve: Evolve,
  values: RowValues,
  rows: Rows,
): void {
  const certain = ordered
    .map((member, index) => ({ member, index }))
    .filter((m) => m.member.certainFrom !== null)
    .sort((a, b) =>
      a.member.certainFrom! < b.member.certainFrom!
        ? -1
        : a.member.certainFrom! > b.member.certainFrom!
          ? 1
          : a.index - b.index,
    );
  const included: number[] = [];
  const subsetAfter: unknown[] = [];
  let gap = 0;
  const isIn = new Set<number>();
  let certainReport: Report | undefined;
  for (let j = 0; j < certain.length; j++) {
    const { index } = certain[j]!;
    certainReport = later(certainReport, reportOf(ordered[index]!));
    let at = included.length;
    while (at > 0 && included[at - 1]! > index) at -= 1;
    included.splice(at, 0, index);
    subsetAfter.length = Math.min(subsetAfter.length, at);
    isIn.add(index);
    while (isIn.has(gap)) gap += 1;
    const day = certain[j]!.member.certainFrom!;
    if (certain[j + 1]?.member.certainFrom === day) continue;
    const to = certain[j + 1]?.member.certainFrom ?? END_OF_TIME;
    let id: string;
    let value: RowValue | null;
    if (gap === included.length) {
      id = `p${gap}`;
      value = values.prefix(gap);
      for (let i = subsetAfter.length; i < included.length; i++) subsetAfter.push(after[i]);
    } else {
      for (let i = subsetAfter.length; i < included.length; i++) {
        subsetAfter.push(evolve(i === 0 ? null : subsetAfter[i - 1], ordered[included[i]!]!));
      }
      id = `s${j}`;
      value = values.of(
        () => included.map((i) => ordered[i]!),
        subsetAfter[included.length - 1],
        ordered[included[included.length - 1]!]!,
        certainReport!,
      );
    }
    const edge = dayAfter(certainReport!.day);
    const until = edge < to ? edge : to;
    if (day >= until) continue;
    const row = rows.get(id) ?? { value, intervals: noIntervals() };
    row.intervals.certainFrom = day;
    row.intervals.certainTo = until;
    rows.set(id, row);
  }
}

/** The expectations the members set, each met by a later-or-any member of the expected type among them. */
export function expectationsOf(subset: readonly Member[]): RowExpectation[] {
  return subset.flatMap((setter) =>
    setter.development.expectations.map((e) => {
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
        ...(meeting
          ? {
              met: { by: meeting.development.id, date: meeting.development.date.edtf, onTime: meeting.earliest <= due },
            }
          : {}),
      };
    }),
  );
}
