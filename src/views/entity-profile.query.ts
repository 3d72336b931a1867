import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '../errors/problems.js';
import { EntitiesTable, type EntityRow } from '../read-model/entities-table.js';
import { ReadModel } from '../read-model/read-model.js';
import { ViewEngine } from './view-engine.js';
import { normaliseKnownAt, selectRows, today, toViewRow, type ViewRow } from './view-rows.js';

export interface EntityProfile extends EntityRow {
  asOf: string;
  /** Every view's rows that name the entity, as of the date. */
  views: Record<string, ViewRow[]>;
}

export class GetEntityProfile extends Query<EntityProfile> {
  constructor(readonly entityId: string, readonly asOf?: string, readonly knownAt?: string) {
    super();
  }
}

/** One organisation or government across all views, as of a date. */
@QueryHandler(GetEntityProfile)
export class GetEntityProfileHandler implements IQueryHandler<GetEntityProfile> {
  constructor(private readonly readModel: ReadModel, private readonly engine: ViewEngine, private readonly entities: EntitiesTable) {}

  async execute({ entityId, asOf = today(), knownAt }: GetEntityProfile): Promise<EntityProfile> {
    const entity = this.entities.get(entityId);
    if (!entity) throw notFound('entity', entityId);
    const views: Record<string, ViewRow[]> = {};
    for (const projection of this.engine.projections) {
      const id = this.engine.servingId(projection.name);
      if (!id) continue;
      views[projection.name] = selectRows(this.readModel.db, id, { asOf, knownAt: normaliseKnownAt(knownAt), subject: entityId, limit: 1000 })
        .map((r) => toViewRow(r, asOf, id));
    }
    return { ...entity, asOf, views };
  }
}
