import type { Logger } from 'pino';
import type { DevelopmentState, Timing } from '../../events/index.js';
import type { AnyProjection } from '../../projections/index.js';
import type { DevelopmentVersion } from '../read-model/developments-table.js';
import { versionsOf, type Member } from './fold.js';
import { rowChanges, type KeyRow } from './key-rows.js';
import { projected } from './projected.js';
import type { RowVersion } from './fold.js';
import type { LiveView, ViewEngine } from './view-engine.js';
import type { ViewDef } from './view-store.js';

/** Work is done in slices of about this long, each its own transaction, so requests keep being answered. */
const SLICE_MS = 25;
const PAGE = 500;

interface VersionRow {
  vid: number; seq: number; type: string; retracted: number; state: string; recorded_from: string;
  earliest: string; latest: string; certain_from: string | null; published_from: string | null;
}

interface Change { vw: number; key: string; vid: number; seq: number; op: number; recorded_at: string }

export interface BuildProgress {
  phase: 'keys' | 'rows' | 'catch-up';
  done: number;
  total: number;
}

/**
 * Builds views from the development history in bulk: one pass keys every development version
 * (in log order), then each key is folded once, in memory, replaying its membership changes in
 * log order so that the rows - including their transaction-time history - are exactly those that
 * applying the versions one by one would give. Versions recorded after the pass started are then
 * applied one by one, and the views go live in the same transaction as the last of them.
 */
export interface BuildOptions {
  onProgress?: (progress: BuildProgress) => void;
  log?: Logger;
  /** Stops the build between slices (on shutdown); it starts again from nothing next time. */
  signal?: AbortSignal;
}

export async function buildViews(
  engine: ViewEngine, pending: readonly { projection: AnyProjection; def: ViewDef }[], options: BuildOptions = {},
): Promise<void> {
  const { onProgress, log, signal } = options;
  if (pending.length === 0) return;
  const db = engine.db;
  const views: LiveView[] = pending.map(({ projection, def }) => ({ projection, vw: def.vw }));
  // A build that was interrupted left rows behind: start it again from nothing.
  engine.db.transaction(() => { for (const view of views) engine.store.clearView(view.vw); })();
  const upTo = (db.prepare('SELECT max(vid) AS n FROM development_versions').get() as { n: number | null }).n ?? 0;
  db.exec('DROP TABLE IF EXISTS temp.build_changes; CREATE TEMP TABLE build_changes (vw INTEGER, key TEXT, vid INTEGER, seq INTEGER, op INTEGER, recorded_at TEXT)');
  const slices = sliced(engine, signal);
  await keyEveryVersion(engine, slices, views, upTo, onProgress);
  db.exec('CREATE INDEX temp.build_changes_order ON build_changes (vw, key, vid, op)');
  await foldEveryKey(engine, slices, views, onProgress);
  db.exec('DROP TABLE temp.build_changes');
  await catchUp(engine, slices, views, pending.map((p) => p.def), upTo, onProgress);
  log?.info({ views: pending.map((p) => `${p.def.name}@${p.def.version}`), upTo }, 'views built');
}

type Slices = (step: () => boolean) => Promise<void>;

/** Runs `step` in slices (each a transaction) until it says it is done, yielding between slices. */
function sliced(engine: ViewEngine, signal: AbortSignal | undefined): Slices {
  return (step) => runSliced(engine, step, signal);
}

