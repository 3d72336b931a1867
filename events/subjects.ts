import { isCountryCode } from './countries.js';

/**
 * A typed reference to who or where a development is about: `org:<slug>` (an organisation),
 * `gov:<slug>` (a government), or `country:<ISO 3166-1 alpha-2 | EU>`.
 * Organisations and governments must be registered entities; countries need no registration.
 */
export type SubjectKind = 'org' | 'gov' | 'country';

export const SUBJECT_PATTERN = /^(?:(org|gov):([a-z0-9][a-z0-9-]{0,79})|country:([A-Z]{2}))$/;

export interface SubjectRef {
  readonly id: string;
  readonly kind: SubjectKind;
}

export function parseSubject(id: string): SubjectRef | undefined {
  const match = SUBJECT_PATTERN.exec(id);
  if (!match) return undefined;
  if (match[3] !== undefined) return isCountryCode(match[3]) ? { id, kind: 'country' } : undefined;
  return { id, kind: match[1] as SubjectKind };
}

/** The country code of a `country:XX` reference, or undefined for organisations and governments. */
export function countryOfSubject(id: string): string | undefined {
  return id.startsWith('country:') ? id.slice('country:'.length) : undefined;
}
