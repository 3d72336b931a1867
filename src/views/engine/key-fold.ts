import type { AnyProjection, ProjectionContext } from '../../../projections/index.js';
import {
  byValidTime,
  dayAfter,
  END_OF_TIME,
  EvolveError,
  evolverOf,
  later,
  reportOf,
  rowValueOf,
  versionsOf,
  versionOf,
  type Evolve,
  type Intervals,
  type Member,
  type Report,
  type RowValue,
  type RowVersion,
} from './fold.js';

/**
 * A set of members folded in valid-time order, as a chain: the member folded last, the chain
 * before it and the state after it. Chains share their beginnings, so the prefixes of a key's
 * valid-time order and the sets of its certain series cost one link each.
 */
interface Link {
  parent: Link | undefined;
  member: Member;
  depth: number;
  state: unknown;
  /** The edge of the evidence of the chain's members, gathered in valid-time order. */
  report: Report;
  /** How many of the chain's members set expectations. */
  setters: number;
  /** The row of the chain (cached); null when the fold removed the row. */
  value?: RowValue | null;
}

/** One step of the certain series: a member joins the certain set. */
interface Step {
  /** The certain set after this step, folded in valid-time order. */
  link: Link;
  /** How many leading members of the valid-time order the set holds. */
  gap: number;
  /** The edge of the set's evidence, gathered in the order members became certain. */
  report: Report;
  /** The row the step's certain interval was written to, if it wrote one. */
  row?: Link;
}

/** A row whose version changed in a fold: what was stored under it, and what is now (undefined: none). */
export interface RowDelta {
  id: object;
  before?: RowVersion;
  after?: RowVersion;
}

/**
 * The fold of one key kept between its membership changes, for a bulk build that replays a key's
 * history: it gives the same versions as `versionsOf` over the live members, but refolds only what
 * follows the earliest change — the members after it in valid-time order, the steps of the certain
 * series from the one before it — and reports only the rows that changed. A key of n members is
 * then built in time linear in n when its developments arrive in order, where folding it whole
 * after each change is quadratic.
 *
 * When a member cannot be folded (the projection throws), the key is folded whole by `versionsOf`,
 * which sets such members aside, until they leave.
 */
export class KeyFold {
  private readonly evolve: Evolve;
  /** Live members in valid-time order. */
  private readonly ordered: Member[] = [];
  /** Those with a certain-from day, in the order they become certain. */
  private readonly certain: Member[] = [];
  /** prefix[i]: the chain of ordered[0..i]. */
  private prefix: Link[] = [];
  private steps: Step[] = [];
  /** Intervals of each incremental row (a chain). */
  private readonly intervals = new Map<Link, Intervals>();
  /** The versions stored now, by row. */
  private current = new Map<object, RowVersion>();
  /** The first index of `ordered`, and of `certain`, a change since the last fold touched. */
  private from = 0;
  private firstStep = 0;
  /** Whether the chains must be built again from nothing (at first, and after a whole fold). */
  private rebuild = true;

  constructor(
    private readonly projection: AnyProjection,
    private readonly key: string,
    private readonly context: ProjectionContext,
  ) {
    this.evolve = evolverOf(projection, key, context);
  }

  add(member: Member): void {
    const at = insertionPoint(this.ordered, member, byValidTime);
    this.ordered.splice(at, 0, member);
    this.from = Math.min(this.from, at);
    if (member.certainFrom !== null) {
      const step = insertionPoint(this.certain, member, byCertainFrom);
      this.certain.splice(step, 0, member);
      this.firstStep = Math.min(this.firstStep, step);
    }
  }

  remove(member: Member): void {
    const at = insertionPoint(this.ordered, member, byValidTime);
    if (this.ordered[at] !== member) throw new Error(`member ${member.seq} is not in key ${this.key}`);
    this.ordered.splice(at, 1);
    this.from = Math.min(this.from, at);
    if (member.certainFrom !== null) {
      const step = insertionPoint(this.certain, member, byCertainFrom);
      this.certain.splice(step, 1);
      this.firstStep = Math.min(this.firstStep, step);
    }
  }