async function runSliced(engine: ViewEngine, step: () => boolean, signal: AbortSignal | undefined): Promise<void> {
  for (;;) {
    if (signal?.aborted) throw new Error('view build stopped');
    const started = performance.now();
    const done = engine.db.transaction(() => {
      while (performance.now() - started < SLICE_MS) if (step()) return true;
      return false;
    }).immediate();
    if (done) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** First pass: which keys each development version belongs to, as membership changes in log order. */
async function keyEveryVersion(engine: ViewEngine, sliced: Slices, views: LiveView[], upTo: number, onProgress?: (p: BuildProgress) => void): Promise<void> {
  const db = engine.db;
  const page = db.prepare<[number, number, number], VersionRow>(
    `SELECT vid, seq, type, retracted, state, recorded_from, earliest, latest, certain_from, published_from
     FROM development_versions WHERE vid > ? AND vid <= ? ORDER BY vid LIMIT ?`);
  const insert = db.prepare('INSERT INTO build_changes (vw, key, vid, seq, op, recorded_at) VALUES (?, ?, ?, ?, ?, ?)');
  // Only developments with more than one version can leave a key: remember their keys.
  const revised = new Set(db.prepare<[number], { seq: number }>(
    'SELECT seq FROM development_versions WHERE vid <= ? GROUP BY seq HAVING count(*) > 1').all(upTo).map((r) => r.seq));
  const keysOfSeq = new Map<string, string[]>();
  let after = 0;
  let rows: VersionRow[] = [];
  await sliced(() => {
    if (rows.length === 0) rows = page.all(after, upTo, PAGE);
    const row = rows.shift();
    if (!row) return true;
    after = row.vid;
    const state = JSON.parse(row.state) as DevelopmentState;
    for (const view of views) {
      if (!view.projection.handles.includes(state.type)) continue;
      engine.store.setFailures(view.vw, [row.seq], [], row.recorded_from);
      let keys: string[] = [];
      if (!row.retracted) {
        try {
          keys = [...new Set(view.projection.keysOf(projected(state), engine.context))];
        } catch (error) {
          engine.store.setFailures(view.vw, [row.seq], [{ seq: row.seq, error: (error as Error).message }], row.recorded_from);
        }
      }
      const id = `${view.vw}:${row.seq}`;
      for (const key of keysOfSeq.get(id) ?? []) insert.run(view.vw, key, row.vid, row.seq, 0, row.recorded_from);
      for (const key of keys) insert.run(view.vw, key, row.vid, row.seq, 1, row.recorded_from);
      if (revised.has(row.seq)) keysOfSeq.set(id, keys);
    }
    if (row.vid % 5000 === 0) onProgress?.({ phase: 'keys', done: row.vid, total: upTo });
    return false;
  });
}

interface SimMember { member: Member; vid: number; timing: Timing; recordedFrom: string }
interface SimRow extends KeyRow { version: RowVersion }

/** Second pass: each key's membership changes replayed in memory, its rows written once. */
async function foldEveryKey(engine: ViewEngine, sliced: Slices, views: LiveView[], onProgress?: (p: BuildProgress) => void): Promise<void> {
  const db = engine.db;
  const page = db.prepare<[number, string, number, number, number], Change>(
    `SELECT vw, key, vid, seq, op, recorded_at FROM build_changes
     WHERE (vw, key, vid, op) > (?, ?, ?, ?) ORDER BY vw, key, vid, op LIMIT ?`);
  const version = db.prepare<[number], VersionRow>(
    `SELECT vid, seq, type, retracted, state, recorded_from, earliest, latest, certain_from, published_from
     FROM development_versions WHERE vid = ?`);
  const total = (db.prepare('SELECT count(*) AS n FROM build_changes').get() as { n: number }).n;
  const byVw = new Map(views.map((v) => [v.vw, v]));
  let cursor: [number, string, number, number] = [-1, '', -1, -1];
  let buffered: Change[] = [];
  let exhausted = false;
  let done = 0;
  await sliced(() => {
    // Take one whole key's changes from the buffer, reading more pages while the key may continue.
    while (!exhausted && (buffered.length === 0 || sameKey(buffered[0]!, buffered[buffered.length - 1]!))) {
      const more = page.all(...cursor, PAGE);
      if (more.length < PAGE) exhausted = true;
      if (more.length > 0) {
        const last = more[more.length - 1]!;
        cursor = [last.vw, last.key, last.vid, last.op];
      }
      buffered.push(...more);
    }
    if (buffered.length === 0) return true;
    const first = buffered[0]!;
    let end = 1;
    while (end < buffered.length && sameKey(first, buffered[end]!)) end += 1;
    const changes = buffered.slice(0, end);
    buffered = buffered.slice(end);
    foldKey(engine, byVw.get(first.vw)!, first.key, changes, (vid) => version.get(vid)!);
    done += changes.length;
    if (done % 5000 < changes.length) onProgress?.({ phase: 'rows', done, total });
    return false;
  });
}

function sameKey(a: Change, b: Change): boolean {
  return a.vw === b.vw && a.key === b.key;
}

function foldKey(engine: ViewEngine, { projection, vw }: LiveView, key: string, changes: Change[], read: (vid: number) => VersionRow): void {
  const live = new Map<number, SimMember>();
  const ended: { seq: number; vid: number; timing: Timing; recordedFrom: string; recordedTo: string }[] = [];
  const rows: SimRow[] = [];
  const failures = new Map<number, { error: string; since: string }>();
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i]!;
    const at = change.recorded_at;
    if (change.op === 0) {
      const member = live.get(change.seq);
      if (member) {
        live.delete(change.seq);
        failures.delete(change.seq);
        if (member.recordedFrom !== at) ended.push({ seq: change.seq, vid: member.vid, timing: member.timing, recordedFrom: member.recordedFrom, recordedTo: at });
      }
    } else {
      const row = read(change.vid);
      const timing: Timing = { earliest: row.earliest, latest: row.latest, certainFrom: row.certain_from, publishedFrom: row.published_from };
      const development = projected(JSON.parse(row.state) as DevelopmentState);
      live.set(change.seq, {
        member: { seq: change.seq, earliest: row.earliest, latest: row.latest, certainFrom: row.certain_from, development },
        vid: change.vid, timing, recordedFrom: at,
      });
    }
    // Within one instant only the last fold counts (rowChanges drops and reopens what the instant rewrote).
    if (changes[i + 1]?.recorded_at === at) continue;
    const fold = versionsOf(projection, key, [...live.values()].map((m) => m.member), engine.context);
    const failing = new Map(fold.failed.map((f) => [f.seq, f.error]));
    for (const seq of live.keys()) {
      const error = failing.get(seq);
      if (error === undefined) failures.delete(seq);
      else failures.set(seq, { error, since: failures.get(seq)?.since ?? at });
    }
    for (const c of rowChanges(rows, fold.versions, at)) {
      if (c.kind === 'close') c.row.recordedTo = at;
      else if (c.kind === 'reopen') c.row.recordedTo = null;
      else if (c.kind === 'delete') rows.splice(rows.indexOf(c.row), 1);
      else rows.push({ ...c.version, recordedFrom: at, recordedTo: null, version: c.version });
    }
  }
  for (const m of ended) engine.store.addMember(vw, key, m.seq, m.vid, m.timing, m.recordedFrom, m.recordedTo);
  for (const [seq, m] of live) engine.store.addMember(vw, key, seq, m.vid, m.timing, m.recordedFrom);
  engine.store.restoreFailures(vw, [...failures].map(([seq, f]) => ({ seq, error: f.error, recordedAt: f.since })));
  const states = new Map<string, number>();
  for (const row of rows) {
    let sid = states.get(row.json);
    if (sid === undefined) states.set(row.json, (sid = engine.store.addState(row.json)));
    engine.store.insertVersion(vw, key, row.version, sid, row.recordedFrom, row.recordedTo);
  }
}

