import type Database from 'better-sqlite3';
import type { StoredEvent } from '../store/event-store.js';
import type { ReadModelConsumer } from './read-model.js';

export interface EntityRow {
  entityId: string;
  kind: 'organisation' | 'government';
  name: string;
  homeCountry: string;
  aliases: string[];
  recordedAt: string;
  position: string;
}

/** The entity registry: organisations and governments developments may name. */
export class EntitiesTable implements ReadModelConsumer {
  private readonly insert;
  private readonly byId;
  private readonly all;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      `INSERT OR REPLACE INTO entities (entity_id, kind, name, home_country, aliases, recorded_at, position)
       VALUES (@entityId, @kind, @name, @homeCountry, @aliases, @recordedAt, @position)`);
    this.byId = db.prepare<[string], Record<string, string>>('SELECT * FROM entities WHERE entity_id = ?');
    this.all = db.prepare<[], Record<string, string>>('SELECT * FROM entities ORDER BY entity_id');
  }

  apply(event: StoredEvent): void {
    if (event.type !== 'EntityRegistered') return;
    const data = event.data as Omit<EntityRow, 'recordedAt' | 'position'>;
    this.insert.run({ ...data, aliases: JSON.stringify(data.aliases ?? []), recordedAt: event.recordedAt, position: event.position });
  }

  get(entityId: string): EntityRow | undefined {
    const row = this.byId.get(entityId);
    return row ? toEntity(row) : undefined;
  }

  list(): EntityRow[] {
    return this.all.all().map(toEntity);
  }

  /** The references among `refs` that are not registered (countries need no registration). */
  unknown(refs: Iterable<string>): string[] {
    return [...new Set(refs)].filter((ref) => !ref.startsWith('country:') && !this.byId.get(ref));
  }
}

function toEntity(row: Record<string, string>): EntityRow {
  return {
    entityId: row.entity_id!, kind: row.kind as EntityRow['kind'], name: row.name!, homeCountry: row.home_country!,
    aliases: JSON.parse(row.aliases!) as string[], recordedAt: row.recorded_at!, position: row.position!,
  };
}