  /** Folds what changed since the last fold: the rows whose versions changed, and the members set aside. */
  fold(): { deltas: RowDelta[]; failed: { seq: number; error: string }[] } {
    const touched = new Set<Link>();
    const deltas: RowDelta[] = [];
    try {
      if (this.rebuild) {
        this.prefix = [];
        this.steps = [];
        this.intervals.clear();
        this.chains(0, 0, touched);
        // The rows came from a whole fold (or none): every one is compared again.
        for (const [id, before] of this.current) deltas.push({ id, before });
        this.current = new Map();
        this.rebuild = false;
      } else {
        this.chains(this.from, this.firstStep, touched);
      }
    } catch (error) {
      if (!(error instanceof EvolveError)) throw error;
      return this.foldWhole();
    }
    this.from = this.ordered.length;
    this.firstStep = this.certain.length;
    for (const link of touched) {
      const before = this.current.get(link);
      const after = this.versionOf(link, before);
      if (before === after) continue;
      if (after) this.current.set(link, after);
      else this.current.delete(link);
      deltas.push({ id: link, before, after });
    }
    return { deltas, failed: [] };
  }

  /** The whole fold by `versionsOf` (which sets aside members it cannot fold), every stored row compared again. */
  private foldWhole(): { deltas: RowDelta[]; failed: { seq: number; error: string }[] } {
    const fold = versionsOf(this.projection, this.key, this.ordered, this.context);
    const deltas: RowDelta[] = [...this.current].map(([id, before]) => ({ id, before }));
    this.current = new Map();
    for (const after of fold.versions) {
      const id = {};
      this.current.set(id, after);
      deltas.push({ id, after });
    }
    this.rebuild = true;
    return { deltas, failed: fold.failed };
  }

  /** The version of a chain's row now (the stored one when nothing in it changed); undefined when it has none. */
  private versionOf(link: Link, before: RowVersion | undefined): RowVersion | undefined {
    const intervals = this.intervals.get(link);
    if (!intervals || (intervals.validFrom === null && intervals.certainFrom === null)) {
      this.intervals.delete(link);
      return undefined;
    }
    const value = link.value;
    if (!value) return undefined;
    if (
      before &&
      sameIntervals(before, intervals) &&
      before.json === value.json &&
      before.since === value.since &&
      before.reported === value.reported
    )
      return before;
    return versionOf(intervals, value);
  }