/** Versions recorded while the build ran, applied one by one; the views go live with the last of them. */
async function catchUp(engine: ViewEngine, sliced: Slices, views: LiveView[], defs: ViewDef[], from: number, onProgress?: (p: BuildProgress) => void): Promise<void> {
  const db = engine.db;
  const page = db.prepare<[number, number], VersionRow>(
    `SELECT vid, seq, type, retracted, state, recorded_from, earliest, latest, certain_from, published_from
     FROM development_versions WHERE vid > ? ORDER BY vid LIMIT ?`);
  let after = from;
  let rows: VersionRow[] = [];
  await sliced(() => {
    if (rows.length === 0) rows = page.all(after, PAGE);
    const row = rows.shift();
    if (!row) {
      // Nothing left in this same transaction: no version can slip in between.
      for (const def of defs) engine.goLive(def, after);
      return true;
    }
    after = row.vid;
    const state = JSON.parse(row.state) as DevelopmentState;
    const version: DevelopmentVersion = {
      vid: row.vid, seq: row.seq, state, recordedAt: row.recorded_from,
      timing: { earliest: row.earliest, latest: row.latest, certainFrom: row.certain_from, publishedFrom: row.published_from },
    };
    for (const view of views) if (view.projection.handles.includes(state.type)) engine.applyTo(view, version);
    onProgress?.({ phase: 'catch-up', done: row.vid, total: row.vid });
    return false;
  });
}
