import { z } from 'zod';
import { DEVELOPMENT_TYPES, DOCUMENT_KINDS, POLICY_KINDS, parseEdtf } from '../events/index.js';
import { defineProjection, unhandled, unique } from './projection.js';
import { edtf, listOf, rowValue, text } from './row-value.js';

/** A policy's kind as the view gives it: the kind it was issued as, or `export-control`. */
export const POLICY_VIEW_KINDS = [...POLICY_KINDS, 'export-control'] as const;
export const TARGET_STATUSES = ['pending', 'date-passed'] as const;

const issuedData = DEVELOPMENT_TYPES.PolicyIssued.data.shape;
const imposedData = DEVELOPMENT_TYPES.ExportControlImposed.data.shape;
const target = issuedData.targets.unwrap().element;

/** A policy, plan, law or export control (its id is the policy's or the control's), as issued, amended and ended. */
export const policyState = z.strictObject({
  policyId: issuedData.policyId,
  kind: z.enum(POLICY_VIEW_KINDS).describe("The policy's kind (plan, strategy...), or export-control"),
  title: issuedData.title,
  issuer: issuedData.issuer,
  coIssuers: listOf(issuedData.coIssuers),
  issued: edtf('issued (an export control: imposed)'),
  issuerCountry: text("The issuer's home country, from the registry").optional(),
  jurisdiction: listOf(issuedData.jurisdiction),
  sectors: listOf(issuedData.sectors),
  effective: issuedData.effective.describe('EDTF: the period it is in force, as a source gives it; absent: unknown'),
  targets: z.array(target).describe('Goals it sets, each due by a date'),
  restricts: listOf(imposedData.targets).describe('Export controls: who is restricted'),
  technologies: listOf(imposedData.technologies).describe('Export controls: the technologies restricted'),
  amendments: z.array(
    z.strictObject({
      date: edtf('amended'),
      change: DEVELOPMENT_TYPES.ExportControlAmended.data.shape.change,
    }),
  ),
  ended: edtf('repealed or lifted').optional(),
  endReason: DEVELOPMENT_TYPES.PolicyRepealed.data.shape.reason.describe('Why it ended, when the source says'),
});
export type Policy = z.infer<typeof policyState>;

/** A policy as of the date asked: whether it is in force then, and whether each target's date has passed. */
export const presentedPolicy = policyState.extend({
  targets: z.array(target.extend({ status: z.enum(TARGET_STATUSES) })).describe('Goals it sets, each due by a date'),
  inForce: z
    .boolean()
    .nullable()
    .describe(
      'As of the date: true within the effective period a source gives (not repealed or lifted), false ' +
        'outside it, null when no source gives a period or the policy is a document (a report, a statement)',
    ),
  inForceText: text(
    'The same in words, with the period and issue date as given: "in force 2026-2030, issued 23 October 2025"',
  ),
});
export type PresentedPolicy = z.infer<typeof presentedPolicy>;

/** A row of `policies` as answered. */
export const policyValue = rowValue(presentedPolicy);
export type PolicyValue = z.infer<typeof policyValue>;

type PolicyTypes =
  | 'PolicyIssued'
  | 'PolicyRepealed'
  | 'ExportControlImposed'
  | 'ExportControlAmended'
  | 'ExportControlLifted';

