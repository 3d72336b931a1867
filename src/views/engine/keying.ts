import type { DevelopmentState } from '../../../events/index.js';
import type { AnyProjection, ProjectedDevelopment, ProjectionContext } from '../../../projections/index.js';
import type { Member } from './fold.js';
import { projected } from './projected.js';

/**
 * The keys of a view a development version belongs to: none when it is retracted; an error (the
 * development is set aside for that view) when the projection throws. The one keying rule of the
 * incremental and the bulk paths.
 */
export function keysOfVersion(
  projection: AnyProjection,
  state: DevelopmentState,
  context: ProjectionContext,
): { keys: string[]; error?: string } {
  if (state.retracted) return { keys: [] };
  try {
    return { keys: [...new Set(projection.keysOf(projected(state), context))] };
  } catch (error) {
    return { keys: [], error: (error as Error).message };
  }
}

/** A development version as a fold takes it (its state stored as JSON): the one member constructor of both paths. */
export function memberOf(
  seq: number,
  version: { state: string; earliest: string; latest: string; certainFrom: string | null },
): Member {
  return {
    seq,
    earliest: version.earliest,
    latest: version.latest,
    certainFrom: version.certainFrom,
    development: projected(JSON.parse(version.state) as DevelopmentState) as ProjectedDevelopment,
  };
}
