import { FACILITY_STATUS, type FacilityStatus } from './facilities.projection.js';
import { dataOf, defineProjection, unique, type ProjectedDevelopment, type ProjectionContext } from './projection.js';

/** How one organisation is present in one country. */
export interface Presence {
  organisation: string;
  country: string;
  facilities: Record<string, { kind: string; status: FacilityStatus }>;
  /** Licences of the organisation's technology used in the country. */
  licensedOut: string[];
  /** Licences the organisation took in the country. */
  licensedIn: string[];
  acquisitions: string[];
  /** Kinds of presence, e.g. `plant:operating`, `licensor`, `acquirer`. */
  modes: string[];
}

const keyOf = (organisation: string, country: string) => `${organisation}@${country}`;

/** The (organisation, country) pairs a development places someone in. */
function placements(d: ProjectedDevelopment, context: ProjectionContext): [string, string][] {
  const data = d.data as Record<string, unknown> & { countries?: string[] };
  switch (d.type) {
    case 'FacilityAnnounced': case 'FacilityConstructionStarted': case 'FacilityOpened': case 'FacilityClosed':
      return [[data.owner as string, data.country as string]];
    case 'LicensingDealSigned': {
      const used = data.countries?.length ? data.countries : unique([context.homeCountry(data.licensee as string)]);
      return [
        ...used.map((c): [string, string] => [data.licensor as string, c]),
        ...used.map((c): [string, string] => [data.licensee as string, c]),
      ];
    }
    case 'AcquisitionCompleted': {
      const country = context.homeCountry(data.target as string);
      return country ? [[data.acquirer as string, country]] : [];
    }
    default:
      return [];
  }
}

/**
 * Who is present where, and how: one row per organisation and country, derived from facilities,
 * licences and acquisitions. Ask by country for who is there, by subject for where one is.
 */
export const footprint = defineProjection<Presence>({
  name: 'footprint',
  version: 1,
  handles: ['FacilityAnnounced', 'FacilityConstructionStarted', 'FacilityOpened', 'FacilityClosed', 'LicensingDealSigned', 'AcquisitionCompleted'],
  keysOf: (d, context) => unique(placements(d, context).map(([org, country]) => keyOf(org, country))),
  evolve: (presence, d, key) => {
    const [organisation, country] = key.split('@') as [string, string];
    const p: Presence = presence
      ? structuredClone(presence)
      : { organisation, country, facilities: {}, licensedOut: [], licensedIn: [], acquisitions: [], modes: [] };
    const data = d.data as Record<string, string>;
    if (d.type in FACILITY_STATUS) {
      p.facilities[data.facilityId!] = { kind: data.kind!, status: FACILITY_STATUS[d.type as keyof typeof FACILITY_STATUS] };
    } else if (d.type === 'LicensingDealSigned') {
      const list = data.licensor === organisation ? p.licensedOut : p.licensedIn;
      if (!list.includes(data.dealId!)) list.push(data.dealId!);
    } else if (d.type === 'AcquisitionCompleted' && !p.acquisitions.includes(data.acquisitionId!)) {
      p.acquisitions.push(data.acquisitionId!);
    }
    p.modes = unique([
      ...Object.values(p.facilities).map((f) => `${f.kind}:${f.status}`),
      p.licensedOut.length ? 'licensor' : undefined,
      p.licensedIn.length ? 'licensee' : undefined,
      p.acquisitions.length ? 'acquirer' : undefined,
    ]).sort();
    return p;
  },
  indexed: (p) => ({ countries: [p.country], subjects: [p.organisation] }),
});
