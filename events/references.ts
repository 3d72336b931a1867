import { SUBJECT_PATTERN } from './subjects.js';
import { isCountryCode } from './countries.js';

/** Every string in `value` (at any depth) that is a subject reference. */
export function collectReferences(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') {
    if (SUBJECT_PATTERN.test(value)) into.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) collectReferences(item, into);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) collectReferences(item, into);
  }
  return into;
}

/**
 * Country codes held in fields named `country`, `countries`, `jurisdiction`, `markets` or
 * ending in `Country`, at any depth. The catalogue names its country fields that way.
 */
export function collectCountries(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) collectCountries(item, into);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (/^(country|countries|jurisdiction|markets)$|Country$/.test(key)) {
        for (const code of [item].flat()) if (typeof code === 'string' && isCountryCode(code)) into.push(code);
      } else {
        collectCountries(item, into);
      }
    }
  }
  return into;
}
