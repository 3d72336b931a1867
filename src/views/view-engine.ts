import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { dateOf, type DevelopmentState } from '../../events/index.js';
import type { ProjectedDevelopment, Projection, ProjectionContext } from '../../projections/index.js';
import type { DevelopmentVersion } from '../read-model/developments-table.js';
import type { EntitiesTable } from '../read-model/entities-table.js';
import type { ReadModelConsumer } from '../read-model/read-model.js';
import { END_OF_TIME, VIEWS_SCHEMA } from './schema.js';
import { sortKeyOf, ViewMembers, type MemberRow } from './view-members.js';
import { ViewVersions, type DesiredVersion } from './view-versions.js';

export interface LiveView {
  projection: Projection;
  /** Storage name, `name@version`. */
  id: string;
}

export class ViewRebuildingError extends Error {}

/**
 * Keeps every view's temporal rows in step with the developments. A development version touches
 * only the keys it belongs to (before and after), and each key is re-evolved only from the
 * development's place in valid-time order onward; earlier members keep their stored states.
 */
export class ViewEngine implements ReadModelConsumer {
  private readonly members: ViewMembers;
  private readonly versions: ViewVersions;
  private readonly context: ProjectionContext;
  private readonly statuses;
  private readonly setStatus;
  private live: LiveView[] = [];
  private serving = new Map<string, string>();

  constructor(
    private readonly db: Database.Database,
    readonly projections: readonly Projection[],
    entities: EntitiesTable,
    private readonly log?: Logger,
  ) {
    db.exec(VIEWS_SCHEMA);
    this.members = new ViewMembers(db);
    this.versions = new ViewVersions(db);
    const homeCountries = new Map<string, string | undefined>();
    this.context = {
      homeCountry: (ref) => {
        if (!homeCountries.has(ref)) homeCountries.set(ref, entities.get(ref)?.homeCountry);
        return homeCountries.get(ref);
      },
    };
    this.statuses = db.prepare<[], { name: string; version: number; status: string; built_to: number }>('SELECT * FROM views');
    this.setStatus = db.prepare(
      `INSERT INTO views (name, version, status, built_to) VALUES (?, ?, ?, ?)
       ON CONFLICT (name, version) DO UPDATE SET status = excluded.status, built_to = excluded.built_to`);
    this.register();
  }

  /** Re-reads which views are live, so that a rebuild by another process is seen. */
  refresh(): void {
    const statuses = this.statuses.all().filter((s) => s.status === 'live').sort((a, b) => a.version - b.version);
    const live = new Set(statuses.map((s) => `${s.name}@${s.version}`));
    this.live = this.projections.map((p) => ({ projection: p, id: `${p.name}@${p.version}` })).filter((v) => live.has(v.id));
    this.serving = new Map(statuses.map((s) => [s.name, `${s.name}@${s.version}`]));
  }

  beforeBatch(): void {
    this.refresh();
  }

  /** The stored rows that answer queries for a view: its newest live definition, or undefined while it is first built. */
  servingId(name: string): string | undefined {
    return this.serving.get(name);
  }

  /** Views whose definition is new to this read model: built from the development history. */
  pending(): Projection[] {
    const known = new Map(this.statuses.all().map((s) => [`${s.name}@${s.version}`, s.status]));
    return this.projections.filter((p) => known.get(`${p.name}@${p.version}`) !== 'live');
  }

  /** Events reach the views through the developments table (`applyVersion`); nothing to do per raw event. */
  apply(): void {}

  applyVersion(version: DevelopmentVersion): void {
    for (const view of this.live) {
      if (view.projection.handles.includes(version.state.type)) this.applyTo(view, version);
    }
  }

