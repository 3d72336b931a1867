import type { Entity, Names } from './api.js';

const REGIONS = new Intl.DisplayNames(['en'], { type: 'region' });

/** Display names: entities from the registry, countries from the browser's own region names. */
export class NameBook {
  private readonly names = new Map<string, string>();
  entities: Entity[] = [];

  setEntities(entities: Entity[]): void {
    this.entities = entities;
    for (const entity of entities) this.names.set(entity.entityId, entity.name);
  }

  add(names: Names | undefined): void {
    for (const [id, name] of Object.entries(names ?? {})) this.names.set(id, name);
  }

  /** `org:byd` -> "BYD"; `country:HU` -> "Hungary"; unknown ids stay as they are. */
  of(id: string): string {
    if (id.startsWith('country:')) return countryName(id.slice(8));
    return this.names.get(id) ?? id;
  }
}

export function countryName(code: string): string {
  try {
    return REGIONS.of(code) ?? code;
  } catch {
    return code;
  }
}

/** `FacilityOpened` -> "facility opened". */
export function typeWords(type: string): string {
  return type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
