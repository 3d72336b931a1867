import type { z } from 'zod';
import { acquisitions, acquisitionValue } from './acquisitions.projection.js';
import { agreements, agreementValue } from './agreements.projection.js';
import { facilities, facilityValue } from './facilities.projection.js';
import { footprintValue } from './footprint.js';
import { investments, investmentValue } from './investments.projection.js';
import { licensing, licensingValue } from './licensing.projection.js';
import { policies, policyValue } from './policies.projection.js';
import type { AnyProjection } from './projection.js';
import { relationships, relationshipValue } from './relationships.projection.js';

export * from './projection.js';
export * from './footprint.js';
export {
  EXPECTATION_STATUSES,
  type Presented,
  presented,
  type RowExpectation,
  rowExpectation,
  rowValue,
} from './row-value.js';
export { acquisitions, agreements, facilities, investments, licensing, policies, relationships };
export type { AcquisitionValue } from './acquisitions.projection.js';
export type { AgreementValue } from './agreements.projection.js';
export type { FacilityValue } from './facilities.projection.js';
export { type InvestmentValue, latestFigure } from './investments.projection.js';
export type { LicensingValue } from './licensing.projection.js';
export type { PolicyValue } from './policies.projection.js';
export type { RelationshipValue } from './relationships.projection.js';

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

/**
 * The zod schema of a row's value in each view: each stored view's is its projection's `value`
 * (the same schema), the footprint's is the one its rows are derived as.
 */
export const ROW_VALUES = {
  facilities: facilityValue,
  licensing: licensingValue,
  policies: policyValue,
  agreements: agreementValue,
  investments: investmentValue,
  acquisitions: acquisitionValue,
  relationships: relationshipValue,
  footprint: footprintValue,
} as const;

/** A view's name. */
export type ViewName = keyof typeof ROW_VALUES;

/** The value of a row of each view, as answered. */
export type RowValues = { [V in ViewName]: z.infer<(typeof ROW_VALUES)[V]> };
