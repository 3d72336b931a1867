/**
 * Rows of a table kept in memory by the leading columns of its key (a group), to be written group
 * after group. A bulk build folds keys in key order, so the rows of each group arrive in key order:
 * written as they come, each transaction would add a row or two at each of thousands of places in
 * the table (and rewrite thousands of pages); written a group at a time, the table's pages are
 * filled in order. A row may be in several groups (a version's row in the index by reference, once
 * per reference): it is kept once.
 */
export class GroupedRows {
  private readonly groups = new Map<string, (readonly unknown[])[]>();
  private rows = 0;
  /** While the rows are being taken: the groups in order, the one reached and the offset in it. */
  private taking: { order: string[]; at: number; offset: number } | undefined;

  get size(): number {
    return this.rows;
  }

  /** Adds a row to its group: `group` sorts as the table's key does, the row is the rest of it. */
  add(group: string, row: readonly unknown[]): void {
    if (this.taking) {
      if (this.rows > 0) throw new Error('rows are added once every row has been taken out');
      // Stopped after the last row: nothing is left.
      this.taking = undefined;
      this.groups.clear();
    }
    const values = this.groups.get(group);
    if (values) values.push(row);
    else this.groups.set(group, [row]);
    this.rows += 1;
  }

  /**
   * The rows, group by group in the order of their names, each group's in the order they were added,
   * each taken out as it is given: a caller writes each row it is given, and may stop after any of
   * them; the next call gives the rest.
   */
  *take(): Generator<[group: string, row: readonly unknown[]]> {
    this.taking ??= { order: [...this.groups.keys()].sort(), at: 0, offset: 0 };
    const taking = this.taking;
    while (taking.at < taking.order.length) {
      const group = taking.order[taking.at]!;
      const values = this.groups.get(group)!;
      while (taking.offset < values.length) {
        const row = values[taking.offset]!;
        taking.offset += 1;
        this.rows -= 1;
        yield [group, row];
      }
      this.groups.delete(group);
      taking.at += 1;
      taking.offset = 0;
    }
    this.taking = undefined;
  }
}
