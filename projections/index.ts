import { agreements } from './agreements.projection.js';
import { facilities } from './facilities.projection.js';
import { footprint } from './footprint.projection.js';
import { investments } from './investments.projection.js';
import { licensing } from './licensing.projection.js';
import { policies } from './policies.projection.js';
import type { Projection } from './projection.js';

export * from './projection.js';
export { agreements, facilities, footprint, investments, licensing, policies };

/** Every view the service keeps, by name. */
export const PROJECTIONS: readonly Projection[] = [facilities, licensing, policies, agreements, investments, footprint] as Projection[];
