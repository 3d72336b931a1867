import type { DevelopmentType, EdtfDate, Source } from '../events/index.js';

/** A development as projections see it: its current form, with its date parsed. */
export interface ProjectedDevelopment {
  id: string;
  type: DevelopmentType;
  date: EdtfDate;
  summary: string;
  subjects: string[];
  sources: Source[];
  data: Record<string, unknown>;
}

/** What a projection may ask beyond the development itself; answers never change once given. */
export interface ProjectionContext {
  /** Home country of a registered organisation or government. */
  homeCountry(ref: string): string | undefined;
}

/** The attributes a view's rows are found by. */
export interface Indexed {
  countries: string[];
  subjects: string[];
  status?: string;
}

/**
 * A view of the world, defined purely: which developments it reads, the key each belongs to,
 * and how a row evolves. `evolve` returning null removes the row.
 */
export interface Projection<S = unknown> {
  name: string;
  /** Bump when `evolve` or `keysOf` changes meaning: the view is then rebuilt from the log. */
  version: number;
  handles: readonly DevelopmentType[];
  keysOf(development: ProjectedDevelopment, context: ProjectionContext): string[];
  evolve(state: S | null, development: ProjectedDevelopment, key: string, context: ProjectionContext): S | null;
  indexed(state: S, key: string): Indexed;
}

export function defineProjection<S>(projection: Projection<S>): Projection<S> {
  return projection;
}

/** The data of a development, typed as the projection expects it (validated by the catalogue on the way in). */
export function dataOf<T>(development: ProjectedDevelopment): T {
  return development.data as T;
}

/** The unique non-empty values, in first-seen order. */
export function unique<T>(values: (T | undefined)[]): T[] {
  return [...new Set(values.filter((v): v is T => v !== undefined))];
}
