import { z } from 'zod';
import { DEVELOPMENT_TYPE_NAMES, DEVELOPMENT_TYPES, type DevelopmentType } from '../events/index.js';
import type { ProjectedDevelopment, ProjectionContext } from './projection.js';
import { defineProjection, unique } from './projection.js';
import { listOf, rowValue, text } from './row-value.js';

export const RELATIONSHIP_KINDS = ['licence', 'partnership', 'joint-venture', 'ownership', 'acquisition'] as const;
export type RelationshipKind = (typeof RELATIONSHIP_KINDS)[number];
export const PARTY_ROLES = ['licensor', 'licensee', 'partner', 'owner', 'subsidiary', 'acquirer', 'acquired'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

export const relationshipParty = z.strictObject({
  entity: text('An organisation (partners may include governments)'),
  role: z.enum(PARTY_ROLES),
  country: text('Its home country, from the registry').optional(),
});
export type Party = z.infer<typeof relationshipParty>;

/** A licence is signed or terminated, a partnership in force or terminated, an acquisition announced, completed or blocked; an ownership holds. */
export const RELATIONSHIP_STATUSES = [
  'signed',
  'in-force',
  'terminated',
  'announced',
  'completed',
  'blocked',
  'owned',
] as const;

const licence = DEVELOPMENT_TYPES.LicensingDealSigned.data.shape;

/** A relationship between organisations: not presence in a country. */
export const relationshipState = z
  .strictObject({
    relationshipId: text(
      'licence:<deal>, agreement:<agreement or partnership>, acquisition:<id>, ownership:<owner>><subsidiary>',
    ),
    kind: z.enum(RELATIONSHIP_KINDS),
    parties: z.array(relationshipParty),
    technology: licence.technology.optional().describe('Licences: the technology licensed'),
    status: z
      .enum(RELATIONSHIP_STATUSES)
      .describe(
        'signed or terminated (licence), in-force or terminated (partnership, joint venture), ' +
          'announced, completed or blocked (acquisition), owned (ownership)',
      ),
    title: text('Partnerships: what it is for').optional(),
    usedIn: listOf(licence.countries).optional().describe('Licences: where the technology is used, when the deal says'),
  })
  .describe('A relationship between organisations: not presence in a country');
export type Relationship = z.infer<typeof relationshipState>;

/** A row of `relationships` as answered. */
export const relationshipValue = rowValue(relationshipState);
export type RelationshipValue = z.infer<typeof relationshipValue>;

/**
 * Relationships between organisations, as of a date: licensor and licensee, partners and joint
 * ventures (where at least two parties are organisations), acquirer and acquired, owner and
 * subsidiary (from a completed acquisition, and from the registry's `parent` once a development
 * names the subsidiary). A licence, a partnership or an acquisition is not presence: only an
 * ownership places its owner, where the subsidiary is from (the footprint's `subsidiaries`).
 */
export const relationships = defineProjection<Relationship, DevelopmentType>({
  name: 'relationships',
  version: 1,
  // Every type: an ownership from the registry holds from the first development naming the subsidiary.
  handles: DEVELOPMENT_TYPE_NAMES,
  keysOf: (d, context) => unique([...ownKeys(d), ...ownershipKeys(d, context)]),
  evolve: (relationship, d, key, context) => {
    const country = (entity: string) => context.homeCountry(entity);
    const party = (entity: string, role: PartyRole): Party => ({
      entity,
      role,
      ...(country(entity) ? { country: country(entity) } : {}),
    });
    if (key.startsWith('ownership:')) {
      const [owner, subsidiary] = key.slice('ownership:'.length).split('>') as [string, string];
      return {
        relationshipId: key,
        kind: 'ownership',
        parties: [party(owner, 'owner'), party(subsidiary, 'subsidiary')],
        status: 'owned',
      };
    }
    switch (d.type) {
      case 'LicensingDealSigned':
        return {
          relationshipId: key,
          kind: 'licence',
          parties: [party(d.data.licensor, 'licensor'), party(d.data.licensee, 'licensee')],
          technology: d.data.technology,
          status: relationship?.status === 'terminated' ? 'terminated' : 'signed',
          ...(d.data.countries?.length ? { usedIn: d.data.countries } : {}),
        };
      case 'AgreementSigned':
      case 'PartnershipFormed': {
        const jointVenture = d.type === 'PartnershipFormed' && d.data.form === 'joint-venture';
        return {
          relationshipId: key,
          kind: jointVenture ? 'joint-venture' : 'partnership',
          parties: organisations(d.data.parties).map((p) => party(p, 'partner')),
          title: d.type === 'PartnershipFormed' ? d.data.purpose : d.data.title,
          status: relationship?.status === 'terminated' ? 'terminated' : 'in-force',
        };
      }
      case 'LicensingDealTerminated':
      case 'AgreementTerminated':
        return relationship && { ...relationship, status: 'terminated' };
      case 'AcquisitionAnnounced':
      case 'AcquisitionCompleted':
      case 'AcquisitionBlocked':
        return {
          relationshipId: key,
          kind: 'acquisition',
          parties: [party(d.data.acquirer, 'acquirer'), party(d.data.target, 'acquired')],
          status:
            d.type === 'AcquisitionAnnounced'
              ? 'announced'
              : d.type === 'AcquisitionCompleted'
                ? 'completed'
                : 'blocked',
        };
      default:
        return relationship;
    }
  },
  // A subsidiary is its owner's own: the owner is present where the subsidiary is from.
  placements: (r) => {
    const [owner, subsidiary] = r.kind === 'ownership' ? r.parties : [];
    return owner && subsidiary?.country
      ? [{ organisation: owner.entity, country: subsidiary.country, via: 'subsidiary', mode: 'owner' }]
      : [];
  },
  placementModes: ['owner'],
  indexed: (r) => ({
    countries: unique([...r.parties.map((p) => p.country), ...(r.usedIn ?? [])]),
    subjects: r.parties.map((p) => p.entity),
    status: r.status,
    kind: r.kind,
  }),
  statuses: RELATIONSHIP_STATUSES,
  value: relationshipValue,
});

const organisations = (parties: string[]) => parties.filter((p) => p.startsWith('org:'));

/** The relationship a development is itself about, if any. */
function ownKeys(d: ProjectedDevelopment): string[] {
  switch (d.type) {
    case 'LicensingDealSigned':
    case 'LicensingDealTerminated':
      return [`licence:${d.data.dealId}`];
    case 'AgreementSigned':
    case 'PartnershipFormed':
      // Partners are organisations: an agreement between governments is not a relationship here.
      return organisations(d.data.parties).length >= 2
        ? [`agreement:${d.type === 'PartnershipFormed' ? d.data.partnershipId : d.data.agreementId}`]
        : [];
    case 'AgreementTerminated':
      return [`agreement:${d.data.agreementId}`];
    case 'AcquisitionAnnounced':
    case 'AcquisitionBlocked':
      return [`acquisition:${d.data.acquisitionId}`];
    case 'AcquisitionCompleted':
      // A completed acquisition of the whole (or a majority) makes the acquirer the owner.
      return [
        `acquisition:${d.data.acquisitionId}`,
        ...((d.data.stake ?? 100) > 50 ? [ownership(d.data.acquirer, d.data.target)] : []),
      ];
    default:
      return [];
  }
}

/** Owner and subsidiary, from the registry, for each subsidiary the development names. */
function ownershipKeys(d: ProjectedDevelopment, context: ProjectionContext): string[] {
  if (!context.parentOf) return [];
  return d.subjects.flatMap((s) => {
    const parent = s.startsWith('org:') ? context.parentOf!(s) : undefined;
    return parent ? [ownership(parent, s)] : [];
  });
}

const ownership = (owner: string, subsidiary: string) => `ownership:${owner}>${subsidiary}`;
