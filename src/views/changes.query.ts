import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { badRequest } from '../errors/problems.js';
import { ReadModel } from '../read-model/read-model.js';
import type { ChangesQueryDto } from './state-query.dto.js';
import { ViewEngine } from './view-engine.js';
import { normaliseKnownAt, selectRows, servingView, toViewRow, type ViewRow } from './view-rows.js';

export interface RowChange {
  key: string;
  before: ViewRow | null;
  after: ViewRow | null;
}

export class GetChanges extends Query<{ view: string; from: string; to: string; changes: RowChange[] }> {
  constructor(readonly view: string, readonly filters: ChangesQueryDto) {
    super();
  }
}

/** What differs in a view between two dates: each changed row as of `from` and as of `to`. */
@QueryHandler(GetChanges)
export class GetChangesHandler implements IQueryHandler<GetChanges> {
  constructor(private readonly readModel: ReadModel, private readonly engine: ViewEngine) {}

  async execute({ view, filters: f }: GetChanges) {
    if (f.from > f.to) throw badRequest('BAD_RANGE', 'from must not be after to', [{ path: 'from', code: 'invalid', message: 'after to' }]);
    const id = servingView(this.engine, view);
    const knownAt = normaliseKnownAt(f.knownAt);
    const limit = f.limit ?? 500;
    const read = (asOf: string) => new Map(selectRows(this.readModel.db, id, { asOf, knownAt, country: f.country, subject: f.subject, limit: 1_000_000 })
      .map((r) => [r.key, { record: r, row: toViewRow(r, asOf, id) }]));
    const before = read(f.from);
    const after = read(f.to);
    const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
    const changes: RowChange[] = [];
    for (const key of keys) {
      const b = before.get(key);
      const a = after.get(key);
      if (b && a && b.record.vid === a.record.vid) continue;
      if (b && a && b.record.state === a.record.state) continue;
      changes.push({ key, before: b?.row ?? null, after: a?.row ?? null });
      if (changes.length >= limit) break;
    }
    return { view, from: f.from, to: f.to, changes };
  }
}
