/** A change to a count: its group, its month, by how much. */
export type CountChange = [grp: string, month: string, delta: number];

/**
 * A group's changes to a count as one text, `month delta month delta ...` in month order, read in
 * the index's order (by group, then month): one row per group, where a row per change cost more to
 * hand over than to find (a view counted by country has tens of thousands).
 */
export const CHANGES_OF_GROUP = "group_concat(month || ' ' || delta, ' ' ORDER BY month)";

/** The changes of each group (`CHANGES_OF_GROUP`), a row each, by group, then month. */
export function changesOfGroups(groups: readonly [string, string][]): CountChange[] {
  const rows: CountChange[] = [];
  for (const [grp, changes] of groups) {
    const parts = changes.split(' ');
    for (let i = 0; i + 1 < parts.length; i += 2) rows.push([grp, parts[i]!, Number(parts[i + 1])]);
  }
  return rows;
}
