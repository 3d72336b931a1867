import { dataOf, defineProjection, unique } from './projection.js';

interface PolicyData {
  policyId?: string; controlId?: string; title: string; issuer: string; kind?: string;
  jurisdiction?: string[]; sectors?: string[]; validUntil?: string; targets?: string[]; technologies?: string[];
}

export interface Policy {
  policyId: string;
  kind: string;
  title: string;
  issuer: string;
  issued: string;
  issuerCountry?: string;
  jurisdiction: string[];
  sectors: string[];
  /** Export controls: who is restricted, and in what. */
  targets: string[];
  technologies: string[];
  /** EDTF; the policy is in force until the end of this period. */
  validUntil?: string;
}

/** Policies, plans, laws and export controls, with their issuer and scope. */
export const policies = defineProjection<Policy>({
  name: 'policies',
  version: 1,
  handles: ['PolicyIssued', 'ExportControlImposed'],
  keysOf: (d) => [dataOf<PolicyData>(d).policyId ?? dataOf<PolicyData>(d).controlId!],
  evolve: (_policy, d, key, context) => {
    const data = dataOf<PolicyData>(d);
    return {
      policyId: key,
      kind: d.type === 'ExportControlImposed' ? 'export-control' : (data.kind ?? 'policy'),
      title: data.title,
      issuer: data.issuer,
      issued: d.date.edtf,
      issuerCountry: context.homeCountry(data.issuer),
      jurisdiction: data.jurisdiction ?? [],
      sectors: data.sectors ?? [],
      targets: data.targets ?? [],
      technologies: data.technologies ?? [],
      ...(data.validUntil ? { validUntil: data.validUntil } : {}),
    };
  },
  indexed: (p) => ({
    countries: unique([p.issuerCountry, ...p.jurisdiction, ...p.targets.filter((t) => t.startsWith('country:')).map((t) => t.slice(8))]),
    subjects: unique([p.issuer, ...p.targets.filter((t) => !t.startsWith('country:'))]),
    status: p.kind,
  }),
});
