/**
 * Whether this process has met a damaged database file (SQLITE_CORRUPT, SQLITE_NOTADB) while
 * answering. The read model is then not marked as closed cleanly, so the next start checks every
 * page of it (and moves it aside if the damage is there).
 */
let seen = false;

export function noteDamage(code: unknown): void {
  if (typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code)) seen = true;
}

export function damageSeen(): boolean {
  return seen;
}
