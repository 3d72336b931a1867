import type { Money } from '../events/index.js';
import { dataOf, defineProjection, unique } from './projection.js';

interface DealData {
  dealId: string; licensor: string; licensee: string; technology: string; countries?: string[]; value?: Money;
}

export interface LicensingDeal extends DealData {
  status: 'signed';
  signed: string;
  licensorCountry?: string;
  licenseeCountry?: string;
}

/** Technology licences: who licenses what to whom, and where it is used. */
export const licensing = defineProjection<LicensingDeal>({
  name: 'licensing',
  version: 1,
  handles: ['LicensingDealSigned'],
  keysOf: (d) => [dataOf<DealData>(d).dealId],
  evolve: (_deal, d, _key, context) => {
    const data = dataOf<DealData>(d);
    return {
      ...data, status: 'signed', signed: d.date.edtf,
      licensorCountry: context.homeCountry(data.licensor), licenseeCountry: context.homeCountry(data.licensee),
    };
  },
  indexed: (deal) => ({
    countries: unique([deal.licensorCountry, deal.licenseeCountry, ...(deal.countries ?? [])]),
    subjects: [deal.licensor, deal.licensee],
    status: deal.status,
  }),
});
