import type { Money } from '../events/index.js';
import { dataOf, defineProjection, unique } from './projection.js';

export type FacilityStatus = 'announced' | 'under-construction' | 'operating' | 'closed';

interface FacilityData {
  facilityId: string; owner: string; kind: string; country: string;
  location?: string; name?: string; products?: string[]; capacity?: string; investment?: Money; reason?: string;
}

export interface Facility extends Omit<FacilityData, 'reason'> {
  status: FacilityStatus;
  /** The date (EDTF, as recorded) of each step the facility has been through. */
  steps: Partial<Record<FacilityStatus, string>>;
  closureReason?: string;
}

export const FACILITY_STATUS = {
  FacilityAnnounced: 'announced',
  FacilityConstructionStarted: 'under-construction',
  FacilityOpened: 'operating',
  FacilityClosed: 'closed',
} as const satisfies Record<string, FacilityStatus>;

/** Plants, R&D centres, data centres, stores...: where they are, whose, and how far along. */
export const facilities = defineProjection<Facility>({
  name: 'facilities',
  version: 1,
  handles: ['FacilityAnnounced', 'FacilityConstructionStarted', 'FacilityOpened', 'FacilityClosed'],
  keysOf: (d) => [dataOf<FacilityData>(d).facilityId],
  evolve: (facility, d) => {
    const { reason, ...data } = dataOf<FacilityData>(d);
    const status = FACILITY_STATUS[d.type as keyof typeof FACILITY_STATUS];
    // Later steps add what became known; a field a step leaves out keeps its earlier value.
    const merged = { ...facility, ...Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)) } as Facility;
    return {
      ...merged,
      status,
      steps: { ...facility?.steps, [status]: d.date.edtf },
      ...(reason ? { closureReason: reason } : {}),
    };
  },
  indexed: (f) => ({ countries: [f.country], subjects: unique([f.owner]), status: f.status }),
});