  /** Feeds one development version to one view. */
  applyTo(view: LiveView, { seq, state, json, recordedAt }: DevelopmentVersion): void {
    const { projection, id } = view;
    const before = this.members.keysOfDevelopment.all(id, state.id);
    const date = dateOf(state);
    const sortKey = sortKeyOf(date.earliest, date.latest, seq);
    const keys = state.retracted ? [] : projection.keysOf(projected(state), this.context);
    this.members.deleteKeys.run(id, state.id);
    for (const old of before) this.members.deleteMember.run(id, old.key, old.sort_key);
    for (const key of keys) {
      this.members.insertKey.run(id, state.id, key, sortKey);
      this.members.insertMember.run(id, key, sortKey, state.id, json, date.earliest, date.latest);
    }
    // Per key: where the valid-time order and the certain series change, the earlier of before and after.
    const from = new Map<string, { sortFrom: string; latestFrom: string }>();
    const earlier = (a: string | undefined, b: string) => (a !== undefined && a < b ? a : b);
    for (const { key, sort_key } of before) from.set(key, { sortFrom: sort_key, latestFrom: latestOf(sort_key) });
    for (const key of keys) {
      const old = from.get(key);
      from.set(key, { sortFrom: earlier(old?.sortFrom, sortKey), latestFrom: earlier(old?.latestFrom, date.latest) });
    }
    for (const [key, { sortFrom, latestFrom }] of from) this.reevolve(view, key, sortFrom, latestFrom, recordedAt);
  }

  /** Re-evolves a key from the member at `sortFrom` on and rewrites its versions from there. */
  private reevolve({ projection, id }: LiveView, key: string, sortFrom: string, latestFrom: string, recordedAt: string): void {
    const previous = this.members.previous.get(id, key, sortFrom);
    const following = this.members.from.all(id, key, sortFrom);
    let state: unknown = previous ? JSON.parse(previous.state) : null;
    let certainFrom = previous?.certain_from ?? '';
    let provenance: string[] = previous ? (JSON.parse(previous.provenance) as string[]) : [];
    const chain: MemberRow[] = previous ? [previous] : [];
    for (const member of following) {
      const development = projected(JSON.parse(member.development) as DevelopmentState);
      state = projection.evolve(state, development, key, this.context);
      certainFrom = member.latest > certainFrom ? member.latest : certainFrom;
      provenance = provenance.includes(member.development_id) ? provenance : [...provenance, member.development_id];
      const row = { ...member, state: JSON.stringify(state), certain_from: certainFrom, provenance: JSON.stringify(provenance) };
      this.members.updateMember.run(row.state, row.certain_from, row.provenance, id, key, member.sort_key);
      chain.push(row);
    }
    const desired: DesiredVersion[] = [];
    chain.forEach((member, i) => {
      const validTo = chain[i + 1]?.earliest ?? END_OF_TIME;
      if (member.earliest >= validTo || member.state === 'null') return;
      desired.push({
        validFrom: member.earliest, validTo, certainFrom: member.certain_from, state: member.state,
        provenance: member.provenance, indexed: projection.indexed(JSON.parse(member.state), key),
      });
    });
    this.versions.write(id, 'possible', key, previous?.earliest ?? '', desired, recordedAt);
    this.writeCertain({ projection, id }, key, latestFrom, recordedAt);
  }

  /**
   * The certain series: as of D, the fold of the members whose latest day is on or before D. It
   * changes only on members' latest days, and only from `latestFrom` on; when the members certain
   * by a day are a prefix of the valid-time order, the possible series' state there is the answer.
   * Only the members' small columns are read for all of them; states only where needed.
   */
  private writeCertain({ projection, id }: LiveView, key: string, latestFrom: string, recordedAt: string): void {
    const members = this.members.outline.all(id, key);
    const byLatest = members.map((member, index) => ({ member, index })).sort((a, b) => (a.member.latest < b.member.latest ? -1 : a.member.latest > b.member.latest ? 1 : a.index - b.index));
    const days = [...new Set(byLatest.map((m) => m.member.latest))];
    const changed = days.findIndex((day) => day >= latestFrom);
    const start = changed === -1 ? Math.max(0, days.length - 1) : Math.max(0, changed - 1);
    const desired: DesiredVersion[] = [];
    const included: number[] = [];
    let lastIndex = -1;
    let dayIndex = 0;
    for (let i = 0; i < byLatest.length; i++) {
      const { member, index } = byLatest[i]!;
      included.push(index);
      lastIndex = Math.max(lastIndex, index);
      if (byLatest[i + 1]?.member.latest === member.latest) continue;
      const day = member.latest;
      dayIndex += 1;
      if (dayIndex - 1 < start) continue;
      let state: string;
      let provenance: string;
      if (lastIndex === included.length - 1) {
        ({ state, provenance } = this.members.stateAt.get(id, key, members[lastIndex]!.sort_key)!);
      } else {
        const chain = [...included].sort((a, b) => a - b).map((j) => members[j]!);
        let folded: unknown = null;
        for (const m of chain) {
          const development = JSON.parse(this.members.developmentAt.get(id, key, m.sort_key)!.development) as DevelopmentState;
          folded = projection.evolve(folded, projected(development), key, this.context);
        }
        state = JSON.stringify(folded);
        provenance = JSON.stringify([...new Set(chain.map((m) => m.development_id))]);
      }
      if (state === 'null') continue;
      desired.push({
        validFrom: day, validTo: byLatest[i + 1]?.member.latest ?? END_OF_TIME, certainFrom: day, state, provenance,
        indexed: projection.indexed(JSON.parse(state), key),
      });
    }
    // Versions before the region are untouched: their days, and the next day after each, stand.
    this.versions.write(id, 'certain', key, start === 0 ? '' : days[start]!, desired, recordedAt);
  }

