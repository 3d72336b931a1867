import type Database from 'better-sqlite3';
import { countriesOf, dateOf, evolveDevelopment, type DevelopmentState } from '../../events/index.js';
import type { StoredEvent } from '../store/event-store.js';
import type { ReadModelConsumer } from './read-model.js';

export const DEVELOPMENT_STREAM = 'development-';

/** A development version just stored: what the views are fed with. */
export interface DevelopmentVersion {
  vid: number;
  seq: number;
  state: DevelopmentState;
  /** `state` as stored. */
  json: string;
  recordedAt: string;
}

/** Keeps every version of every development, with the transaction interval in which it held. */
export class DevelopmentsTable implements ReadModelConsumer {
  private readonly statements;

  constructor(db: Database.Database, private readonly onVersion?: (version: DevelopmentVersion) => void) {
    this.statements = {
      current: db.prepare<[string], { seq: number; state: string }>('SELECT seq, state FROM developments WHERE id = ?'),
      insertDevelopment: db.prepare('INSERT INTO developments (id, state) VALUES (?, ?)'),
      updateDevelopment: db.prepare('UPDATE developments SET state = ? WHERE seq = ?'),
      closeVersion: db.prepare('UPDATE development_versions SET recorded_to = ? WHERE seq = ? AND recorded_to IS NULL'),
      insertVersion: db.prepare(
        `INSERT INTO development_versions (seq, revision, type, earliest, latest, retracted, search, state, recorded_from, event_type, position)
         VALUES (@seq, @revision, @type, @earliest, @latest, @retracted, @search, @state, @recorded_from, @event_type, @position)`),
      insertRef: db.prepare('INSERT OR IGNORE INTO development_refs (ref, vid) VALUES (?, ?)'),
    };
  }

  apply(event: StoredEvent): void {
    if (!event.stream.startsWith(DEVELOPMENT_STREAM)) return;
    const id = event.stream.slice(DEVELOPMENT_STREAM.length);
    const row = this.statements.current.get(id);
    const previous = row ? (JSON.parse(row.state) as DevelopmentState) : undefined;
    const state = evolveDevelopment(previous, { ...event, streamId: id });
    if (!state) return;
    const json = JSON.stringify(state);
    let seq: number;
    if (row) {
      seq = row.seq;
      this.statements.updateDevelopment.run(json, seq);
      this.statements.closeVersion.run(event.recordedAt, seq);
    } else {
      seq = Number(this.statements.insertDevelopment.run(id, json).lastInsertRowid);
    }
    const date = dateOf(state);
    const vid = Number(this.statements.insertVersion.run({
      seq, revision: state.revision, type: state.type, earliest: date.earliest, latest: date.latest,
      retracted: state.retracted ? 1 : 0, search: searchText(state), state: json, recorded_from: event.recordedAt,
      event_type: event.type, position: event.position,
    }).lastInsertRowid);
    for (const ref of refsOf(state)) this.statements.insertRef.run(ref, vid);
    this.onVersion?.({ vid, seq, state, json, recordedAt: event.recordedAt });
  }
}

/** The references a version is found by: its subjects and the countries it concerns. */
function refsOf(state: DevelopmentState): string[] {
  return [...new Set([...state.subjects, ...countriesOf(state).map((c) => `country:${c}`)])];
}

function searchText(state: DevelopmentState): string {
  const quotes = state.sources.map((s) => `${s.title} ${s.quote}`).join(' ');
  return `${state.type} ${state.summary} ${state.dateNote ?? ''} ${JSON.stringify(state.data)} ${quotes}`.toLowerCase();
}
