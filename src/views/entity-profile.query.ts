import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '../errors/problems.js';
import { EntitiesTable, type EntityRow } from '../read-model/entities-table.js';
import { ViewReader } from './read/view-reader.js';
import { today, type ViewRow } from './read/view-rows.js';

export interface EntityProfile extends EntityRow {
  asOf: string;
  /** Every view's rows that name the entity, as of the date. */
  views: Record<string, ViewRow[]>;
}

export class GetEntityProfile extends Query<EntityProfile> {
  constructor(
    readonly entityId: string,
    readonly asOf?: string,
    /** An instant in ISO form, as `KnownAtParam` reads it. */
    readonly knownAt?: string,
    readonly publishedBy?: string,
  ) {
    super();
  }
}

/** One organisation or government across all views, as of a date. */
@QueryHandler(GetEntityProfile)
export class GetEntityProfileHandler implements IQueryHandler<GetEntityProfile> {
  constructor(
    private readonly reader: ViewReader,
    private readonly entities: EntitiesTable,
  ) {}

  async execute({ entityId, asOf = today(), knownAt, publishedBy }: GetEntityProfile): Promise<EntityProfile> {
    const entity = this.entities.get(entityId);
    if (!entity) throw notFound('entity', entityId);
    const views: Record<string, ViewRow[]> = {};
    const budget = this.reader.budget();
    for (const name of this.reader.names()) {
      if (name !== 'footprint' && this.reader.engine.servingVw(name) === undefined) continue;
      views[name] = (
        await this.reader.read(name, { asOf, knownAt, publishedBy, subject: entityId, limit: 1000 }, budget)
      ).rows;
    }
    return { ...entity, asOf, ...(publishedBy ? { publishedBy } : {}), views };
  }
}
