import { isDay, today } from './dates.js';

export const VIEWS = [
  'facilities',
  'licensing',
  'acquisitions',
  'policies',
  'agreements',
  'investments',
  'footprint',
] as const;

/** Everything a reader chose; it lives in the URL, so a view can be shared as a link. */
export interface PageState {
  asOf: string;
  view: string;
  /** Home country of the actors (`origin`). */
  origin?: string;
  /** Where it happens (`country`). */
  country?: string;
  subject?: string;
  /** Only what had surely happened by asOf. */
  certain: boolean;
  /** Only what sources had published by asOf (`publishedBy` = asOf). */
  published: boolean;
}

const COUNTRY = /^[A-Z]{2}$/;
const SUBJECT = /^(org|gov):[a-z0-9-]+$/;

export function stateFromUrl(search: string): PageState {
  const params = new URLSearchParams(search);
  const asOf = params.get('asOf') ?? '';
  const view = params.get('view') ?? '';
  const pick = (name: string, pattern: RegExp) => {
    const value = params.get(name) ?? '';
    return pattern.test(value) ? value : undefined;
  };
  return {
    asOf: isDay(asOf) ? asOf : today(),
    view: (VIEWS as readonly string[]).includes(view) ? view : 'facilities',
    origin: pick('origin', COUNTRY),
    country: pick('country', COUNTRY),
    subject: pick('subject', SUBJECT),
    certain: params.get('certainty') === 'certain',
    published: params.get('published') === '1',
  };
}

export function stateToUrl(state: PageState): string {
  const params = new URLSearchParams({ asOf: state.asOf, view: state.view });
  if (state.origin) params.set('origin', state.origin);
  if (state.country) params.set('country', state.country);
  if (state.subject) params.set('subject', state.subject);
  if (state.certain) params.set('certainty', 'certain');
  if (state.published) params.set('published', '1');
  return `?${params.toString()}`;
}

/** The filters the views, the timeline and the feed share. */
export function sharedFilters(state: PageState): Record<string, string | undefined> {
  return { origin: state.origin, country: state.country, subject: state.subject };
}

/** The axes a view answers on: the date, certainty and, when switched on, publication. */
export function viewAxes(state: PageState): Record<string, string | undefined> {
  return {
    asOf: state.asOf,
    certainty: state.certain ? 'certain' : undefined,
    publishedBy: state.published ? state.asOf : undefined,
  };
}
