/** A LIKE pattern (with `ESCAPE '\'`) matching text that contains `q`, case-insensitively for a lower-cased column. */
export function containsPattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
