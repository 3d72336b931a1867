import { defineProjection, unhandled, unique } from './projection.js';

/** An agreement's kind, which is also its status for `status=`. */
export const AGREEMENT_KINDS = ['agreement', 'partnership'] as const;

export interface Agreement {
  agreementId: string;
  kind: (typeof AGREEMENT_KINDS)[number];
  title: string;
  parties: string[];
  scope?: string;
  signed: string;
  status: 'in-force' | 'terminated';
  terminated?: string;
  terminationReason?: string;
  countries: string[];
}

/** Agreements and partnerships, with their parties. */
export const agreements = defineProjection<Agreement, 'AgreementSigned' | 'PartnershipFormed' | 'AgreementTerminated'>({
  name: 'agreements',
  version: 2,
  handles: ['AgreementSigned', 'PartnershipFormed', 'AgreementTerminated'],
  keysOf: (d) => [d.type === 'PartnershipFormed' ? d.data.partnershipId : d.data.agreementId],
  evolve: (agreement, d, key, context) => {
    switch (d.type) {
      case 'AgreementTerminated':
        return (
          agreement && {
            ...agreement,
            status: 'terminated',
            terminated: d.date.edtf,
            ...(d.data.reason ? { terminationReason: d.data.reason } : {}),
          }
        );
      case 'AgreementSigned':
      case 'PartnershipFormed': {
        const parties = d.data.parties;
        return {
          agreementId: key,
          kind: d.type === 'PartnershipFormed' ? 'partnership' : 'agreement',
          title: d.type === 'PartnershipFormed' ? d.data.purpose : d.data.title,
          parties,
          ...(d.type === 'AgreementSigned' && d.data.scope ? { scope: d.data.scope } : {}),
          signed: d.date.edtf,
          status: agreement?.status === 'terminated' ? 'terminated' : 'in-force',
          ...(agreement?.terminated ? { terminated: agreement.terminated } : {}),
          countries: unique(parties.map((p) => (p.startsWith('country:') ? p.slice(8) : context.homeCountry(p)))),
        };
      }
      default:
        return unhandled(d);
    }
  },
  indexed: (a) => ({
    countries: a.countries,
    subjects: a.parties,
    status: a.kind,
    kind: a.kind,
  }),
  statuses: AGREEMENT_KINDS,
});
