import type { DataOf } from '../events/index.js';
import { defineProjection, unhandled, unique } from './projection.js';

export interface LicensingDeal extends DataOf<'LicensingDealSigned'> {
  status: 'signed' | 'terminated';
  signed: string;
  terminated?: string;
  terminationReason?: string;
  licensorCountry?: string;
  licenseeCountry?: string;
  /** Where the licence is used: the countries the deal names, else the licensee's home country. */
  usedIn: string[];
}

/** Technology licences: who licenses what to whom, and where it is used. */
export const licensing = defineProjection<LicensingDeal, 'LicensingDealSigned' | 'LicensingDealTerminated'>({
  name: 'licensing',
  version: 2,
  handles: ['LicensingDealSigned', 'LicensingDealTerminated'],
  keysOf: (d) => [d.data.dealId],
  evolve: (deal, d, _key, context) => {
    switch (d.type) {
      case 'LicensingDealSigned': {
        const licenseeCountry = context.homeCountry(d.data.licensee);
        return {
          ...d.data,
          status: deal?.status === 'terminated' ? 'terminated' : 'signed',
          signed: d.date.edtf,
          ...(deal?.terminated ? { terminated: deal.terminated } : {}),
          licensorCountry: context.homeCountry(d.data.licensor),
          licenseeCountry,
          usedIn: d.data.countries?.length ? d.data.countries : unique([licenseeCountry]),
        };
      }
      case 'LicensingDealTerminated':
        // A termination of a deal not (yet) known to have been signed leaves no row.
        return (
          deal && {
            ...deal,
            status: 'terminated',
            terminated: d.date.edtf,
            ...(d.data.reason ? { terminationReason: d.data.reason } : {}),
          }
        );
      default:
        return unhandled(d);
    }
  },
  indexed: (deal) => ({ countries: deal.usedIn, subjects: [deal.licensor, deal.licensee], status: deal.status }),
  placements: (deal) =>
    deal.status !== 'signed'
      ? []
      : [
          ...deal.usedIn.map((country) => ({
            organisation: deal.licensor,
            country,
            via: 'licensed-out' as const,
            mode: 'licensor',
          })),
          ...deal.usedIn.map((country) => ({
            organisation: deal.licensee,
            country,
            via: 'licensed-in' as const,
            mode: 'licensee',
          })),
        ],
});
