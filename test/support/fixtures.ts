import { randomUUID } from 'node:crypto';

export const entities = [
  { entityId: 'org:byd', kind: 'organisation', name: 'BYD', homeCountry: 'CN' },
  { entityId: 'org:catl', kind: 'organisation', name: 'CATL', homeCountry: 'CN' },
  { entityId: 'org:ford', kind: 'organisation', name: 'Ford', homeCountry: 'US' },
  { entityId: 'gov:cn', kind: 'government', name: 'Government of China', homeCountry: 'CN' },
];

const source = { title: 'A report', url: 'https://example.org/report', quote: 'as reported' };

export function facilityOpened(overrides: Record<string, unknown> = {}, data: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    type: 'FacilityOpened',
    date: '2025-07',
    summary: 'BYD opens a plant in Hungary',
    subjects: ['org:byd', 'country:HU'],
    sources: [source],
    data: { facilityId: 'byd-szeged', owner: 'org:byd', kind: 'plant', country: 'HU', ...data },
    ...overrides,
  };
}

export function licensingDeal(overrides: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    type: 'LicensingDealSigned',
    date: '2023',
    summary: 'CATL licenses LFP technology to Ford',
    subjects: ['org:catl', 'org:ford', 'country:US'],
    sources: [source],
    data: {
      dealId: 'catl-ford-lfp',
      licensor: 'org:catl',
      licensee: 'org:ford',
      technology: 'LFP batteries',
      countries: ['US'],
    },
    ...overrides,
  };
}

/** A development no view folds: cheap to record in bulk where a test needs a long log. */
export function meetingHeld(n: number, overrides: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    type: 'MeetingHeld',
    date: '2024-05',
    summary: `Meeting ${n}`,
    subjects: ['org:byd'],
    sources: [source],
    data: { meetingId: `meeting-${n}`, title: `Meeting ${n}`, participants: ['org:byd', 'gov:cn'] },
    ...overrides,
  };
}
