import type { DataOf } from '../events/index.js';
import { defineProjection, unhandled } from './projection.js';

export const LICENCE_STATUSES = ['signed', 'terminated'] as const;

export interface LicensingDeal extends DataOf<'LicensingDealSigned'> {
  status: (typeof LICENCE_STATUSES)[number];
  signed: string;
  terminated?: string;
  terminationReason?: string;
  licensorCountry?: string;
  licenseeCountry?: string;
  /** Where the licence is used: the countries the deal names (none inferred from where the licensee is from). */
  usedIn: string[];
}

/**
 * Technology licences: who licenses what to whom, and where it is used. A licence places no one in a
 * country: it is a relationship between organisations (the `relationships` view), not presence.
 */
export const licensing = defineProjection<LicensingDeal, 'LicensingDealSigned' | 'LicensingDealTerminated'>({
  name: 'licensing',
  version: 3,
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
          usedIn: d.data.countries ?? [],
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
  statuses: LICENCE_STATUSES,
});
