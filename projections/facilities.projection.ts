import { z } from 'zod';
import { type DataOf, DEVELOPMENT_TYPES, FACILITY_KINDS } from '../events/index.js';
import { defineProjection, unhandled, unique } from './projection.js';
import { rowValue, steps } from './row-value.js';

export const FACILITY_STATUSES = ['announced', 'under-construction', 'operating', 'closed', 'cancelled'] as const;
export type FacilityStatus = (typeof FACILITY_STATUSES)[number];
type FacilityData = DataOf<'FacilityAnnounced'>;

/** Presence is a facility being built or operating; an announced one is a plan; a closed or cancelled one places no one. */
const places = (status: FacilityStatus) => status !== 'closed' && status !== 'cancelled';

/** A facility: what its steps' data said (each step's data is the announcement's, less a reason), and how far along it is. */
export const facilityState = DEVELOPMENT_TYPES.FacilityAnnounced.data.extend({
  status: z.enum(FACILITY_STATUSES),
  steps: steps(FACILITY_STATUSES),
  closureReason: DEVELOPMENT_TYPES.FacilityClosed.data.shape.reason.describe('Why it closed, when the source says'),
  cancellationReason: DEVELOPMENT_TYPES.FacilityPlanCancelled.data.shape.reason.describe(
    'Why its plan was cancelled, when the source says',
  ),
});
export type Facility = z.infer<typeof facilityState>;

/** A row of `facilities` as answered. */
export const facilityValue = rowValue(facilityState);
export type FacilityValue = z.infer<typeof facilityValue>;

/** Plants, R&D centres, data centres, stores...: where they are, whose, and how far along. */
export const facilities = defineProjection<
  Facility,
  'FacilityAnnounced' | 'FacilityConstructionStarted' | 'FacilityOpened' | 'FacilityClosed' | 'FacilityPlanCancelled'
>({
  name: 'facilities',
  version: 3,
  handles: [
    'FacilityAnnounced',
    'FacilityConstructionStarted',
    'FacilityOpened',
    'FacilityClosed',
    'FacilityPlanCancelled',
  ],
  keysOf: (d) => [d.data.facilityId],
  evolve: (facility, d) => {
    let status: FacilityStatus;
    let reasons: Partial<Facility> = {};
    switch (d.type) {
      case 'FacilityAnnounced':
        status = 'announced';
        break;
      case 'FacilityConstructionStarted':
        status = 'under-construction';
        break;
      case 'FacilityOpened':
        status = 'operating';
        break;
      case 'FacilityClosed':
        status = 'closed';
        reasons = d.data.reason ? { closureReason: d.data.reason } : {};
        break;
      case 'FacilityPlanCancelled':
        status = 'cancelled';
        reasons = d.data.reason ? { cancellationReason: d.data.reason } : {};
        break;
      default:
        return unhandled(d);
    }
    const { reason: _reason, ...data } = d.data as FacilityData & { reason?: string };
    // Later steps add what became known; a field a step leaves out keeps its earlier value.
    const known = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
    return {
      ...facility,
      ...known,
      ...reasons,
      status,
      steps: { ...facility?.steps, [status]: d.date.edtf },
    } as Facility;
  },
  indexed: (f) => ({ countries: [f.country], subjects: unique([f.owner]), status: f.status, kind: f.kind }),
  statuses: FACILITY_STATUSES,
  placements: (f) =>
    places(f.status)
      ? [{ organisation: f.owner, country: f.country, via: 'facility', mode: `${f.kind}:${f.status}` }]
      : [],
  placementModes: FACILITY_KINDS.flatMap((kind) => FACILITY_STATUSES.filter(places).map((s) => `${kind}:${s}`)),
  value: facilityValue,
});
