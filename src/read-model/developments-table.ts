import type Database from 'better-sqlite3';
import {
  evolveDevelopment,
  timingOf,
  type DevelopmentState,
  type Timing,
  streamKind,
  streamSubject,
} from '../../events/index.js';
import { refsOf, searchTextOf, type HomeCountry } from '../filters/development-filter.js';
import type { StoredEvent } from '../store/event-store.js';
import type { ReadModelConsumer } from './read-model.js';
import { SEARCH_MERGE_PAGES } from './schema.js';

/** A development version just stored: what the views are fed with. */
export interface DevelopmentVersion {
  vid: number;
  seq: number;
  state: DevelopmentState;
  timing: Timing;
  recordedAt: string;
}

/** Keeps every version of every development, with the transaction interval in which it held. */
export class DevelopmentsTable implements ReadModelConsumer {
  private readonly statements;
  private readonly listeners: ((version: DevelopmentVersion) => void)[] = [];

  constructor(
    db: Database.Database,
    private readonly homeCountry: HomeCountry,
  ) {
    this.statements = {
      current: db.prepare<[string], { seq: number; vid: number; state: string }>(
        'SELECT d.seq, d.vid, v.state FROM developments d JOIN development_versions v ON v.vid = d.vid WHERE d.id = ?',
      ),
      insertDevelopment: db.prepare('INSERT INTO developments (id, vid) VALUES (?, 0)'),
      setCurrent: db.prepare('UPDATE developments SET vid = ? WHERE seq = ?'),
      closeVersion: db.prepare('UPDATE development_versions SET recorded_to = ? WHERE vid = ?'),
      insertVersion: db.prepare(
        `INSERT INTO development_versions (seq, revision, type, earliest, latest, certain_from, published_from, retracted,
           state, recorded_from, event_type, position)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertRef: db.prepare('INSERT OR IGNORE INTO development_refs (vid, ref) VALUES (?, ?)'),
      insertSearch: db.prepare('INSERT INTO development_search (rowid, text) VALUES (?, ?)'),
      // FTS5 reads its commands' arguments as literals.
      mergeSearch: db.prepare(
        `INSERT INTO development_search (development_search, rank) VALUES ('merge', ${SEARCH_MERGE_PAGES})`,
      ),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM developments'),
    };
  }

  /**
   * Merges a little of the search index, at the start of a batch after one that indexed versions:
   * FTS5 does not merge at commits (`SEARCH_MERGES`), where a merge held the event loop for tens of
   * milliseconds; here it is part of the batch's time.
   */
  beforeBatch(): void {
    if (!this.unmerged) return;
    this.unmerged = false;
    this.statements.mergeSearch.run();
  }

  /** Whether versions were indexed since the search index was last merged. */
  private unmerged = false;

  /** How many developments the read model holds. */
  count(): number {
    return this.statements.count.get()!.n;
  }

  /** Calls `listener` with each development version stored, inside the batch's transaction. */
  onVersion(listener: (version: DevelopmentVersion) => void): void {
    this.listeners.push(listener);
  }

  apply(event: StoredEvent): void {
    if (streamKind(event.stream) !== 'development') return;
    const id = streamSubject(event.stream);
    // The first event of a stream starts a development: there is nothing to look up.
    const row = event.revision === 0 ? undefined : this.statements.current.get(id);
    const previous = row ? (JSON.parse(row.state) as DevelopmentState) : undefined;
    const state = evolveDevelopment(previous, { ...event, streamId: id });
    if (!state) return;
    const seq = row ? row.seq : Number(this.statements.insertDevelopment.run(id).lastInsertRowid);
    if (row) this.statements.closeVersion.run(event.recordedAt, row.vid);
    const timing = timingOf(state);
    const vid = Number(
      this.statements.insertVersion.run(
        seq,
        state.revision,
        state.type,
        timing.earliest,
        timing.latest,
        timing.certainFrom,
        timing.publishedFrom,
        state.retracted ? 1 : 0,
        JSON.stringify(state),
        event.recordedAt,
        event.type,
        event.position,
      ).lastInsertRowid,
    );
    this.statements.setCurrent.run(vid, seq);
    for (const ref of refsOf(state, this.homeCountry)) this.statements.insertRef.run(vid, ref);
    this.statements.insertSearch.run(vid, searchTextOf(state));
    this.unmerged = true;
    for (const listener of this.listeners) listener({ vid, seq, state, timing, recordedAt: event.recordedAt });
  }
}
