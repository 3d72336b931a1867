import { z } from 'zod';
import { DEVELOPMENT_TYPES } from '../events/index.js';
import { defineProjection, unhandled } from './projection.js';
import { edtf, listOf, rowValue, text } from './row-value.js';

export const LICENCE_STATUSES = ['signed', 'terminated'] as const;

const signed = DEVELOPMENT_TYPES.LicensingDealSigned.data;

/** A licence: the deal as signed, and whether it has ended. */
export const licensingState = signed.extend({
  status: z.enum(LICENCE_STATUSES),
  signed: edtf('signed'),
  terminated: edtf('terminated').optional(),
  terminationReason: DEVELOPMENT_TYPES.LicensingDealTerminated.data.shape.reason.describe(
    'Why it ended, when the source says',
  ),
  licensorCountry: text("The licensor's home country, from the registry").optional(),
  licenseeCountry: text("The licensee's home country, from the registry").optional(),
  usedIn: listOf(signed.shape.countries).describe(
    'Where the licence is used: the countries the deal names (none inferred from where the licensee is from)',
  ),
});
export type LicensingDeal = z.infer<typeof licensingState>;

/** A row of `licensing` as answered. */
export const licensingValue = rowValue(licensingState);
export type LicensingValue = z.infer<typeof licensingValue>;

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
  value: licensingValue,
});
