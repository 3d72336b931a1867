import { parseEdtf } from '../events/index.js';
import { defineProjection, unhandled, unique } from './projection.js';

export interface Policy {
  policyId: string;
  /** The policy's kind (`plan`, `strategy`...), or `export-control`. */
  kind: string;
  title: string;
  issuer: string;
  coIssuers: string[];
  issued: string;
  issuerCountry?: string;
  jurisdiction: string[];
  sectors: string[];
  /** When it is in force (EDTF period); absent: from its issue, with no end. */
  effective?: string;
  /** Goals it sets, each due by a date. */
  targets: { date: string; goal: string; status?: 'pending' | 'date-passed' }[];
  /** Export controls: who is restricted, and in what. */
  restricts: string[];
  technologies: string[];
  amendments: { date: string; change: string }[];
  /** Set once repealed or lifted: the date it stopped. */
  ended?: string;
  endReason?: string;
  /** Filled as of the date asked: within its effective period and not repealed or lifted. */
  inForce?: boolean;
}

type PolicyTypes =
  | 'PolicyIssued'
  | 'PolicyRepealed'
  | 'ExportControlImposed'
  | 'ExportControlAmended'
  | 'ExportControlLifted';

/** Policies, plans, laws and export controls: their issuer, scope, period, targets, and whether they are in force. */
export const policies = defineProjection<Policy, PolicyTypes>({
  name: 'policies',
  version: 2,
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
    inForce: inEffect(policy.effective, asOf) && !endedBy(policy.ended, asOf),
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

/** Within the effective period; an open start means "from its issue", which the row's existence already says. */
function inEffect(effective: string | undefined, asOf: string): boolean {
  if (!effective) return true;
  const period = parseEdtf(effective, { openEnd: true });
  if (!period.ok) return true;
  return (period.value.openStart || period.value.earliest <= asOf) && asOf <= period.value.latest;
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
