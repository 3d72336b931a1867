import { type DevelopmentState, lastReportOf } from '../../../events/index.js';
import type { AnyProjection, ProjectionContext } from '../../../projections/index.js';
import { byValidTime, versionsOf, type Member, type RowVersion } from '../engine/fold.js';
import { projected } from '../engine/projected.js';
import { filterRefs, rowRefs } from '../engine/refs.js';
import type { RowFilter, TemporalStore } from '../store/temporal-store.js';
import { evidenceOf } from '../engine/evidence.js';
import { presentValue, type ViewRow } from './view-rows.js';
import { runNow, type Steps } from './paced.js';

/**
 * The publication axis: a view as of `asOf`, counting only developments that a source had made
 * public by `publishedBy`. Not stored: each candidate row (one the full view has on that day) is
 * folded again from its members published by then, so the answer never credits a source with
 * what it could not yet have said.
 */
export class PublishedRows {
  constructor(
    private readonly store: TemporalStore,
    private readonly context: ProjectionContext,
  ) {}

  /** Up to `f.limit` rows in key order; `more` tells whether rows after the last may exist. */
  rows(
    projection: AnyProjection,
    vw: number,
    f: RowFilter & { publishedBy: string },
  ): { rows: ViewRow[]; more: boolean } {
    return runNow(this.steps(projection, vw, f));
  }

  /** The same, one step per candidate row (each is folded again): see `paced.ts`. */
  *steps(
    projection: AnyProjection,
    vw: number,
    f: RowFilter & { publishedBy: string },
  ): Steps<{ rows: ViewRow[]; more: boolean }> {
    const rows: ViewRow[] = [];
    let afterKey = f.afterKey;
    for (;;) {
      const candidates = this.store.versionsAsOf(vw, { ...f, afterKey, limit: 200 });
      for (const candidate of candidates) {
        const row = this.row(projection, vw, candidate.key, f);
        if (row) rows.push(row);
        if (rows.length > f.limit) return { rows: rows.slice(0, f.limit), more: true };
        yield;
      }
      if (candidates.length < 200) return { rows, more: false };
      afterKey = candidates[candidates.length - 1]!.key;
    }
  }

  /** One key's row as of `asOf`, from its members published by `publishedBy`; undefined when it has none. */
  row(
    projection: AnyProjection,
    vw: number,
    key: string,
    f: Omit<RowFilter, 'limit'> & { publishedBy: string },
  ): ViewRow | undefined {
    const published = this.store
      .membersKnownAt(vw, key, f.knownAt)
      .filter((m) => m.published_from !== null && m.published_from <= f.publishedBy);
    const ids = new Map(published.map((m) => [m.seq, m.id]));
    const members: (Member & { id: string })[] = published.map((m) => {
      const state = JSON.parse(m.state) as DevelopmentState;
      return {
        seq: m.seq,
        id: m.id,
        earliest: m.earliest,
        latest: m.latest,
        certainFrom: m.certain_from,
        development: projected(state),
        // Only what a source had published by then can be its report.
        reported: lastReportOf(state, f.publishedBy),
      };
    });
    const fold = versionsOf(projection, key, members, this.context);
    const holds = (v: RowVersion) =>
      f.certainOnly
        ? v.certainFrom !== null && v.certainFrom <= f.asOf && f.asOf < v.certainTo!
        : v.validFrom !== null && v.validFrom <= f.asOf && f.asOf < v.validTo!;
    const version = fold.versions.find(holds);
    if (!version) return undefined;
    const refs = rowRefs(version.indexed, this.context.homeCountry);
    if (filterRefs(f).some((r) => !refs.includes(r)) || (f.status && version.indexed.status !== f.status))
      return undefined;
    const included = members.filter(
      (m) =>
        !fold.failed.some((x) => x.seq === m.seq) &&
        (f.certainOnly ? m.certainFrom !== null && m.certainFrom <= f.asOf : m.earliest <= f.asOf),
    );
    const value = presentValue(projection, JSON.parse(version.json) as Record<string, unknown>, f.asOf);
    const evidence = evidenceOf(
      {
        valid_from: version.validFrom,
        valid_to: version.validTo,
        certain_from: version.certainFrom,
        certain_to: version.certainTo,
        since: version.since,
        reported: version.reported,
      },
      f.asOf,
      f.certainOnly ?? false,
      value.status,
    );
    return {
      key,
      ...evidence,
      developments: included.sort(byValidTime).map((m) => ids.get(m.seq)!),
      value,
    };
  }
}