  /** Marks a view as being built from scratch, dropping its rows. */
  reset(projection: Projection): void {
    const id = `${projection.name}@${projection.version}`;
    this.db.transaction(() => {
      for (const table of ['view_members', 'view_keys', 'view_versions', 'view_refs']) {
        this.db.prepare(`DELETE FROM ${table} WHERE view = ?`).run(id);
      }
      this.setStatus.run(projection.name, projection.version, 'building', 0);
    })();
    this.refresh();
  }

  /**
   * Builds a view from the development history in chunks, each its own transaction, yielding
   * between them; the last chunk and the switch to live happen in one transaction, then the
   * view's older definitions are dropped.
   */
  async build(projection: Projection, onProgress?: (done: number, total: number) => void, chunk = 5000): Promise<void> {
    const view: LiveView = { projection, id: `${projection.name}@${projection.version}` };
    const status = this.statuses.all().find((s) => s.name === projection.name && s.version === projection.version);
    let builtTo = status?.status === 'building' ? status.built_to : 0;
    if (!status || status.status !== 'building') this.reset(projection);
    const rows = this.db.prepare<[number, number], { vid: number; seq: number; state: string; recorded_from: string }>(
      'SELECT vid, seq, state, recorded_from FROM development_versions WHERE vid > ? ORDER BY vid LIMIT ?');
    const total = () => (this.db.prepare<[], { n: number | null }>('SELECT max(vid) AS n FROM development_versions').get()?.n ?? 0);
    for (;;) {
      const done = this.db.transaction(() => {
        const batch = rows.all(builtTo, chunk);
        for (const row of batch) {
          const state = JSON.parse(row.state) as DevelopmentState;
          if (projection.handles.includes(state.type)) this.applyTo(view, { vid: row.vid, seq: row.seq, state, json: row.state, recordedAt: row.recorded_from });
          builtTo = row.vid;
        }
        const finished = batch.length < chunk;
        this.setStatus.run(projection.name, projection.version, finished ? 'live' : 'building', builtTo);
        if (finished) this.dropOlderVersions(projection);
        return finished;
      }).immediate();
      onProgress?.(builtTo, total());
      if (done) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.refresh();
    this.log?.info({ view: view.id }, 'view built');
  }

  private dropOlderVersions(projection: Projection): void {
    for (const old of this.statuses.all().filter((s) => s.name === projection.name && s.version !== projection.version)) {
      const id = `${old.name}@${old.version}`;
      for (const table of ['view_members', 'view_keys', 'view_versions', 'view_refs']) {
        this.db.prepare(`DELETE FROM ${table} WHERE view = ?`).run(id);
      }
      this.db.prepare('DELETE FROM views WHERE name = ? AND version = ?').run(old.name, old.version);
    }
  }

  /** A fresh read model starts every view live and empty; otherwise new definitions are registered for building. */
  private register(): void {
    const empty = !this.db.prepare('SELECT 1 FROM development_versions LIMIT 1').get();
    const known = new Set(this.statuses.all().map((s) => `${s.name}@${s.version}`));
    for (const p of this.projections) {
      if (!known.has(`${p.name}@${p.version}`)) this.setStatus.run(p.name, p.version, empty ? 'live' : 'building', 0);
    }
    this.refresh();
  }
}

/** The latest day held in a member's sort key (`earliest|latest|seq`). */
function latestOf(sortKey: string): string {
  return sortKey.split('|')[1]!;
}

export function projected(state: DevelopmentState): ProjectedDevelopment {
  return {
    id: state.id, type: state.type, date: dateOf(state), summary: state.summary,
    subjects: state.subjects, sources: state.sources, data: state.data,
  };
}
