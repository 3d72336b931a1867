import { acquisitions } from './acquisitions.projection.js';
import { agreements } from './agreements.projection.js';
import { facilities } from './facilities.projection.js';
import { investments } from './investments.projection.js';
import { licensing } from './licensing.projection.js';
import { policies } from './policies.projection.js';
import { relationships } from './relationships.projection.js';
import type { AnyProjection } from './projection.js';

export * from './projection.js';
export * from './footprint.js';
export { acquisitions, agreements, facilities, investments, licensing, policies, relationships };

/** Every stored view, by name. `footprint` is derived from their placements when asked. */
export const PROJECTIONS: readonly AnyProjection[] = [
  facilities,
  licensing,
  policies,
  agreements,
  investments,
  acquisitions,
  relationships,
];

/** The views a client can ask for: the stored ones and the derived footprint. */
export const VIEW_NAMES = [...PROJECTIONS.map((p) => p.name), 'footprint'] as const;
