import type Database from 'better-sqlite3';
import { isPlace } from '../../events/index.js';
import type { StoredEvent } from '../store/event-store.js';
import type { ReadModelConsumer } from './read-model.js';

export interface EntityRow {
  entityId: string;
  kind: 'organisation' | 'government';
  name: string;
  homeCountry: string;
  aliases: string[];
  parent?: string;
  recordedAt: string;
  position: string;
}

/** The entity registry: organisations and governments developments may name. */
export class EntitiesTable implements ReadModelConsumer {
  private readonly insert;
  private readonly byId;
  private readonly all;
  /** Registrations never change once made, so known home countries are kept; unknown ones are asked again. */
  private readonly homes = new Map<string, string>();

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      `INSERT OR REPLACE INTO entities (entity_id, kind, name, home_country, aliases, parent, recorded_at, position)
       VALUES (@entityId, @kind, @name, @homeCountry, @aliases, @parent, @recordedAt, @position)`,
    );
    this.byId = db.prepare<[string], Record<string, string>>('SELECT * FROM entities WHERE entity_id = ?');
    this.all = db.prepare<[], Record<string, string>>('SELECT * FROM entities ORDER BY entity_id');
  }

  apply(event: StoredEvent): void {
    if (event.type !== 'EntityRegistered') return;
    const data = event.data as Omit<EntityRow, 'recordedAt' | 'position'>;
    this.insert.run({
      ...data,
      aliases: JSON.stringify(data.aliases ?? []),
      parent: data.parent ?? null,
      recordedAt: event.recordedAt,
      position: event.position,
    });
  }

  /** Home country of an organisation or government, or of a `country:` reference itself. */
  readonly homeCountry = (ref: string): string | undefined => {
    if (ref.startsWith('country:')) return ref.slice('country:'.length);
    const known = this.homes.get(ref);
    if (known !== undefined) return known;
    const home = this.byId.get(ref)?.home_country;
    if (home !== undefined) this.homes.set(ref, home);
    return home;
  };

  /** The parent of a registered organisation; registrations never change, so the answer is kept. */
  readonly parentOf = (ref: string): string | undefined => {
    if (this.parents.has(ref)) return this.parents.get(ref);
    const row = this.byId.get(ref);
    if (!row) return undefined;
    const parent = row.parent ?? undefined;
    this.parents.set(ref, parent);
    return parent;
  };
  private readonly parents = new Map<string, string | undefined>();

  get(entityId: string): EntityRow | undefined {
    const row = this.byId.get(entityId);
    return row ? toEntity(row) : undefined;
  }

  list(): EntityRow[] {
    return this.all.all().map(toEntity);
  }

  /** The references among `refs` that are not registered (places need no registration). */
  unknown(refs: Iterable<string>): string[] {
    return [...new Set(refs)].filter((ref) => !isPlace(ref) && !this.byId.get(ref));
  }
}

function toEntity(row: Record<string, string>): EntityRow {
  return {
    entityId: row.entity_id!,
    kind: row.kind as EntityRow['kind'],
    name: row.name!,
    homeCountry: row.home_country!,
    aliases: JSON.parse(row.aliases!) as string[],
    ...(row.parent ? { parent: row.parent } : {}),
    recordedAt: row.recorded_at!,
    position: row.position!,
  };
}