/** Policies, plans, laws and export controls: their issuer, scope, period, targets, and whether they are in force. */
export const policies = defineProjection<Policy, PolicyTypes, PresentedPolicy>({
  name: 'policies',
  version: 3,
  handles: ['PolicyIssued', 'PolicyRepealed', 'ExportControlImposed', 'ExportControlAmended', 'ExportControlLifted'],
  keysOf: (d) => ['policyId' in d.data ? d.data.policyId : d.data.controlId],
  evolve: (policy, d, key, context) => {
    switch (d.type) {
      case 'PolicyIssued':
        return {
          ...emptyPolicy(key, d.date.edtf, d.data.issuer, context.homeCountry(d.data.issuer)),
          ...(policy && { ended: policy.ended, endReason: policy.endReason, amendments: policy.amendments }),
          kind: d.data.kind,
          title: d.data.title,
          coIssuers: d.data.coIssuers ?? [],
          jurisdiction: d.data.jurisdiction ?? [],
          sectors: d.data.sectors ?? [],
          ...(d.data.effective ? { effective: d.data.effective } : {}),
          targets: (d.data.targets ?? []).map((t) => ({ date: t.date, goal: t.goal })),
        };
      case 'ExportControlImposed':
        return {
          ...emptyPolicy(key, d.date.edtf, d.data.issuer, context.homeCountry(d.data.issuer)),
          ...(policy && { ended: policy.ended, endReason: policy.endReason, amendments: policy.amendments }),
          kind: 'export-control',
          title: d.data.title,
          restricts: d.data.targets,
          technologies: d.data.technologies,
        };
      case 'ExportControlAmended':
        return (
          policy && {
            ...policy,
            ...(d.data.title ? { title: d.data.title } : {}),
            ...(d.data.targets ? { restricts: d.data.targets } : {}),
            ...(d.data.technologies ? { technologies: d.data.technologies } : {}),
            amendments: [...policy.amendments, { date: d.date.edtf, change: d.data.change }],
          }
        );
      case 'PolicyRepealed':
      case 'ExportControlLifted':
        return policy && { ...policy, ended: d.date.edtf, ...(d.data.reason ? { endReason: d.data.reason } : {}) };
      default:
        return unhandled(d);
    }
  },
  present: (policy, asOf) => ({
    ...policy,
    ...standing(policy, asOf),
    targets: policy.targets.map((t) => ({ ...t, status: isPast(t.date, asOf) ? 'date-passed' : 'pending' })),
  }),
  indexed: (p) => ({
    countries: unique([
      p.issuerCountry,
      ...p.jurisdiction,
      ...p.restricts.filter((t) => t.startsWith('country:')).map((t) => t.slice(8)),
    ]),
    subjects: unique([p.issuer, ...p.coIssuers, ...p.restricts.filter((t) => !t.startsWith('country:'))]),
    status: p.kind,
    kind: p.kind,
  }),
  // A policy's status is its kind; an export control's is `export-control`.
  statuses: POLICY_VIEW_KINDS,
  value: policyValue,
});

function emptyPolicy(policyId: string, issued: string, issuer: string, issuerCountry: string | undefined): Policy {
  return {
    policyId,
    kind: 'policy',
    title: '',
    issuer,
    coIssuers: [],
    issued,
    ...(issuerCountry ? { issuerCountry } : {}),
    jurisdiction: [],
    sectors: [],
    targets: [],
    restricts: [],
    technologies: [],
    amendments: [],
  };
}

/**
 * Whether a policy is in force on a day, and that in words. Export controls are in force from
 * their imposition until lifted; a policy only within a period some source gives.
 */
function standing(policy: Policy, asOf: string): Pick<PresentedPolicy, 'inForce' | 'inForceText'> {
  const issued = `issued ${words(policy.issued)}`;
  if (policy.ended && endedBy(policy.ended, asOf))
    return { inForce: false, inForceText: `not in force: ended ${words(policy.ended)}, ${issued}` };
  if (policy.kind === 'export-control')
    return { inForce: true, inForceText: `in force, imposed ${words(policy.issued)}` };
  if ((DOCUMENT_KINDS as readonly string[]).includes(policy.kind))
    return { inForce: null, inForceText: `${issued}; a ${policy.kind}, not a rule that is in force` };
  if (!policy.effective) return { inForce: null, inForceText: `${issued}; no source gives when it is in force` };
  const period = parseEdtf(policy.effective, { openEnd: true });
  if (!period.ok) return { inForce: null, inForceText: `${issued}; its period cannot be read` };
  const span = periodWords(policy.effective, period.value.text);
  if (!period.value.openStart && asOf < period.value.earliest)
    return { inForce: false, inForceText: `not yet in force: in force ${span}, ${issued}` };
  if (asOf > period.value.latest)
    return { inForce: false, inForceText: `no longer in force: in force ${span}, ${issued}` };
  return { inForce: true, inForceText: `in force ${span}, ${issued}` };
}

/** A period as a person writes it: `2026/2030` -> "2026-2030", `2026/..` -> "from 2026". */
function periodWords(edtf: string, text: string): string {
  const plainYears = /^(\d{4})\/(\d{4})$/.exec(edtf);
  if (plainYears) return `${plainYears[1]}-${plainYears[2]}`;
  const openEnd = /^(\d{4})\/\.\.$/.exec(edtf);
  if (openEnd) return `from ${openEnd[1]}`;
  return text;
}

function words(date: string): string {
  const parsed = parseEdtf(date, { openEnd: true });
  return parsed.ok ? parsed.value.text : date;
}

/** A repeal takes effect once it has surely happened: from the first day of its date on, it may have. */
function endedBy(ended: string | undefined, asOf: string): boolean {
  if (!ended) return false;
  const date = parseEdtf(ended);
  return date.ok && date.value.earliest <= asOf;
}

function isPast(date: string, asOf: string): boolean {
  const parsed = parseEdtf(date, { openEnd: true });
  return parsed.ok && parsed.value.latest < asOf;
}
