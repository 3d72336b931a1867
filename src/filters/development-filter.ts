import {
  collectReferences,
  countriesOf,
  originsOf,
  type DevelopmentBody,
  type DevelopmentState,
} from '../../events/index.js';

/**
 * The one definition of what the timeline, the feed, Atom and webhooks filters select.
 * - `subject`: an organisation, government, country or region the development names (anywhere);
 * - `country`: a country where it happens (country references and country fields; the same set as
 *   `subject=country:XX`);
 * - `origin`: a home country of the organisations and governments involved, from the registry;
 * - `q`: words of its type, summary, date note, data values, source titles, quotes and publishers;
 * - `publishedBy`: one of its sources was published on or before that day.
 */
export interface DevelopmentFilter {
  types?: readonly string[];
  subject?: string;
  country?: string;
  origin?: string;
  q?: string;
  publishedBy?: string;
}

export type HomeCountry = (ref: string) => string | undefined;

/** The references a development is found by: `org:`, `gov:`, `region:`, `country:` and `origin:` values. */
export function refsOf(body: Pick<DevelopmentBody, 'subjects' | 'data'>, homeCountry: HomeCountry): string[] {
  const named = [...body.subjects, ...collectReferences(body.data)].filter((r) => !r.startsWith('country:'));
  return [
    ...new Set([
      ...named,
      ...countriesOf(body).map((c) => `country:${c}`),
      ...originsOf(body, homeCountry).map((c) => `origin:${c}`),
    ]),
  ];
}

/** The refs a filter requires, all of which a development must have. */
export function requiredRefs(filter: DevelopmentFilter): string[] {
  return [
    filter.subject,
    filter.country ? `country:${filter.country}` : undefined,
    filter.origin ? `origin:${filter.origin}` : undefined,
  ].filter((r): r is string => r !== undefined);
}

/** Lower-cased text that `q` is matched in. */
export function searchTextOf(
  development: Pick<DevelopmentState, 'type' | 'summary' | 'dateNote' | 'data' | 'sources'>,
): string {
  const values = (value: unknown): string[] =>
    typeof value === 'string' || typeof value === 'number'
      ? [String(value)]
      : Array.isArray(value)
        ? value.flatMap(values)
        : value !== null && typeof value === 'object'
          ? Object.values(value).flatMap(values)
          : [];
  const sources = development.sources.flatMap((s) => [s.title, s.quote, s.publisher ?? '']);
  return [development.type, development.summary, development.dateNote ?? '', ...values(development.data), ...sources]
    .join(' ')
    .toLowerCase();
}

export function matchesQuery(development: Parameters<typeof searchTextOf>[0], q: string): boolean {
  return searchTextOf(development).includes(q.toLowerCase());
}

/** Whether a development passes the filter, given the refs `refsOf` finds it by and its first publication. */
export function matches(
  development: DevelopmentState,
  refs: readonly string[],
  publishedFrom: string | null,
  filter: DevelopmentFilter,
): boolean {
  if (filter.types?.length && !filter.types.includes(development.type)) return false;
  for (const ref of requiredRefs(filter)) if (!refs.includes(ref)) return false;
  if (filter.publishedBy && (publishedFrom === null || publishedFrom > filter.publishedBy)) return false;
  if (filter.q && !matchesQuery(development, filter.q)) return false;
  return true;
}

/** The shortest `q`: the search index holds trigrams, so shorter text would read every development. */
export const MIN_QUERY_LENGTH = 3;

/**
 * The search index's lookup for `q`: every distinct trigram of it (the index keeps which versions
 * hold each trigram, not where), so it finds a superset of the versions whose text holds `q`;
 * `filterSql`'s `keeps` then keeps exactly those. Characters are counted as the index counts them,
 * by code point. Undefined when `q` has fewer than three.
 */
export function searchTrigrams(q: string): string | undefined {
  const characters = Array.from(q.toLowerCase());
  const trigrams = new Set<string>();
  for (let i = 0; i + 3 <= characters.length; i++) trigrams.add(characters.slice(i, i + 3).join(''));
  if (trigrams.size === 0) return undefined;
  return [...trigrams].map((t) => `"${t.replaceAll('"', '""')}"`).join(' AND ');
}

/** A filter as SQL: `where` may select more than the filter does, and `keeps` says which to keep. */
export interface FilterSql {
  where: string[];
  params: unknown[];
  /** Whether `where` alone selects exactly the filter's developments (then `keeps` keeps them all). */
  exact: boolean;
  /**
   * Whether a selected development passes what `where` could only narrow down: `q`, which the
   * trigram index finds among the versions holding all of its trigrams, in any order or place.
   * Asked of rows in the answer's order, so only as many are read as a page needs.
   */
  keeps(development: Pick<DevelopmentState, 'type' | 'summary' | 'dateNote' | 'data' | 'sources'>): boolean;
}

/**
 * The same filter as SQL over `development_versions` (alias `v`): refs through `development_refs`,
 * `q` through the `development_search` trigram index of `searchTextOf` and then `keeps`, the test
 * `matchesQuery` makes, so both find the same developments.
 */
export function filterSql(filter: DevelopmentFilter): FilterSql {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.types?.length) {
    where.push(`v.type IN (${filter.types.map(() => '?').join(', ')})`);
    params.push(...filter.types);
  }
  for (const ref of requiredRefs(filter)) {
    where.push('EXISTS (SELECT 1 FROM development_refs r WHERE r.ref = ? AND r.vid = v.vid)');
    params.push(ref);
  }
  if (filter.publishedBy) {
    where.push('v.published_from IS NOT NULL AND v.published_from <= ?');
    params.push(filter.publishedBy);
  }
  const q = filter.q;
  const trigrams = q ? searchTrigrams(q) : undefined;
  if (trigrams !== undefined) {
    where.push('v.vid IN (SELECT rowid FROM development_search WHERE development_search MATCH ?)');
    params.push(trigrams);
  }
  return q
    ? { where, params, exact: false, keeps: (development) => matchesQuery(development, q) }
    : { where, params, exact: true, keeps: () => true };
}
