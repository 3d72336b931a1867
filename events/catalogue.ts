import type { z } from 'zod';
import { AcquisitionAnnounced, AcquisitionBlocked, AcquisitionCompleted } from './types/acquisition.js';
import { AgreementSigned, AgreementTerminated, PartnershipFormed } from './types/agreement.js';
import { ExportControlAmended, ExportControlImposed, ExportControlLifted } from './types/export-control.js';
import {
  FacilityAnnounced,
  FacilityClosed,
  FacilityConstructionStarted,
  FacilityOpened,
  FacilityPlanCancelled,
} from './types/facility.js';
import { InvestmentReported } from './types/investment-reported.js';
import { LicensingDealSigned, LicensingDealTerminated } from './types/licensing.js';
import { FinancialResultReported, ListingCompleted, MeetingHeld, ProductLaunched } from './types/other.js';
import { PolicyIssued, PolicyRepealed } from './types/policy.js';

interface TypeEntry {
  readonly description: string;
  readonly data: z.ZodType;
}

/** Every development type the timeline records, with the schema of its `data`. */
export const DEVELOPMENT_TYPES = {
  PolicyIssued: { description: 'A policy, plan, law or strategy was issued.', data: PolicyIssued },
  PolicyRepealed: {
    description: 'A policy was repealed before the end of its effective period.',
    data: PolicyRepealed,
  },
  ExportControlImposed: {
    description: 'Export of technologies to targets was restricted.',
    data: ExportControlImposed,
  },
  ExportControlAmended: { description: 'An export control was changed.', data: ExportControlAmended },
  ExportControlLifted: { description: 'An export control was lifted.', data: ExportControlLifted },
  LicensingDealSigned: { description: 'A technology licence was signed.', data: LicensingDealSigned },
  LicensingDealTerminated: { description: 'A technology licence ended.', data: LicensingDealTerminated },
  FacilityAnnounced: {
    description: 'A facility (plant, R&D centre, data centre, store...) was announced.',
    data: FacilityAnnounced,
  },
  FacilityConstructionStarted: {
    description: 'Construction of a facility started.',
    data: FacilityConstructionStarted,
  },
  FacilityOpened: { description: 'A facility opened or started operating.', data: FacilityOpened },
  FacilityClosed: { description: 'A facility closed.', data: FacilityClosed },
  FacilityPlanCancelled: { description: 'A planned facility was cancelled.', data: FacilityPlanCancelled },
  AcquisitionAnnounced: { description: 'An acquisition was announced.', data: AcquisitionAnnounced },
  AcquisitionCompleted: { description: 'An acquisition was completed.', data: AcquisitionCompleted },
  AcquisitionBlocked: { description: 'An acquisition was blocked.', data: AcquisitionBlocked },
  AgreementSigned: { description: 'An agreement, roadmap or joint statement was signed.', data: AgreementSigned },
  AgreementTerminated: { description: 'An agreement ended.', data: AgreementTerminated },
  PartnershipFormed: { description: 'A partnership, joint venture or joint lab was formed.', data: PartnershipFormed },
  InvestmentReported: {
    description: 'A figure of an investment series (money or a quantity) was reported.',
    data: InvestmentReported,
  },
  MeetingHeld: { description: 'A meeting, summit or dialogue was held.', data: MeetingHeld },
  ListingCompleted: { description: 'A company listed its shares on an exchange.', data: ListingCompleted },
  FinancialResultReported: { description: 'A company reported a financial result.', data: FinancialResultReported },
  ProductLaunched: { description: 'A product was launched.', data: ProductLaunched },
} as const satisfies Record<string, TypeEntry>;

export type DevelopmentType = keyof typeof DEVELOPMENT_TYPES;
export const DEVELOPMENT_TYPE_NAMES = Object.keys(DEVELOPMENT_TYPES) as DevelopmentType[];

/** The `data` of a development of type T, as the catalogue validated it. */
export type DataOf<T extends DevelopmentType> = z.infer<(typeof DEVELOPMENT_TYPES)[T]['data']>;

/** `{type, data}` pairs of every development type: switching on `type` narrows `data`. */
export type TypedData = { [T in DevelopmentType]: { type: T; data: DataOf<T> } }[DevelopmentType];

export function isDevelopmentType(type: string): type is DevelopmentType {
  return Object.hasOwn(DEVELOPMENT_TYPES, type);
}

/** The stream-level events that follow a development, and entity registration. */
export const LIFECYCLE_TYPES = ['DevelopmentCorrected', 'DevelopmentRetracted', 'EntityRegistered'] as const;
export type LifecycleType = (typeof LIFECYCLE_TYPES)[number];
