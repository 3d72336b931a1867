import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { AnyProjection, ProjectionContext } from '../../../projections/index.js';
import type { DevelopmentVersion } from '../../read-model/developments-table.js';
import { versionsOf, type Member } from '../engine/fold.js';
import { keysOfVersion, memberOf } from '../engine/keying.js';
import { TemporalStore, type MemberRecord, type ViewDef } from '../store/temporal-store.js';
import { inSlice, SliceBudget } from './slice-budget.js';
import { turn } from './turn.js';

export interface LiveView {
  projection: AnyProjection;
  vw: number;
}

/** How the views stand, for readiness: which are being built, and developments set aside per view. */
export interface ViewsHealth {
  building: string[];
  /** Views with no built definition to answer from: each answers 503 until its build is done. */
  unserved: string[];
  setAside: Record<string, number>;
  /** The first developments set aside, for an operator to look at. */
  items: { view: string; development: string; error: string; since: string }[];
}

/**
 * Keeps every view's temporal rows in step with the development history. A development version
 * touches only the keys it belongs to (before and after); each of them is folded again from its
 * members by the pure `versionsOf`, and the store writes what changed at the version's
 * transaction time. A projection that throws on a development sets that development aside for
 * that view (logged and counted); everything else goes on.
 */
export class ViewEngine {
  readonly store: TemporalStore;
  readonly context: ProjectionContext;
  private live: LiveView[] = [];
  private serving = new Map<string, number>();

  constructor(
    db: Database.Database,
    readonly projections: readonly AnyProjection[],
    homeCountry: (ref: string) => string | undefined,
    private readonly log?: Logger,
    parentOf?: (ref: string) => string | undefined,
  ) {
    this.store = new TemporalStore(db, homeCountry);
    this.context = parentOf ? { homeCountry, parentOf } : { homeCountry };
    this.register();
  }

  /** Re-reads which views are live, so that a build by another process is seen. */
  refresh(): void {
    const defs = this.store.defs();
    const byId = new Map(defs.map((d) => [`${d.name}@${d.version}`, d]));
    this.live = this.projections.flatMap((projection) => {
      const def = byId.get(`${projection.name}@${projection.version}`);
      return def?.status === 'live' ? [{ projection, vw: def.vw }] : [];
    });
    // A view answers from its newest live definition while a newer one is built.
    this.serving = new Map(
      defs
        .filter((d) => d.status === 'live')
        .sort((a, b) => a.version - b.version)
        .map((d) => [d.name, d.vw]),
    );
  }

  /** The stored rows that answer queries for a view, or undefined while it is first built. */
  servingVw(name: string): number | undefined {
    return this.serving.get(name);
  }

  /** The views whose placements make the footprint: those of them that answer. */
  footprintVws(): number[] {
    return this.projections
      .filter((p) => p.placements)
      .map((p) => this.servingVw(p.name))
      .filter((vw) => vw !== undefined);
  }

  /**
   * Makes the footprint's counts over time again when the views that answer are not those they were
   * made of (a view built anew, a first start on a read model that has none), a slice at a time,
   * yielding between slices; each write keeps them meanwhile and after.
   */
  async countFootprint(signal?: AbortSignal): Promise<void> {
    if (this.store.footprint.countedOver(this.footprintVws())) return;
    // The views that answer are asked again at each slice: should they change, it starts again for them.
    // Each slice reads and writes for as long as its commits leave, from 8 ms (at a million
    // developments a commit of the counts takes as long as the work that wrote them).
    const budget = new SliceBudget({ firstMs: 8, minMs: 2 });
    for (;;) {
      await turn();
      if (signal?.aborted) break;
      const done = inSlice(
        budget,
        (work) => this.store.transaction(work, true),
        (ms) => this.store.footprint.recountSome(this.footprintVws(), ms),
      );
      if (done) break;
    }
    if (!signal?.aborted) this.log?.info({ vws: this.footprintVws() }, "the footprint's counts over time made");
  }

  projection(name: string): AnyProjection | undefined {
    return this.projections.find((p) => p.name === name);
  }

  /** Definitions new to this read model: built from the development history. */
  pending(): { projection: AnyProjection; def: ViewDef }[] {
    const defs = this.store.defs();
    return this.projections.flatMap((projection) => {
      const def = defs.find((d) => d.name === projection.name && d.version === projection.version);
      return def && def.status === 'building' ? [{ projection, def }] : [];
    });
  }

