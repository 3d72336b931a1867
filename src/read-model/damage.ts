/** Whether an error code reports a damaged database file (SQLITE_CORRUPT, SQLITE_NOTADB, or an extended code of either). */
export function isDamage(code: unknown): boolean {
  return typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)(_|$)/.test(code);
}

/**
 * Whether this process has met a damaged database file while answering. The read model is then not
 * marked as closed cleanly, so the next start checks every page of it (and moves it aside if the
 * damage is there).
 */
let seen = false;

export function noteDamage(code: unknown): void {
  if (isDamage(code)) seen = true;
}

export function damageSeen(): boolean {
  return seen;
}
