import type { Logger } from 'pino';
import { PROJECTIONS, type Projection } from '../../projections/index.js';
import type { EventStore } from '../store/event-store.js';
import { ViewEngine } from '../views/view-engine.js';
import { DevelopmentsTable } from './developments-table.js';
import { EntitiesTable } from './entities-table.js';
import { ReadModel } from './read-model.js';

export interface ReadModelParts {
  readModel: ReadModel;
  entities: EntitiesTable;
  views: ViewEngine;
}

/** A read model with all its parts: entities, developments (with their history), and the views they feed. */
export function openReadModel(file: string, store: EventStore, log?: Logger, projections: readonly Projection[] = PROJECTIONS): ReadModelParts {
  const readModel = new ReadModel(file, store, log);
  const entities = new EntitiesTable(readModel.db);
  const views = new ViewEngine(readModel.db, projections, entities, log);
  readModel.register(entities);
  readModel.register(views);
  readModel.register(new DevelopmentsTable(readModel.db, (version) => views.applyVersion(version)));
  return { readModel, entities, views };
}