  health(): ViewsHealth {
    const defs = this.store.defs();
    const counts = this.store.failureCounts();
    const setAside: Record<string, number> = {};
    for (const def of defs) if (counts.get(def.vw)) setAside[def.name] = counts.get(def.vw)!;
    const items = this.store.failureItems();
    const unserved = this.projections.filter((p) => this.servingVw(p.name) === undefined).map((p) => p.name);
    return { building: this.pending().map((p) => p.projection.name), unserved, setAside, items };
  }

  /** Called inside each read-model batch before its first event. */
  beforeBatch(): void {
    this.refresh();
  }

  /** Feeds one development version, just stored in the history, to every live view that reads its type. */
  applyVersion(version: DevelopmentVersion): void {
    for (const view of this.live) {
      if (view.projection.handles.includes(version.state.type)) this.applyTo(view, version);
    }
  }

  /** Feeds one development version to one view: its memberships change, and the keys it left or joined are folded again. */
  applyTo({ projection, vw }: LiveView, { vid, seq, state, timing, recordedAt }: DevelopmentVersion): void {
    this.store.setFailures(vw, [seq], [], recordedAt);
    const before = this.store.liveMembersOfSeq(vw, seq);
    const { keys, error } = keysOfVersion(projection, state, this.context);
    if (error !== undefined) this.setAside(projection, vw, seq, state.id, error, recordedAt);
    for (const member of before) this.store.endMember(member, recordedAt);
    const member = { seq, id: state.id, vid, timing, recordedFrom: recordedAt, recordedTo: null };
    for (const key of keys) this.store.addMember(vw, key, member);
    for (const key of new Set([...before.map((m) => m.key), ...keys])) this.refold({ projection, vw }, key, recordedAt);
  }

  /** Folds a key again from its current members and writes what changed at `recordedAt`. */
  refold({ projection, vw }: LiveView, key: string, recordedAt: string): void {
    const records = this.store.liveMembersOfKey(vw, key);
    const fold = versionsOf(projection, key, records.map(memberOfRecord), this.context);
    for (const failure of fold.failed) {
      this.log?.error(
        { view: projection.name, key, seq: failure.seq, err: failure.error },
        'development set aside: the view could not fold it',
      );
    }
    this.store.setFailures(
      vw,
      records.map((r) => r.seq),
      fold.failed,
      recordedAt,
    );
    this.store.writeKey(vw, key, fold.versions, recordedAt);
  }

  private setAside(
    projection: AnyProjection,
    vw: number,
    seq: number,
    id: string,
    error: string,
    recordedAt: string,
  ): void {
    this.log?.error(
      { view: projection.name, development: id, err: error },
      'development set aside: the view could not key it',
    );
    this.store.setFailures(vw, [seq], [{ seq, error }], recordedAt);
  }

  /** Deletes retired definitions' rows, a slice at a time, yielding between slices. */
  async dropRetired(signal?: AbortSignal): Promise<void> {
    for (const def of this.store.defs().filter((d) => d.status === 'dropping')) {
      do await turn();
      while (!signal?.aborted && !this.store.transaction(() => this.store.dropSome(def.vw)));
    }
  }

  /** Sets views to be built again from the development history (`ready()` builds them). */
  markForBuild(projections: readonly AnyProjection[]): void {
    this.store.transaction(() => {
      for (const p of projections) {
        const def = this.store.defs().find((d) => d.name === p.name && d.version === p.version);
        if (def) this.store.setStatus(def.vw, 'building', 0);
      }
    });
    this.refresh();
  }

  /** Makes a built view live and retires the view's older definitions (`dropRetired` deletes them), in the caller's transaction. */
  goLive(def: ViewDef, builtTo: number): void {
    this.store.setStatus(def.vw, 'live', builtTo);
    for (const old of this.store.defs().filter((d) => d.name === def.name && d.vw !== def.vw))
      this.store.setStatus(old.vw, 'dropping', old.builtTo);
    this.refresh();
    this.log?.info({ view: `${def.name}@${def.version}` }, 'view live');
  }

  /** Registers each projection's definition; one new to this read model waits to be built (`ready()`). */
  private register(): void {
    const known = new Set(this.store.defs().map((d) => `${d.name}@${d.version}`));
    for (const p of this.projections)
      if (!known.has(`${p.name}@${p.version}`)) this.store.addDef(p.name, p.version, 'building');
    this.refresh();
  }
}

/** A member as the fold takes it, from its stored record. */
export function memberOfRecord(record: MemberRecord): Member {
  return memberOf(record.seq, { ...record, certainFrom: record.certain_from });
}
