import { z } from 'zod';
import { DEVELOPMENT_TYPES } from '../events/index.js';
import { defineProjection, unhandled, unique } from './projection.js';
import { edtf, rowValue, text } from './row-value.js';

/** An agreement's kind, which is also its status for `status=`. */
export const AGREEMENT_KINDS = ['agreement', 'partnership'] as const;

const agreement = DEVELOPMENT_TYPES.AgreementSigned.data.shape;

/** An agreement or a partnership (its id is the agreement's or the partnership's), and whether it still holds. */
export const agreementState = z.strictObject({
  agreementId: agreement.agreementId,
  kind: z.enum(AGREEMENT_KINDS),
  title: text("The agreement's title, or what the partnership is for"),
  parties: agreement.parties,
  scope: agreement.scope,
  signed: edtf('signed or formed'),
  status: z.enum(['in-force', 'terminated']),
  terminated: edtf('terminated').optional(),
  terminationReason: DEVELOPMENT_TYPES.AgreementTerminated.data.shape.reason.describe(
    'Why it ended, when the source says',
  ),
  countries: text()
    .array()
    .describe('Where the parties are: the countries named, and the home country of each other party'),
});
export type Agreement = z.infer<typeof agreementState>;

/** A row of `agreements` as answered. */
export const agreementValue = rowValue(agreementState);
export type AgreementValue = z.infer<typeof agreementValue>;

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
  value: agreementValue,
});
