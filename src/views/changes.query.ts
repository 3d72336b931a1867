import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { refused } from '../errors/rejection.js';
import type { ChangesQueryDto } from './state-query.dto.js';
import { ViewReader } from './read/view-reader.js';
import type { ViewRow } from './read/view-rows.js';

export interface RowChange {
  key: string;
  before: ViewRow | null;
  after: ViewRow | null;
}

export class GetChanges extends Query<{ view: string; from: string; to: string; changes: RowChange[] }> {
  constructor(
    readonly view: string,
    readonly filters: ChangesQueryDto,
  ) {
    super();
  }
}

/** What differs in a view between two dates: each changed row as of `from` and as of `to`. */
@QueryHandler(GetChanges)
export class GetChangesHandler implements IQueryHandler<GetChanges> {
  constructor(private readonly reader: ViewReader) {}

  async execute({ view, filters: f }: GetChanges) {
    if (f.from > f.to)
      throw refused('BAD_RANGE', 'from must not be after to', [{ path: 'from', code: 'invalid', message: 'after to' }]);
    const query = {
      knownAt: f.knownAt,
      publishedBy: f.publishedBy,
      country: f.country,
      subject: f.subject,
      origin: f.origin,
    };
    const budget = this.reader.budget();
    const read = async (asOf: string) =>
      new Map((await this.reader.readAll(view, { ...query, asOf }, budget)).map((row) => [row.key, row]));
    const before = await read(f.from);
    const after = await read(f.to);
    const changes: RowChange[] = [];
    for (const key of [...new Set([...before.keys(), ...after.keys()])].sort()) {
      const b = before.get(key);
      const a = after.get(key);
      if (b && a && JSON.stringify(b.value) === JSON.stringify(a.value)) continue;
      changes.push({ key, before: b ?? null, after: a ?? null });
      if (changes.length >= (f.limit ?? 500)) break;
    }
    return { view, from: f.from, to: f.to, changes };
  }
}
