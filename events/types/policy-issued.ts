import { z } from 'zod';
import { country, edtfDate, party, slug, text } from './common.js';

/** A policy, plan, law or strategy issued by a government or organisation; in force from its date. */
export const PolicyIssued = z.object({
  policyId: slug,
  title: text(300),
  issuer: party,
  kind: z.enum(['policy', 'plan', 'law', 'regulation', 'strategy', 'guideline', 'standard', 'initiative']),
  jurisdiction: z.array(country).min(1).optional(),
  sectors: z.array(text(100)).optional(),
  /** Last period the policy covers, e.g. `2030` for a plan for 2026-2030. */
  validUntil: edtfDate.optional(),
});
