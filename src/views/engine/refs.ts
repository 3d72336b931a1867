import type { Indexed } from '../../../projections/index.js';
import type { HomeCountry } from '../../filters/development-filter.js';

/** The refs a row version is found by: where, who, and from where (the home countries of who). */
export function rowRefs(indexed: Indexed, homeCountry: HomeCountry): string[] {
  const origins = indexed.subjects.filter((s) => !s.startsWith('region:')).map(homeCountry);
  return [
    ...new Set([
      ...indexed.countries.map((c) => `country:${c}`),
      ...indexed.subjects,
      ...origins.filter((c): c is string => c !== undefined).map((c) => `origin:${c}`),
    ]),
  ];
}

/** The refs a filter requires of a row. */
export function filterRefs(f: { country?: string; subject?: string; origin?: string }): string[] {
  return [
    f.country ? `country:${f.country}` : undefined,
    f.subject,
    f.origin ? `origin:${f.origin}` : undefined,
  ].filter((r): r is string => r !== undefined);
}
