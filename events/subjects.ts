import { isCountryCode } from './countries.js';
import { isRegionCode } from './regions.js';

/**
 * A typed reference to who or where a development is about: `org:<slug>` (an organisation),
 * `gov:<slug>` (a government), `country:<ISO 3166-1 alpha-2 | EU>` or `region:<UN M49 code>`.
 * Organisations and governments must be registered entities; places need no registration.
 */
export type SubjectKind = 'org' | 'gov' | 'country' | 'region';

export const SUBJECT_PATTERN = /^(?:(org|gov):([a-z0-9][a-z0-9-]{0,79})|country:([A-Z]{2})|region:(\d{3}))$/;

export interface SubjectRef {
  readonly id: string;
  readonly kind: SubjectKind;
}

export function parseSubject(id: string): SubjectRef | undefined {
  const match = SUBJECT_PATTERN.exec(id);
  if (!match) return undefined;
  if (match[3] !== undefined) return isCountryCode(match[3]) ? { id, kind: 'country' } : undefined;
  if (match[4] !== undefined) return isRegionCode(match[4]) ? { id, kind: 'region' } : undefined;
  return { id, kind: match[1] as SubjectKind };
}

/** True for `country:` and `region:` references: places, which need no registration. */
export function isPlace(id: string): boolean {
  return id.startsWith('country:') || id.startsWith('region:');
}

/** The country code of a `country:XX` reference, or undefined for anything else. */
export function countryOfSubject(id: string): string | undefined {
  return id.startsWith('country:') ? id.slice('country:'.length) : undefined;
}
