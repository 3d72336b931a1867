import { z } from 'zod';
import { AcquisitionCompleted } from './types/acquisition-completed.js';
import { AgreementSigned } from './types/agreement-signed.js';
import { ExportControlImposed } from './types/export-control-imposed.js';
import { FacilityAnnounced, FacilityClosed, FacilityConstructionStarted, FacilityOpened } from './types/facility.js';
import { FinancialResultReported } from './types/financial-result-reported.js';
import { InvestmentReported } from './types/investment-reported.js';
import { LicensingDealSigned } from './types/licensing-deal-signed.js';
import { ListingCompleted } from './types/listing-completed.js';
import { MeetingHeld } from './types/meeting-held.js';
import { PartnershipFormed } from './types/partnership-formed.js';
import { PolicyIssued } from './types/policy-issued.js';
import { ProductLaunched } from './types/product-launched.js';

interface TypeEntry {
  readonly description: string;
  readonly data: z.ZodType;
}

/** Every development type the timeline records, with the schema of its `data`. */
export const DEVELOPMENT_TYPES = {
  PolicyIssued: { description: 'A policy, plan, law or strategy was issued.', data: PolicyIssued },
  ExportControlImposed: { description: 'Export of technologies to targets was restricted.', data: ExportControlImposed },
  LicensingDealSigned: { description: 'A technology licence was signed.', data: LicensingDealSigned },
  FacilityAnnounced: { description: 'A facility (plant, R&D centre, data centre, store...) was announced.', data: FacilityAnnounced },
  FacilityConstructionStarted: { description: 'Construction of a facility started.', data: FacilityConstructionStarted },
  FacilityOpened: { description: 'A facility opened or started operating.', data: FacilityOpened },
  FacilityClosed: { description: 'A facility closed.', data: FacilityClosed },
  AcquisitionCompleted: { description: 'An acquisition was completed.', data: AcquisitionCompleted },
  AgreementSigned: { description: 'An agreement, roadmap or joint statement was signed.', data: AgreementSigned },
  PartnershipFormed: { description: 'A partnership, joint venture or joint lab was formed.', data: PartnershipFormed },
  InvestmentReported: { description: 'A figure of an investment series was reported.', data: InvestmentReported },
  MeetingHeld: { description: 'A meeting, summit or dialogue was held.', data: MeetingHeld },
  ListingCompleted: { description: 'A company listed its shares on an exchange.', data: ListingCompleted },
  FinancialResultReported: { description: 'A company reported a financial result.', data: FinancialResultReported },
  ProductLaunched: { description: 'A product was launched.', data: ProductLaunched },
} as const satisfies Record<string, TypeEntry>;

export type DevelopmentType = keyof typeof DEVELOPMENT_TYPES;
export const DEVELOPMENT_TYPE_NAMES = Object.keys(DEVELOPMENT_TYPES) as DevelopmentType[];

export function isDevelopmentType(type: string): type is DevelopmentType {
  return Object.hasOwn(DEVELOPMENT_TYPES, type);
}

/** The stream-level events that follow a development, and entity registration. */
export const LIFECYCLE_TYPES = ['DevelopmentCorrected', 'DevelopmentRetracted', 'EntityRegistered'] as const;
export type LifecycleType = (typeof LIFECYCLE_TYPES)[number];
