import { z } from 'zod';
import { country, facilityKind, money, party, reason, slug, text } from './common.js';

/**
 * The steps of a facility's life share one shape: the facility is named by `facilityId`, and each
 * step may add what became known at that step (capacity, investment, location).
 */
const facility = z.strictObject({
  facilityId: slug,
  owner: party,
  kind: facilityKind,
  country,
  location: text(200).optional(),
  name: text(200).optional(),
  products: z.array(text(100)).max(50).optional(),
  capacity: text(200).optional(),
  investment: money.optional(),
});

export const FacilityAnnounced = facility;
export const FacilityConstructionStarted = facility;
export const FacilityOpened = facility;
export const FacilityClosed = facility.extend({ reason });
/** A planned facility will not be built (or finished). */
export const FacilityPlanCancelled = facility.extend({ reason });
