import { dataOf, defineProjection, unique } from './projection.js';

interface AgreementData {
  agreementId?: string; partnershipId?: string; title?: string; purpose?: string; parties: string[]; scope?: string;
}

export interface Agreement {
  agreementId: string;
  kind: 'agreement' | 'partnership';
  title: string;
  parties: string[];
  scope?: string;
  signed: string;
  countries: string[];
}

/** Agreements and partnerships, with their parties. */
export const agreements = defineProjection<Agreement>({
  name: 'agreements',
  version: 1,
  handles: ['AgreementSigned', 'PartnershipFormed'],
  keysOf: (d) => [dataOf<AgreementData>(d).agreementId ?? dataOf<AgreementData>(d).partnershipId!],
  evolve: (_agreement, d, key, context) => {
    const data = dataOf<AgreementData>(d);
    return {
      agreementId: key,
      kind: d.type === 'PartnershipFormed' ? 'partnership' : 'agreement',
      title: data.title ?? data.purpose ?? d.summary,
      parties: data.parties,
      ...(data.scope ? { scope: data.scope } : {}),
      signed: d.date.edtf,
      countries: unique(data.parties.map((p) => (p.startsWith('country:') ? p.slice(8) : context.homeCountry(p)))),
    };
  },
  indexed: (a) => ({ countries: a.countries, subjects: a.parties.filter((p) => !p.startsWith('country:')), status: a.kind }),
});
