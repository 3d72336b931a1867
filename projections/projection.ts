import type { z } from 'zod';
import type { DevelopmentType, EdtfDate, Expectation, Source, TypedData } from '../events/index.js';
import type { Presented } from './row-value.js';

/** A development as projections see it: its current form, with its date parsed and its data typed by its type. */
export type ProjectedDevelopment = TypedData & {
  id: string;
  date: EdtfDate;
  summary: string;
  subjects: string[];
  sources: Source[];
  expectations: Expectation[];
};

/** A projected development of one of the types in `T`. */
export type DevelopmentOf<T extends DevelopmentType> = Extract<ProjectedDevelopment, { type: T }>;

/** What a projection may ask beyond the development itself; answers never change once given. */
export interface ProjectionContext {
  /** Home country of a registered organisation or government. */
  homeCountry(ref: string): string | undefined;
  /** The organisation a registered organisation belongs to (its parent), when the registry says. */
  parentOf?(ref: string): string | undefined;
}

/** The attributes a view's rows are found by. */
export interface Indexed {
  /** Where: the countries the row is about. */
  countries: string[];
  /** Who: the organisations and governments it names (their home countries give its origin). */
  subjects: string[];
  status?: string;
  /** Grouping for counts over time (facility kind, policy kind...). */
  kind?: string;
}

/** One organisation present in one country through a row: the footprint view is made of these. */
export interface Placement {
  organisation: string;
  country: string;
  /** What places it there: a facility of its own, a company it acquired, or a subsidiary it owns. */
  via: 'facility' | 'acquisition' | 'subsidiary';
  /**
   * The facility kind and status (`plant:operating`), or the role (`acquirer`); a plan ends in
   * `:announced` (`plant:announced`, `acquirer:announced`) and is planned presence, never presence.
   */
  mode: string;
}

/**
 * A view of the world, defined purely: which developments it reads, the key each belongs to,
 * how a row evolves, how a row reads as of a date, and the schema of what a row reads. `evolve`
 * returning null removes the row. `S` is the state `evolve` builds, `V` the row as `present` reads it.
 */
export interface Projection<S = unknown, T extends DevelopmentType = DevelopmentType, V = S> {
  name: string;
  /** Bump when `evolve`, `keysOf` or `placements` changes meaning: the view is then rebuilt from the log. */
  version: number;
  handles: readonly T[];
  keysOf(development: DevelopmentOf<T>, context: ProjectionContext): string[];
  evolve(state: S | null, development: DevelopmentOf<T>, key: string, context: ProjectionContext): S | null;
  indexed(state: S, key: string): Indexed;
  /**
   * Every value `indexed(...).status` can take: what `status=` may ask of the view (a query for
   * another is refused, naming these). Absent: the view's rows have no status.
   */
  statuses?: readonly string[];
  /** Where the row places organisations (their own things in a country), for the footprint view. */
  placements?(state: S, key: string, context: ProjectionContext): Placement[];
  /** Every `mode` `placements` can give: what the footprint's `status=` may ask besides present and planned. */
  placementModes?: readonly string[];
  /** The row as of a day, for what depends on the day within a version (a policy's `inForce`). */
  present?(state: S, asOf: string): V;
  /**
   * The zod schema of a row's value as answered: the state as `present` reads it on a day, with the
   * expectations and the dates in words any row may carry (`rowValue`). The state's type is inferred
   * from the same schema; the OpenAPI document and the page's types are derived from it.
   */
  value: z.ZodType<V & Presented>;
}

/** A projection with its types erased, as the engine holds them. */
export type AnyProjection = Projection<unknown, DevelopmentType>;

export function defineProjection<S, T extends DevelopmentType, V = S>(projection: Projection<S, T, V>): AnyProjection {
  return projection as unknown as AnyProjection;
}

/** The unique non-empty values, in first-seen order. */
export function unique<T>(values: (T | undefined | null)[]): T[] {
  return [...new Set(values.filter((v): v is T => v !== undefined && v !== null))];
}

/** Fails to compile when a switch over development types misses one. */
export function unhandled(value: never): never {
  throw new Error(`unhandled development type ${String((value as { type?: string })?.type ?? value)}`);
}
