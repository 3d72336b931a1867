import type { Entity, Names } from './api.js';

let regions: Intl.DisplayNames | undefined;
/** Made on first use: the browser's locale data loads with its first one, after the page's first requests. */
const regionNames = (): Intl.DisplayNames => (regions ??= new Intl.DisplayNames(['en'], { type: 'region' }));

/** Display names: entities from the registry, countries from the browser's own region names. */
export class NameBook {
  private readonly names = new Map<string, string>();
  entities: Entity[] = [];
  /**
   * Counts the names that changed: what was drawn with an older version may read differently now. A
   * name learnt for the first time does not count, since answers come with the names they use.
   */
  version = 0;

  setEntities(entities: Entity[]): void {
    this.entities = entities;
    for (const entity of entities) this.set(entity.entityId, entity.name);
  }

  add(names: Names | undefined): void {
    for (const [id, name] of Object.entries(names ?? {})) this.set(id, name);
  }

  private set(id: string, name: string): void {
    const known = this.names.get(id);
    if (known === name) return;
    this.names.set(id, name);
    if (known !== undefined) this.version += 1;
  }

  /**
   * `org:byd` -> "BYD"; `country:HU` or `HU` -> "Hungary"; `region:419` -> its name when the service gave
   * it. An id the page has no name for is shown as words ("china mobile"), never as a code.
   */
  of(id: string): string {
    const known = this.names.get(id);
    if (known) return known;
    if (id.startsWith('country:')) return countryName(id.slice(8));
    if (/^[A-Z]{2}$/.test(id)) return countryName(id);
    if (id.startsWith('region:')) return `region ${id.slice(7)}`;
    return id.replace(/^[a-z]+:/, '').replace(/[-_]/g, ' ');
  }
}

export function countryName(code: string): string {
  try {
    return regionNames().of(code) ?? code;
  } catch {
    return code;
  }
}

/** `FacilityOpened` -> "facility opened". */
export function typeWords(type: string): string {
  return type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

const WORDS: Record<string, string> = {
  'rnd-centre': 'R&D centre',
  'in-force': 'in force',
  'joint-venture': 'joint venture',
};

/** A code of the service in words: `under-construction` -> "under construction". */
export function codeWords(code: string): string {
  return WORDS[code] ?? code.replace(/[-_]/g, ' ');
}
