import { Injectable } from '@nestjs/common';
import { parseSubject, REGIONS, SUBJECT_PATTERN } from '../../events/index.js';
import { EntitiesTable } from '../read-model/entities-table.js';

const COUNTRIES = new Intl.DisplayNames(['en'], { type: 'region' });

/** Display names for the ids in an answer: registered names, and English names of countries and regions. */
@Injectable()
export class DisplayNames {
  constructor(private readonly entities: EntitiesTable) {}

  of(ref: string): string | undefined {
    const subject = parseSubject(ref);
    if (!subject) return undefined;
    const code = ref.slice(ref.indexOf(':') + 1);
    if (subject.kind === 'country') return COUNTRIES.of(code);
    if (subject.kind === 'region') return REGIONS[code];
    return this.entities.get(ref)?.name;
  }

  /** Every id found anywhere in `body` that has a display name. */
  mapOf(body: unknown): Record<string, string> {
    const names: Record<string, string> = {};
    for (const ref of refsIn(body)) {
      const name = this.of(ref);
      if (name !== undefined) names[ref] = name;
    }
    return names;
  }
}

export function refsIn(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    if (SUBJECT_PATTERN.test(value)) found.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) refsIn(item, found);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) refsIn(item, found);
  }
  return found;
}
