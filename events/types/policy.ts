import { z } from 'zod';
import { country, edtfPeriod, party, reason, slug, text } from './common.js';

export const POLICY_KINDS = [
  'policy',
  'plan',
  'law',
  'regulation',
  'strategy',
  'guideline',
  'standard',
  'initiative',
  'report',
  'statement',
] as const;

/**
 * Kinds that record what was said, not a rule: a congress report, a strategy statement. Such a
 * document is issued; it is never in force.
 */
export const DOCUMENT_KINDS: readonly (typeof POLICY_KINDS)[number][] = ['report', 'statement'];

/** A goal a policy sets, due by a date: "socialist modernization by 2035". */
export const target = z.strictObject({
  date: edtfPeriod,
  goal: text(500),
});

/** A policy, plan, law or strategy issued by a government or organisation. */
export const PolicyIssued = z.strictObject({
  policyId: slug,
  title: text(300),
  issuer: party,
  /** Other issuers of a joint policy. */
  coIssuers: z.array(party).max(20).optional(),
  kind: z.enum(POLICY_KINDS),
  jurisdiction: z.array(country).min(1).max(50).optional(),
  sectors: z.array(text(100)).max(50).optional(),
  /**
   * When it is in force (`2026/2030`, `2026/..`), as a source gives it. Absent: the sources give no
   * period, and whether it is in force is unknown (never assumed).
   */
  effective: edtfPeriod.optional(),
  targets: z.array(target).max(50).optional(),
});

/** A policy stopped being in force before the end of its effective period. */
export const PolicyRepealed = z.strictObject({
  policyId: slug,
  reason,
});
