/** A change to a count: its group, its month, by how much. */
export type CountChange = [grp: string, month: string, delta: number];

/**
 * A group's changes to a count as one text, `month delta month delta ...`, read in the index's
 * order (by group, then month): one row per group, where a row per change cost more to hand over
 * than to find (a view counted by country has tens of thousands). The changes come in the order
 * the index is read, which SQLite does not promise: `changesOfGroups` puts a group in month order
 * should it not be (sorting inside the aggregate cost a third of the query).
 */
export const CHANGES_OF_GROUP = "group_concat(month || ' ' || delta, ' ')";

/** The changes of each group (`CHANGES_OF_GROUP`), a row each, by group, then month. */
export function changesOfGroups(groups: readonly [string, string][]): CountChange[] {
  const rows: CountChange[] = [];
  for (const [grp, changes] of groups) {
    const parts = changes.split(' ');
    const first = rows.length;
    let ordered = true;
    for (let i = 0; i + 1 < parts.length; i += 2) {
      if (i > 0 && parts[i]! < parts[i - 2]!) ordered = false;
      rows.push([grp, parts[i]!, Number(parts[i + 1])]);
    }
    if (!ordered) {
      const group = rows.splice(first).sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
      rows.push(...group);
    }
  }
  return rows;
}
