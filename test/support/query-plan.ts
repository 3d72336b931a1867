import type Database from 'better-sqlite3';

/** SQLite's plan of a statement, one step a line, every parameter bound to NULL: the plan depends on the statement, not on the values. */
export function queryPlan(db: Database.Database, sql: string): string[] {
  const parameters = (sql.match(/\?/g) ?? []).length;
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...new Array(parameters).fill(null)) as { detail: string }[]).map(
    (row) => row.detail,
  );
}
