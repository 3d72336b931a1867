import Database from 'better-sqlite3';
import type { VersionInput } from '../engine/key-history.js';

/** The development versions a bulk build folds, by number: what `keyHistory` needs of each. */
export interface VersionInputs {
  get(vid: number): VersionInput;
  close(): void;
}

/** Where the versions a build folds are read: the read model's file (a worker reads it), or the caller's connection. */
export interface VersionSource {
  /** The read model's file; undefined when it is in memory (no other connection can read it). */
  file: string | undefined;
  /** On the caller's connection, for a build folded on the event loop. */
  inputs: () => VersionInputs;
}

const SELECT_INPUT = `SELECT state, earliest, latest, certain_from AS certainFrom, published_from AS publishedFrom
  FROM development_versions WHERE vid = ?`;

/**
 * Reads them on a connection of its own to the read model's file, read-only: the fold worker's, so
 * that reading them (a few hundred rows of a table of a gigabyte at a million developments, spread
 * over it) is done off the event loop. Their columns read here never change once written (a later
 * version closes one by its `recorded_to` only), and a build folds versions committed before it
 * began: any connection reads them alike.
 */
export function versionInputsOf(file: string): VersionInputs {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  // A small page cache: each row is read once.
  db.pragma('cache_size = -8192');
  return fromStatement(db.prepare<[number], VersionInput>(SELECT_INPUT), () => db.close());
}

/** The same on a connection the caller holds (a build folded on the event loop). */
export function versionInputsOn(db: Database.Database): VersionInputs {
  return fromStatement(db.prepare<[number], VersionInput>(SELECT_INPUT), () => undefined);
}

function fromStatement(statement: Database.Statement<[number], VersionInput>, close: () => void): VersionInputs {
  return {
    get(vid) {
      const input = statement.get(vid);
      if (!input) throw new Error(`development version ${vid} is not in the read model`);
      return input;
    },
    close,
  };
}