  /**
   * The possible series from member `from` on, and the certain series from step `firstStep` on,
   * each from the one before (whose interval ends where the changed one begins).
   */
  private chains(from: number, firstStep: number, touched: Set<Link>): void {
    const { ordered, certain } = this;
    // Possible series: the chains of the prefixes from `from` on are new.
    const keep = Math.max(0, from - 1);
    for (let i = keep; i < this.prefix.length; i++) this.setValid(this.prefix[i]!, null, null, touched);
    this.prefix.length = Math.min(this.prefix.length, from);
    for (let i = this.prefix.length; i < ordered.length; i++)
      this.prefix.push(this.extend(this.prefix[i - 1], ordered[i]!));
    for (let i = keep; i < ordered.length; i++) {
      const day = ordered[i]!.earliest;
      if (ordered[i + 1]?.earliest === day) continue;
      const link = this.prefix[i]!;
      this.prefixValue(link);
      this.setValid(link, day, ordered[i + 1]?.earliest ?? END_OF_TIME, touched);
    }

    // Certain series: a step is unchanged while the members that became certain before it are,
    // and the prefix it covers ends before the first changed member.
    let unchanged = Math.min(firstStep, certain.length);
    let low = 0;
    let high = Math.min(unchanged, this.steps.length);
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.steps[mid]!.gap >= from) high = mid;
      else low = mid + 1;
    }
    unchanged = Math.min(unchanged, low);
    const restart = Math.max(0, unchanged - 1);
    for (let j = restart; j < this.steps.length; j++) {
      const row = this.steps[j]!.row;
      if (row) this.setCertain(row, null, null, touched);
    }
    this.steps.length = Math.min(this.steps.length, unchanged);
    for (let j = this.steps.length; j < certain.length; j++) this.steps.push(this.step(j));
    for (let j = restart; j < certain.length; j++) {
      const step = this.steps[j]!;
      step.row = undefined;
      const day = certain[j]!.certainFrom!;
      if (certain[j + 1]?.certainFrom === day) continue;
      const to = certain[j + 1]?.certainFrom ?? END_OF_TIME;
      const edge = dayAfter(step.report.day);
      const until = edge < to ? edge : to;
      if (day >= until) continue;
      step.row = step.link;
      this.setCertain(step.link, day, until, touched);
    }
  }

  /** Step j of the certain series, from step j - 1. */
  private step(j: number): Step {
    const member = this.certain[j]!;
    const before = this.steps[j - 1];
    const report = later(before?.report, reportOf(member));
    // The member joins the set at its place in valid-time order: the chain is folded again from there.
    const tail: Member[] = [];
    let link = before?.link;
    while (link && byValidTime(link.member, member) > 0) {
      tail.push(link.member);
      link = link.parent;
    }
    link = this.extend(link, member);
    for (let i = tail.length - 1; i >= 0; i--) link = this.extend(link, tail[i]!);
    let gap = before?.gap ?? 0;
    while (gap < this.ordered.length && isCertainBy(this.ordered[gap]!, member)) gap += 1;
    if (gap === link.depth) {
      link = this.prefix[gap - 1]!;
      this.prefixValue(link);
    } else if (link.value === undefined) {
      link.value = this.rowOf(link, report);
    }
    return { link, gap, report };
  }

  /** A chain one member longer: the prefix's own link where it is one. */
  private extend(parent: Link | undefined, member: Member): Link {
    const depth = (parent?.depth ?? 0) + 1;
    const own = this.prefix[depth - 1];
    if (own && own.member === member && own.parent === parent) return own;
    return {
      parent,
      member,
      depth,
      state: this.evolve(parent ? parent.state : null, member),
      report: later(parent?.report, reportOf(member)),
      setters: (parent?.setters ?? 0) + (member.development.expectations.length > 0 ? 1 : 0),
    };
  }

  private prefixValue(link: Link): void {
    if (link.value === undefined) link.value = this.rowOf(link, link.report);
  }

  private rowOf(link: Link, report: Report): RowValue | null {
    return rowValueOf(
      this.projection,
      this.key,
      this.context,
      () => (link.setters > 0 ? membersOf(link) : []),
      link.state,
      link.member,
      report,
    );
  }

  private setValid(link: Link, from: string | null, to: string | null, touched: Set<Link>): void {
    const intervals = this.intervalsOf(link);
    intervals.validFrom = from;
    intervals.validTo = to;
    touched.add(link);
  }

  private setCertain(link: Link, from: string | null, to: string | null, touched: Set<Link>): void {
    const intervals = this.intervalsOf(link);
    intervals.certainFrom = from;
    intervals.certainTo = to;
    touched.add(link);
  }

  private intervalsOf(link: Link): Intervals {
    let intervals = this.intervals.get(link);
    if (!intervals) {
      intervals = { validFrom: null, validTo: null, certainFrom: null, certainTo: null };
      this.intervals.set(link, intervals);
    }
    return intervals;
  }
}

/** The members of a chain in valid-time order. */
function membersOf(link: Link): Member[] {
  const members: Member[] = [];
  for (let l: Link | undefined = link; l; l = l.parent) members.push(l.member);
  return members.reverse();
}

/** The order members become certain in: their certain-from day, then valid-time order. */
function byCertainFrom(a: Member, b: Member): number {
  return a.certainFrom! < b.certainFrom! ? -1 : a.certainFrom! > b.certainFrom! ? 1 : byValidTime(a, b);
}

/** Whether `member` is certain by the step at which `by` becomes certain. */
function isCertainBy(member: Member, by: Member): boolean {
  return member.certainFrom !== null && byCertainFrom(member, by) <= 0;
}

/** Where `member` stands (or would stand) in a sorted list. */
function insertionPoint(list: readonly Member[], member: Member, order: (a: Member, b: Member) => number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (order(list[mid]!, member) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

function sameIntervals(a: Intervals, b: Intervals): boolean {
  return (
    a.validFrom === b.validFrom &&
    a.validTo === b.validTo &&
    a.certainFrom === b.certainFrom &&
    a.certainTo === b.certainTo
  );
}
